/**
 * The one resource table view (k9s' generic table, STYLE §2.11): any kind, fed by the cluster
 * cache into a TableModel (kept by the app across drill-ins, so esc returns to the same row),
 * rendered at most 20 times a second when a change reaches the rows on screen, keys dispatched by
 * scope. AGE and the "(5s ago)" of RESTARTS are checked once a second and redrawn only when they
 * moved. `v` splits the screen: the table above, the selected pod's logs (other kinds: its events)
 * below. A chunk of keys (`jj`) runs key by key.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useReducer } from 'react';
import { keyOf } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import { Table } from '../components/table.js';
import type { PromptRequest } from '../components/prompt.js';
import { tableScopes } from '../keys/bindings.js';
import { commandFor, hintsFor, isRepeatable, keyNames } from '../keys/dispatch.js';
import type { ClusterCache } from '../state/cluster-cache.js';
import { refOf, targetOf, titleOf, type TableView, type ViewSpec } from '../state/navigation.js';
import type { OpenShell } from '../state/shell-command.js';
import type { TableModel } from '../state/table-model.js';
import { createThrottle } from '../state/throttle.js';
import { EventsPane } from './events-pane.js';
import { LogsView } from './logs.js';
import { runTableCommand, type AppCommand, type NodeAction } from './table-commands.js';
import type { ViewProps } from './view-props.js';

/** AGE ("45s") and RESTARTS ("2 (5s ago)") can move every second. */
const ageCheckMs = 1000;

/** What kubectl prints for an empty list: `No resources found in default namespace.` */
function noResourcesText(view: TableView): string {
  return view.resource.namespaced && view.namespace ? `No resources found in ${view.namespace} namespace.` : 'No resources found';
}

export interface ResourceTableViewProps extends ViewProps {
  cache: ClusterCache;
  clock: Clock;
  view: TableView;
  model: TableModel;
  isSplit?: boolean;
  ask(request: PromptRequest): void;
  open(view: ViewSpec): void;
  app(command: AppCommand): void;
  nodeAction?(name: string, action: NodeAction): Promise<void>;
  openShell?: OpenShell;
}

function useTableFeed(cache: ClusterCache, clock: Clock, view: TableView, model: TableModel): number {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const throttle = createThrottle(clock, bump);
    const spec = { ref: refOf(view.resource), namespace: view.namespace, labelSelector: view.labelSelector, fieldSelector: view.fieldSelector };
    const unsubscribe = cache.subscribe(spec, {
      // Only changes that reach the rows on screen cost a frame (table-model.ts upsert).
      onAdd: (obj) => model.upsert(obj) && throttle.notify(),
      onUpdate: (_, obj) => model.upsert(obj) && throttle.notify(),
      onDelete: (obj) => model.remove(obj) && throttle.notify(),
      onSynced: () => {
        // A model kept from an earlier visit may hold rows deleted while it was not watching.
        model.retainOnly(new Set(cache.list(spec).map((o) => keyOf(o))));
        model.markSynced();
        throttle.notify();
      },
    });
    // Time alone moves AGE, highlights and lingering rows: look once a second, draw only if needed.
    const tick = clock.every(ageCheckMs, () => model.isWindowStale() && bump());
    return () => {
      tick.cancel();
      throttle.cancel();
      unsubscribe();
    };
  }, [cache, clock, view, model]);
  return version;
}

export function ResourceTableView(props: ResourceTableViewProps) {
  const { view, model, width, height, isActive, clock } = props;
  const version = useTableFeed(props.cache, clock, view, model);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const scopes = useMemo(() => tableScopes(view.resource.resource), [view]);
  const localScopes = useMemo(() => scopes.filter((s) => s !== 'global'), [scopes]);

  useEffect(() => props.setHints(hintsFor(scopes)), [scopes]); // eslint-disable-line react-hooks/exhaustive-deps

  const isSplit = Boolean(props.isSplit);
  const tableHeight = isSplit ? Math.max(3, Math.floor(height / 2)) : height;
  const pageSize = Math.max(1, tableHeight - 3);

  useInput(
    (input, key) => {
      // A chunk of keys (`jj`) runs key by key, until one opens a prompt or another view.
      for (const name of keyNames(input, key)) {
        const id = commandFor(localScopes, name);
        if (!id) continue;
        runTableCommand(id, name, { ...props, model, view, client: props.client, clock, pageSize });
        if (!isRepeatable(id)) break;
      }
      bump();
    },
    { isActive },
  );

  const window = model.window(Math.max(0, tableHeight - 1));
  const filter = model.filterText;
  const title = ` ${titleOf(view)}[${window.total}]${filter ? `  </${filter}>` : ''}${model.isWide ? '  (wide)' : ''} `;
  const selected = isSplit ? model.selected() : undefined;
  void version;
  // The pane below follows the selection and never takes the keys: the table keeps them.
  const paneProps = { client: props.client, clock, width, height: height - tableHeight, isActive: false, flash: props.flash, back: () => undefined, setHints: () => undefined };
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text color="#00FFFF" bold wrap="truncate">
        {title.slice(0, width)}
      </Text>
      <Table window={window} width={width} height={tableHeight - 1} emptyText={model.size > 0 ? undefined : model.isLoaded ? noResourcesText(view) : ' loading…'} />
      {isSplit && selected ? (
        view.resource.resource === 'pods' ? (
          <LogsView key={keyOf(selected)} {...paneProps} target={targetOf(view, selected)} />
        ) : (
          <EventsPane key={keyOf(selected)} {...paneProps} target={targetOf(view, selected)} />
        )
      ) : null}
    </Box>
  );
}

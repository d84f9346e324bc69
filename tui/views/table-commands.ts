/**
 * What each table command does (k9s' per-view actions): moving the cursor, sorting, filtering,
 * opening describe/yaml/logs or a drilled-in table, and the actions that change the cluster
 * (delete, kill, scale, restart, set image, cordon, drain, node kill/start), each behind a
 * confirmation or a prompt where k9s asks. Failures go to the flash as kubectl words them.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient } from '../../shared/client/client.js';
import type { Clock } from '../../shared/clock.js';
import type { PromptRequest } from '../components/prompt.js';
import type { CommandId } from '../keys/commands.js';
import { errorText } from '../state/api-error-text.js';
import { drillIn, targetOf, type TableView, type ViewSpec } from '../state/navigation.js';
import { cordonNode, deleteObjects, drainNode, parseReplicas, resourcePrefix, restartObject, scaleObject, setImage } from '../state/object-actions.js';
import { defaultShellContainer, shellContainers, type OpenShell, type ShellTarget } from '../state/shell-command.js';
import type { TableModel } from '../state/table-model.js';

export type NodeAction = 'kill' | 'start';

/** Commands the table hands up to the app: they change navigation, not the table. */
export type AppCommand = { type: 'back' } | { type: 'historyBack' } | { type: 'historyForward' } | { type: 'namespace'; namespace: string | undefined; open?: boolean } | { type: 'favourite'; index: number } | { type: 'quit' } | { type: 'split' };

export interface TableCommandContext {
  model: TableModel;
  view: TableView;
  client: ApiClient;
  clock: Clock;
  /** Rows in one page (ctrl-f, ctrl-b). */
  pageSize: number;
  flash(message: string, level?: 'info' | 'warn' | 'error'): void;
  ask(request: PromptRequest): void;
  open(view: ViewSpec): void;
  app(command: AppCommand): void;
  nodeAction?(name: string, action: NodeAction): Promise<void>;
  /** Hands the terminal to a shell (tui/terminal-handoff.ts); absent where there is no terminal. */
  openShell?: OpenShell;
}

const sortColumns: Partial<Record<CommandId, string>> = {
  'table.sortName': 'NAME',
  'table.sortAge': 'AGE',
  'table.sortStatus': 'STATUS',
  'table.sortNamespace': 'NAMESPACE',
  'table.sortReady': 'READY',
  'table.sortRestarts': 'RESTARTS',
};

/** Runs a promise-returning action; its line or its error goes to the flash. Never throws. */
function act(ctx: TableCommandContext, action: () => Promise<string>): void {
  action().then(
    (line) => ctx.flash(line, 'info'),
    (err: unknown) => ctx.flash(errorText(err), 'error'),
  );
}

/** `s`: a shell in the pod (asking which container when it has several) or on the node. */
function openShell(ctx: TableCommandContext, selected: Readonly<KubeObject>): void {
  const open = ctx.openShell;
  if (!open) return ctx.flash('a shell needs the TUI running in a terminal', 'warn');
  const run = (target: ShellTarget): void => {
    const outcome = open(target);
    ctx.flash(outcome.text, outcome.level);
  };
  const name = selected.metadata.name ?? '';
  if (selected.kind === 'Node' || ctx.view.resource.resource === 'nodes') return run({ type: 'node', node: name });
  const namespace = selected.metadata.namespace ?? 'default';
  const containers = shellContainers(selected);
  const initial = defaultShellContainer(selected);
  if (containers.length <= 1 || initial === undefined) return run({ type: 'pod', namespace, pod: name, container: initial ?? '' });
  ctx.ask({ type: 'line', prefix: `Shell in container (${containers.join(', ')}): `, initial, onSubmit: (text) => {
    const container = text.trim();
    if (!containers.includes(container)) return ctx.flash(`container ${container} is not valid for pod ${name}`, 'error');
    run({ type: 'pod', namespace, pod: name, container });
  } });
}

function names(objects: readonly Readonly<KubeObject>[]): string {
  const shown = objects.slice(0, 3).map((o) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name));
  return objects.length > 3 ? `${shown.join(', ')} and ${objects.length - 3} more` : shown.join(', ');
}

/** Runs a command on the table; `key` is the key pressed (for `1`–`9`). Returns false when not handled. */
export function runTableCommand(id: CommandId, key: string, ctx: TableCommandContext): boolean {
  const { model, view } = ctx;
  const selected = model.selected();
  const info = view.resource;
  switch (id) {
    case 'nav.up': model.moveSelection(-1); return true;
    case 'nav.down': model.moveSelection(1); return true;
    case 'nav.top': model.selectFirst(); return true;
    case 'nav.bottom': model.selectLast(); return true;
    case 'nav.pageDown': model.moveSelection(ctx.pageSize); return true;
    case 'nav.pageUp': model.moveSelection(-ctx.pageSize); return true;
    case 'nav.back': ctx.app({ type: 'back' }); return true;
    case 'nav.historyBack': ctx.app({ type: 'historyBack' }); return true;
    case 'nav.historyForward': ctx.app({ type: 'historyForward' }); return true;
    case 'ns.all': ctx.app({ type: 'namespace', namespace: undefined }); return true;
    case 'ns.favourite': ctx.app({ type: 'favourite', index: Number(key) }); return true;
    case 'app.quit': ctx.app({ type: 'quit' }); return true;
    case 'view.split': ctx.app({ type: 'split' }); return true;
    case 'table.wide': model.setWide(!model.isWide); return true;
    case 'table.mark': model.toggleMark(); model.moveSelection(1); return true;
    case 'app.filter':
      ctx.ask({ type: 'line', prefix: '/', initial: model.filterText, onSubmit: (text) => {
        const error = model.setFilter(text);
        if (error) ctx.flash(error, 'error');
      } });
      return true;
    default:
  }
  const column = sortColumns[id];
  if (column) {
    const error = model.sortBy(column);
    if (error) ctx.flash(error, 'warn');
    return true;
  }
  if (!selected) {
    ctx.flash(`no ${info.resource} selected`, 'warn');
    return true;
  }
  const target = targetOf(view, selected);
  const name = selected.metadata.name ?? '';
  switch (id) {
    case 'nav.enter': {
      if (info.resource === 'namespaces') ctx.app({ type: 'namespace', namespace: name, open: true });
      else ctx.open(drillIn(view, selected) ?? { type: 'describe', target });
      return true;
    }
    case 'view.describe': ctx.open({ type: 'describe', target }); return true;
    case 'view.yaml': ctx.open({ type: 'yaml', target }); return true;
    case 'secret.decode': ctx.open({ type: 'decode', target }); return true;
    case 'pod.logs': ctx.open({ type: 'logs', target }); return true;
    case 'pod.previousLogs': ctx.open({ type: 'logs', target, previous: true }); return true;
    case 'workload.xray': ctx.open({ type: 'xray', ref: target.ref, namespace: target.namespace }); return true;
    case 'node.rules': ctx.open({ type: 'rules', node: name }); return true;
    case 'pod.shell':
    case 'node.shell': openShell(ctx, selected); return true;
    case 'object.delete':
    case 'object.kill': {
      const objects = model.targets();
      const isKill = id === 'object.kill';
      ctx.ask({ type: 'confirm', question: `${isKill ? 'Kill' : 'Delete'} ${resourcePrefix(info)} ${names(objects)}?`, onYes: () => {
        model.clearMarks();
        act(ctx, () => deleteObjects(ctx.client, info, objects, { isKill }));
      } });
      return true;
    }
    case 'workload.scale':
      ctx.ask({ type: 'line', prefix: `Scale ${resourcePrefix(info)}/${name} to replicas: `, initial: String(selected.spec?.replicas ?? ''), onSubmit: (text) => {
        const replicas = parseReplicas(text);
        if (typeof replicas === 'string') return ctx.flash(replicas, 'error');
        act(ctx, () => scaleObject(ctx.client, info, selected, replicas));
      } });
      return true;
    case 'workload.restart':
      ctx.ask({ type: 'confirm', question: `Restart ${resourcePrefix(info)}/${name}?`, onYes: () => act(ctx, () => restartObject(ctx.client, info, selected, ctx.clock.now())) });
      return true;
    case 'workload.setImage': {
      const containers: { name: string; image?: string }[] = selected.spec?.template?.spec?.containers ?? [];
      const initial = containers.length === 1 ? containers[0]!.image ?? '' : containers.map((c) => `${c.name}=${c.image}`)[0] ?? '';
      ctx.ask({ type: 'line', prefix: 'Image ([container=]image): ', initial, onSubmit: (text) => act(ctx, () => setImage(ctx.client, info, selected, text)) });
      return true;
    }
    case 'node.cordon': act(ctx, () => cordonNode(ctx.client, selected, true)); return true;
    case 'node.uncordon': act(ctx, () => cordonNode(ctx.client, selected, false)); return true;
    case 'node.drain':
      ctx.ask({ type: 'confirm', question: `Drain node/${name} (cordon, then evict its pods)?`, onYes: () => act(ctx, () => drainNode(ctx.client, selected)) });
      return true;
    case 'node.kill':
    case 'node.start': {
      const action: NodeAction = id === 'node.kill' ? 'kill' : 'start';
      const nodeAction = ctx.nodeAction;
      if (!nodeAction) return ctx.flash('node kill and start need a kubelab daemon', 'warn'), true;
      const run = (): void => act(ctx, async () => {
        await nodeAction(name, action);
        return action === 'kill' ? `node ${name} killed (its kubelet and containers stopped)` : `node ${name} started`;
      });
      if (action === 'kill') ctx.ask({ type: 'confirm', question: `Kill node ${name}? Its machine dies: kubelet and containers stop`, onYes: run });
      else run();
      return true;
    }
    default:
      return false;
  }
}

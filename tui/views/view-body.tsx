/**
 * Mounts the view for a ViewSpec in the app's body: the resource table, or the views of
 * tui-views (describe, yaml, a Secret decoded, logs, cluster map, xray, kube-proxy rules) and help.
 */
import type { Clock } from '../../shared/clock.js';
import type { PromptRequest } from '../components/prompt.js';
import type { Scope } from '../keys/bindings.js';
import type { ClusterCache } from '../state/cluster-cache.js';
import type { ViewSpec } from '../state/navigation.js';
import type { OpenShell } from '../state/shell-command.js';
import type { TableModel } from '../state/table-model.js';
import { ClusterMapView } from './cluster-map.js';
import { DescribeView } from './describe.js';
import { HelpView } from './help.js';
import { LabPanel } from './lab-panel.js';
import { LogsView } from './logs.js';
import { ResourceTableView } from './resource-table.js';
import { RulesView } from './rules.js';
import { SecretDecodeView } from './secret-decode.js';
import type { AppCommand, NodeAction } from './table-commands.js';
import type { ViewProps } from './view-props.js';
import { XrayView } from './xray.js';
import { YamlView } from './yaml.js';

export interface ViewBodyProps extends ViewProps {
  spec: ViewSpec;
  cache: ClusterCache;
  clock: Clock;
  /** The table model of a table spec (kept by the app across visits). */
  modelFor(spec: ViewSpec): TableModel | undefined;
  /** The scopes of the view below help, for `?`. */
  helpScopes: readonly Scope[];
  isSplit: boolean;
  ask(request: PromptRequest): void;
  open(view: ViewSpec): void;
  app(command: AppCommand): void;
  nodeAction?(name: string, action: NodeAction): Promise<void>;
  openShell?: OpenShell;
}

export function ViewBody(props: ViewBodyProps) {
  const { spec, modelFor, helpScopes, isSplit, cache, ask, open, app, nodeAction, openShell, ...view } = props;
  switch (spec.type) {
    case 'table':
      return <ResourceTableView {...view} cache={cache} view={spec} model={modelFor(spec)!} isSplit={isSplit} ask={ask} open={open} app={app} nodeAction={nodeAction} openShell={openShell} />;
    case 'describe':
      return <DescribeView {...view} target={spec.target} />;
    case 'yaml':
      return <YamlView {...view} target={spec.target} />;
    case 'decode':
      return <SecretDecodeView {...view} target={spec.target} />;
    case 'logs':
      return <LogsView {...view} target={spec.target} container={spec.container} previous={spec.previous} />;
    case 'map':
      return <ClusterMapView {...view} />;
    case 'xray':
      return <XrayView {...view} ref={spec.ref} namespace={spec.namespace} />;
    case 'help':
      return <HelpView {...view} scopes={helpScopes} />;
    case 'rules':
      return <RulesView {...view} node={spec.node} />;
    case 'lab':
      return <LabPanel {...view} />;
  }
}

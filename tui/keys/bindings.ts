/**
 * Which key runs which command, per scope (k9s declares its keys per view the same way). A table
 * of pods is in scopes `global`, `table`, `pods`; a deployment table in `global`, `table`,
 * `workloads`, `scalable`; the most specific scope wins. Help and hints are generated from this.
 */
import type { CommandId } from './commands.js';

export type Scope = 'global' | 'table' | 'pods' | 'workloads' | 'scalable' | 'nodes' | 'secrets';

export interface Binding {
  scope: Scope;
  /** Key names as dispatch.ts normalises them: `j`, `down`, `ctrl-d`, `shift-n`, `enter`, `esc`, `space`. */
  keys: string[];
  command: CommandId;
  /** Left out of the header's hints (still in `?` help). */
  isQuiet?: boolean;
}

export const bindings: readonly Binding[] = [
  { scope: 'global', keys: [':'], command: 'app.command' },
  { scope: 'global', keys: ['?'], command: 'app.help' },
  { scope: 'global', keys: ['ctrl-c'], command: 'app.quit', isQuiet: true },
  { scope: 'table', keys: ['q'], command: 'app.quit', isQuiet: true },
  { scope: 'table', keys: ['/'], command: 'app.filter' },
  { scope: 'table', keys: ['k', 'up'], command: 'nav.up', isQuiet: true },
  { scope: 'table', keys: ['j', 'down'], command: 'nav.down', isQuiet: true },
  { scope: 'table', keys: ['g', 'home'], command: 'nav.top', isQuiet: true },
  { scope: 'table', keys: ['shift-g', 'end'], command: 'nav.bottom', isQuiet: true },
  { scope: 'table', keys: ['ctrl-f', 'pagedown'], command: 'nav.pageDown', isQuiet: true },
  { scope: 'table', keys: ['ctrl-b', 'pageup'], command: 'nav.pageUp', isQuiet: true },
  { scope: 'table', keys: ['enter'], command: 'nav.enter' },
  { scope: 'table', keys: ['esc'], command: 'nav.back', isQuiet: true },
  { scope: 'table', keys: ['['], command: 'nav.historyBack', isQuiet: true },
  { scope: 'table', keys: [']'], command: 'nav.historyForward', isQuiet: true },
  { scope: 'table', keys: ['0'], command: 'ns.all', isQuiet: true },
  { scope: 'table', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], command: 'ns.favourite', isQuiet: true },
  { scope: 'table', keys: ['ctrl-w'], command: 'table.wide' },
  { scope: 'table', keys: ['space'], command: 'table.mark', isQuiet: true },
  { scope: 'table', keys: ['shift-n'], command: 'table.sortName', isQuiet: true },
  { scope: 'table', keys: ['shift-a'], command: 'table.sortAge', isQuiet: true },
  { scope: 'table', keys: ['shift-s'], command: 'table.sortStatus', isQuiet: true },
  { scope: 'table', keys: ['shift-p'], command: 'table.sortNamespace', isQuiet: true },
  { scope: 'table', keys: ['shift-r'], command: 'table.sortReady', isQuiet: true },
  { scope: 'table', keys: ['shift-t'], command: 'table.sortRestarts', isQuiet: true },
  { scope: 'table', keys: ['d'], command: 'view.describe' },
  { scope: 'table', keys: ['y'], command: 'view.yaml' },
  { scope: 'table', keys: ['ctrl-d'], command: 'object.delete' },
  { scope: 'pods', keys: ['ctrl-k'], command: 'object.kill' },
  { scope: 'pods', keys: ['l'], command: 'pod.logs' },
  { scope: 'pods', keys: ['p'], command: 'pod.previousLogs' },
  { scope: 'pods', keys: ['s'], command: 'pod.shell' },
  { scope: 'table', keys: ['v'], command: 'view.split' },
  { scope: 'workloads', keys: ['r'], command: 'workload.restart' },
  { scope: 'workloads', keys: ['i'], command: 'workload.setImage' },
  { scope: 'workloads', keys: ['x'], command: 'workload.xray' },
  { scope: 'scalable', keys: ['s'], command: 'workload.scale' },
  // Only here are a Secret's values printed: describe shows sizes and YAML base64, as kubectl.
  { scope: 'secrets', keys: ['x'], command: 'secret.decode' },
  { scope: 'nodes', keys: ['c'], command: 'node.cordon' },
  { scope: 'nodes', keys: ['u'], command: 'node.uncordon' },
  { scope: 'nodes', keys: ['r'], command: 'node.drain' },
  // Start pairs with kill on ctrl (raw mode turns the tty's XOFF off, so ctrl-s reaches the TUI);
  // `s` is the shell on pods and nodes alike, as in k9s.
  { scope: 'nodes', keys: ['ctrl-k'], command: 'node.kill' },
  { scope: 'nodes', keys: ['ctrl-s'], command: 'node.start' },
  { scope: 'nodes', keys: ['s'], command: 'node.shell' },
  { scope: 'nodes', keys: ['shift-r'], command: 'node.rules' },
];

/** The scopes of a table of `resource` (plural), most general first. */
export function tableScopes(resource: string): Scope[] {
  const scopes: Scope[] = ['global', 'table'];
  if (resource === 'pods') scopes.push('pods');
  if (['deployments', 'statefulsets', 'daemonsets'].includes(resource)) scopes.push('workloads');
  if (['deployments', 'statefulsets', 'replicasets', 'replicationcontrollers'].includes(resource)) scopes.push('scalable');
  if (resource === 'nodes') scopes.push('nodes');
  if (resource === 'secrets') scopes.push('secrets');
  return scopes;
}

/**
 * Every command the TUI offers, by dotted id with a one-line description (STYLE §2.5): the `?`
 * help screen and the header's key hints are generated from these, never written by hand.
 */

export const commands = {
  'app.command': 'Command mode (:po, :deploy, :svc, :no, :ns, :ev, :map, :xray deploy, :q)',
  'app.filter': 'Filter rows (/regex, /!inverse, /-l app=web)',
  'app.help': 'Help',
  'app.quit': 'Quit (the daemon keeps running)',
  'nav.up': 'Up',
  'nav.down': 'Down',
  'nav.top': 'Top',
  'nav.bottom': 'Bottom',
  'nav.pageDown': 'Page down',
  'nav.pageUp': 'Page up',
  'nav.enter': 'Open (pods of a workload or node, endpoints of a service)',
  'nav.back': 'Back',
  'nav.historyBack': 'Previous command',
  'nav.historyForward': 'Next command',
  'ns.all': 'All namespaces',
  'ns.favourite': 'Favourite namespace',
  'table.wide': 'Toggle wide columns',
  'table.mark': 'Mark row',
  'table.sortName': 'Sort by NAME',
  'table.sortAge': 'Sort by AGE',
  'table.sortStatus': 'Sort by STATUS',
  'table.sortNamespace': 'Sort by NAMESPACE',
  'table.sortReady': 'Sort by READY',
  'table.sortRestarts': 'Sort by RESTARTS',
  'view.describe': 'Describe',
  'view.yaml': 'YAML',
  'view.split': 'Split: logs or events of the selection below',
  'object.delete': 'Delete',
  'object.kill': 'Kill (delete now, grace period 0)',
  'pod.logs': 'Logs',
  'pod.previousLogs': 'Previous logs',
  'pod.shell': 'Shell (kubectl exec -it, bash or sh)',
  'workload.scale': 'Scale',
  'workload.restart': 'Restart (rollout restart)',
  'workload.setImage': 'Set image',
  'workload.xray': 'Xray tree',
  'secret.decode': 'Decode (the data values in plain text, as k9s)',
  'node.cordon': 'Cordon',
  'node.uncordon': 'Uncordon',
  'node.drain': 'Drain',
  'node.kill': 'Kill node (its machine dies)',
  'node.start': 'Start node',
  'node.shell': 'Shell on the node (kubelab node shell)',
  'node.rules': 'kube-proxy rules',
} as const;

export type CommandId = keyof typeof commands;

export function describeCommand(id: CommandId): string {
  return commands[id];
}

// Navigation: `:` commands and their aliases, the view stack, history, namespaces and drill-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import { parseCommandLine } from '../../../tui/state/command-line.js';
import { resolveAlias } from '../../../tui/state/aliases.js';
import { drillIn, Navigation, titleOf, type TableView, type ViewSpec } from '../../../tui/state/navigation.js';

function table(command: string, namespace: string | undefined = 'default'): TableView {
  const result = parseCommandLine(command, namespace);
  assert.equal(result.type, 'view', JSON.stringify(result));
  const view = (result as { view: ViewSpec }).view;
  assert.equal(view.type, 'table');
  return view as TableView;
}

test('aliases: API short names, plurals, singulars, kinds and k9s extras', () => {
  const cases: Array<[string, string]> = [
    ['po', 'pods'], ['pod', 'pods'], ['pods', 'pods'], ['deploy', 'deployments'], ['dp', 'deployments'], ['svc', 'services'],
    ['no', 'nodes'], ['ns', 'namespaces'], ['ev', 'events'], ['rs', 'replicasets'], ['sts', 'statefulsets'], ['ds', 'daemonsets'],
    ['jo', 'jobs'], ['cj', 'cronjobs'], ['cm', 'configmaps'], ['sec', 'secrets'], ['pv', 'persistentvolumes'], ['pvc', 'persistentvolumeclaims'],
    ['sc', 'storageclasses'], ['sa', 'serviceaccounts'], ['ep', 'endpoints'], ['rc', 'replicationcontrollers'], ['Deployment', 'deployments'],
  ];
  for (const [alias, resource] of cases) assert.equal(resolveAlias(alias)?.resource, resource, alias);
  assert.equal(resolveAlias('ev')?.group, '', 'core events, not events.k8s.io');
});

test(':po opens pods in the current namespace; :no is cluster-scoped', () => {
  const pods = table('po');
  assert.equal(titleOf(pods), 'pods(default)');
  assert.equal(titleOf(table('no')), 'nodes');
  assert.equal(table('no').namespace, undefined);
});

test(':pod kube-system names a namespace; :pod app=web a label selector; -A all namespaces', () => {
  assert.equal(table('pod kube-system').namespace, 'kube-system');
  const web = table('pod app=web');
  assert.equal(web.namespace, 'default');
  assert.equal(web.labelSelector, 'app=web');
  assert.equal(titleOf(table('pod -A app=web,tier!=db')), 'pods(all)[app=web,tier!=db]');
  assert.equal(table('deploy -n shop').namespace, 'shop');
});

test('bad commands are one-line errors', () => {
  assert.deepEqual(parseCommandLine('foo', 'default'), { type: 'error', message: 'unknown command "foo"' });
  assert.deepEqual(parseCommandLine('po app web=', 'default').type, 'view', 'a bare word is a namespace');
  assert.deepEqual(parseCommandLine('po a=b=c', 'default'), { type: 'error', message: 'bad label selector "a=b=c": found \'=\', expected: \',\' or \'end of string\'' });
  assert.deepEqual(parseCommandLine('rules', 'default'), { type: 'error', message: 'usage: :rules NODE' });
  assert.deepEqual(parseCommandLine('', 'default'), { type: 'error', message: 'no command given' });
});

test('quit, help, map, xray and rules', () => {
  for (const q of ['q', 'q!', 'quit']) assert.deepEqual(parseCommandLine(q, 'default'), { type: 'quit' });
  assert.deepEqual(parseCommandLine('map', 'default'), { type: 'view', view: { type: 'map' } });
  assert.deepEqual(parseCommandLine('xray deploy', 'default'), { type: 'view', view: { type: 'xray', ref: { group: 'apps', version: 'v1', resource: 'deployments' }, namespace: 'default' } });
  assert.deepEqual(parseCommandLine('rules node1', 'default'), { type: 'view', view: { type: 'rules', node: 'node1' } });
});

test('enter drills in: deployment → its pods, node → its pods, service → its endpoints', () => {
  const deploy: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } } } };
  assert.equal(titleOf(drillIn(table('deploy'), deploy)!), 'pods(shop)[app=web]');
  const rc: KubeObject = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r', namespace: 'default' }, spec: { selector: { app: 'r' } } };
  assert.equal(titleOf(drillIn(table('rc'), rc)!), 'pods(default)[app=r]');
  const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node2' } };
  assert.equal(titleOf(drillIn(table('no'), node)!), 'pods(all)[spec.nodeName=node2]');
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' } };
  assert.equal(titleOf(drillIn(table('svc'), svc)!), 'endpoints(default)[metadata.name=web]');
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } };
  assert.equal(drillIn(table('cm'), cm), undefined, 'no related table: the caller describes it');
});

test('the view stack: push and back; the root stays', () => {
  const nav = new Navigation(table('po'), 'default');
  nav.push({ type: 'map' });
  assert.deepEqual(nav.crumbs(), ['pods(default)', 'cluster map']);
  assert.equal(nav.back(), true);
  assert.equal(nav.back(), false);
  assert.equal(titleOf(nav.current), 'pods(default)');
});

test('history: [ and ] walk the : commands; a new command drops the forward ones', () => {
  const nav = new Navigation(table('po'), 'default');
  nav.goTo(table('deploy'));
  nav.goTo(table('svc'));
  assert.equal(nav.historyBack(), true);
  assert.equal(titleOf(nav.current), 'deployments(default)');
  assert.equal(nav.historyBack(), true);
  assert.equal(nav.historyBack(), false);
  assert.equal(nav.historyForward(), true);
  nav.goTo(table('no'));
  assert.equal(nav.historyForward(), false);
  assert.equal(nav.historyBack(), true);
  assert.equal(titleOf(nav.current), 'deployments(default)');
});

test('namespaces: 0 is all, favourites 1–9 in the order first visited, newest first', () => {
  const nav = new Navigation(table('po'), 'default');
  nav.goTo(table('po kube-system'));
  assert.deepEqual(nav.favourites, ['kube-system', 'default']);
  nav.switchNamespace(undefined);
  assert.equal(titleOf(nav.current), 'pods(all)');
  nav.switchNamespace(nav.favourite(2));
  assert.equal(titleOf(nav.current), 'pods(default)');
  assert.deepEqual(nav.favourites, ['kube-system', 'default'], 'a known favourite keeps its key');
});

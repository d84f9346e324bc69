// Keys of the app shell not covered elsewhere, with ink-testing-library against the in-process API
// (ManualClock): a chunk of keys (`jj`), the node drain flow (`r`), the split view (`v`) and `s`
// for a shell (handed to the injected OpenShell; the real terminal handoff is in tui/main.tsx).
// Written in TSX on purpose: tsconfig compiles test/**/*.tsx and run-tests.mjs runs the .test.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ManualClock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { App } from '../../tui/app.js';
import type { OpenShell, ShellTarget } from '../../tui/state/shell-command.js';
import { startApi } from '../helpers/api.js';
import { waitFor } from '../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const nodes = { group: '', version: 'v1', resource: 'nodes' };
const events = { group: '', version: 'v1', resource: 'events' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const info = { context: 'kubelab', cluster: 'kubelab', server: 'https://127.0.0.1:6443', namespace: 'default' };

function pod(name: string, options: { nodeName?: string; containers?: string[]; daemonSet?: string } = {}): KubeObject {
  const owner = options.daemonSet ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: options.daemonSet, uid: `uid-${options.daemonSet}`, controller: true }] } : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...owner },
    spec: { containers: (options.containers ?? ['c']).map((c) => ({ name: c, image: 'nginx' })), ...(options.nodeName ? { nodeName: options.nodeName } : {}) },
  };
}

interface Harness {
  lastFrame(): string;
  type(text: string): Promise<void>;
  frame(predicate: (frame: string) => boolean, what: string): Promise<string>;
  shells: ShellTarget[];
}

async function openApp(t: { after(fn: () => unknown): void }, client: ApiClient, clock: ManualClock, options: { initialCommand?: string; rows?: number } = {}): Promise<Harness> {
  const shells: ShellTarget[] = [];
  const openShell: OpenShell = (target) => {
    shells.push(target);
    return { text: `shell in ${target.type === 'pod' ? target.pod : target.node} ended`, level: 'info' };
  };
  const app = render(<App client={client} clock={clock} info={info} initialCommand={options.initialCommand} size={{ columns: 110, rows: options.rows ?? 18 }} openShell={openShell} onQuit={() => undefined} />);
  t.after(() => app.unmount());
  return {
    shells,
    lastFrame: () => app.lastFrame() ?? '',
    type: async (text) => {
      app.stdin.write(text);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    frame: async (predicate, what) => {
      const frame = await waitFor(() => {
        clock.step(100); // the throttle's trailing renders and the flash timers run on this clock
        const current = app.lastFrame() ?? '';
        return predicate(current) ? current : false;
      }, { what: `${what}; last frame:\n${app.lastFrame()}`, timeout: 10_000, interval: 20 });
      await new Promise<void>((resolve) => setImmediate(resolve));
      return frame;
    },
  };
}

test('keys typed in one chunk run one by one: jj moves down two rows, then d describes that row', async (t) => {
  const api = await startApi(t);
  for (const name of ['a-pod', 'b-pod', 'c-pod', 'd-pod']) await api.client.create(pods, 'default', pod(name));
  const app = await openApp(t, api.client, api.clock);
  await app.frame((f) => f.includes('d-pod'), 'the pods');
  await app.type('jj');
  await app.type('d');
  await app.frame((f) => f.includes('<describe pods/c-pod>'), 'the describe view of the third pod');
  await app.type('\x1b');
  await app.frame((f) => f.includes(' pods(default)[4]'), 'back to the table');
  // A chunk stops at a key that opens a view: in `kdj` the j is not run on the table behind it.
  await app.type('kdj');
  await app.frame((f) => f.includes('<describe pods/b-pod>'), 'the describe view of the second pod');
  await app.type('\x1b');
  await app.frame((f) => f.includes(' pods(default)[4]'), 'back to the table');
  await app.type('d');
  await app.frame((f) => f.includes('<describe pods/b-pod>'), 'still the second pod');
});

test('r on a node asks, n keeps the node as it is, y cordons it and evicts its pods but not DaemonSet pods', async (t) => {
  const api = await startApi(t);
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } });
  await api.client.create(pods, 'default', pod('web-1', { nodeName: 'node1' }));
  await api.client.create(pods, 'default', pod('proxy-x', { nodeName: 'node1', daemonSet: 'proxy' }));
  const app = await openApp(t, api.client, api.clock, { initialCommand: 'no' });
  await app.frame((f) => f.includes('node1'), 'the node');
  assert.match(app.lastFrame().split('\n')[1]!, /<c> Cordon {2}<u> Uncordon {2}<r> Drain/);

  await app.type('r');
  await app.frame((f) => f.includes('Drain node/node1 (cordon, then evict its pods)? (y/n)'), 'the confirmation');
  await app.type('n');
  await app.frame((f) => !f.includes('(y/n)'), 'the question gone');
  assert.equal((await api.client.get(nodes, undefined, 'node1')).spec?.unschedulable, undefined, 'no is no');

  await app.type('r');
  await app.frame((f) => f.includes('(y/n)'), 'the confirmation again');
  await app.type('y');
  await app.frame((f) => f.includes('node/node1 drained'), 'the drained flash');
  await app.frame((f) => /^node1 +Ready,SchedulingDisabled/m.test(f) || /SchedulingDisabled/.test(f), 'the node shown cordoned');
  assert.equal((await api.client.get(nodes, undefined, 'node1')).spec?.unschedulable, true);
  const left = await waitFor(async () => {
    const items = (await api.client.list(pods, 'default')).items;
    const web = items.find((p) => p.metadata.name === 'web-1');
    return web === undefined || web.metadata.deletionTimestamp ? items : false;
  }, { what: 'web-1 evicted' });
  const proxy = left.find((p) => p.metadata.name === 'proxy-x');
  assert.ok(proxy && !proxy.metadata.deletionTimestamp, 'the DaemonSet pod stays, as kubectl drain --ignore-daemonsets leaves it');
});

test('v splits the screen: the events of the selected deployment below the table; v again closes it', async (t) => {
  const api = await startApi(t);
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  await api.client.create(deployments, 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template } });
  const at = new Date(api.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  await api.client.create(events, 'default', {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1' }, involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'default' },
    type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-65d846d465 from 0 to 1', firstTimestamp: at, lastTimestamp: at, count: 1, source: { component: 'deployment-controller' },
  });
  const app = await openApp(t, api.client, api.clock, { initialCommand: 'deploy', rows: 20 });
  await app.frame((f) => f.includes('web '), 'the deployment');
  await app.type('v');
  const split = await app.frame((f) => f.includes('ScalingReplicaSet'), 'the events pane');
  const lines = split.split('\n');
  assert.ok(lines.length <= 20, `${lines.length} lines`);
  const table = lines.findIndex((l) => l.startsWith(' deployments(default)[1]'));
  const pane = lines.findIndex((l) => l.startsWith('events deployment/default/web'));
  assert.ok(table >= 0 && pane > table, split);
  assert.match(split, /Scaled up replica set web-65d846d465 from 0 to 1/);
  await app.type('v');
  await app.frame((f) => !f.includes('events deployment/default/web'), 'the split closed');
});

test('s on a pod opens a shell in its container (asking which when it has several); s on a node opens the node shell', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('one', { containers: ['web'] }));
  await api.client.create(pods, 'default', pod('two', { containers: ['web', 'sidecar'] }));
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } });
  const app = await openApp(t, api.client, api.clock);
  await app.frame((f) => f.includes('two'), 'the pods');
  assert.match(app.lastFrame().split('\n')[1]!, /<s> Shell/);
  await app.type('s');
  await app.frame((f) => f.includes('shell in one ended'), 'the flash after the shell');
  assert.deepEqual(app.shells, [{ type: 'pod', namespace: 'default', pod: 'one', container: 'web' }]);

  await app.type('j');
  await app.type('s');
  await app.frame((f) => f.includes('Shell in container (web, sidecar): web█'), 'the container question');
  for (let i = 0; i < 3; i++) await app.type('\x7f');
  await app.type('nope\r');
  await app.frame((f) => f.includes('container nope is not valid for pod two'), 'the refusal');
  await app.type('s');
  await app.frame((f) => f.includes('Shell in container'), 'the question again');
  for (let i = 0; i < 3; i++) await app.type('\x7f');
  await app.type('sidecar\r');
  await app.frame((f) => f.includes('shell in two ended'), 'the flash');
  assert.deepEqual(app.shells[1], { type: 'pod', namespace: 'default', pod: 'two', container: 'sidecar' });

  await app.type(':no\r');
  await app.frame((f) => f.includes(' nodes[1]'), 'the nodes');
  await app.type('s');
  await app.frame((f) => f.includes('shell in node1 ended'), 'the node shell flash');
  assert.deepEqual(app.shells[2], { type: 'node', node: 'node1' });
});

test(': works from the views a command opens (:xray, :map), which have no table below to go back to', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('web-1'));
  const app = await openApp(t, api.client, api.clock);
  await app.frame((f) => f.includes('web-1'), 'the pods');
  await app.type(':xray deploy\r');
  await app.frame((f) => f.includes('<xray deployments>'), 'the xray view');
  await app.type(':map\r');
  await app.frame((f) => f.includes('<cluster map>'), 'the cluster map');
  await app.type(':po\r');
  await app.frame((f) => f.includes(' pods(default)[1]'), 'the pods again');
});

test('x on a secret shows its data decoded (k9s\' decoder); describe shows sizes and YAML base64; esc goes back', async (t) => {
  const api = await startApi(t);
  const secrets = { group: '', version: 'v1', resource: 'secrets' };
  await api.client.create(secrets, 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { password: 'hunter2' } });
  const app = await openApp(t, api.client, api.clock, { initialCommand: 'secrets' });
  const table = await app.frame((f) => f.includes('creds'), 'the secrets');
  assert.match(table.split('\n')[1]!, /^<x> Decode {2}/, 'the first hint of the secrets table');
  assert.ok(!table.includes('hunter2'));

  await app.type('d');
  const described = await app.frame((f) => f.includes('password:  7 bytes'), 'the describe view');
  assert.ok(!described.includes('hunter2'));
  await app.type('\x1b');
  await app.frame((f) => f.includes(' secrets(default)[1]'), 'back to the table');
  await app.type('y');
  const yaml = await app.frame((f) => f.includes('  password: aHVudGVyMg=='), 'the YAML');
  assert.ok(!yaml.includes('hunter2'));
  await app.type('\x1b');
  await app.frame((f) => f.includes(' secrets(default)[1]'), 'back to the table');

  await app.type('x');
  const decoded = await app.frame((f) => f.includes('password: hunter2'), 'the decoded data');
  assert.ok(decoded.includes('<decode secrets/creds>'), decoded);
  assert.ok(decoded.includes('decode default/creds (values in plain text)'), decoded);
  await app.type('?');
  const help = await app.frame((f) => f.includes('KEYS'), 'the help');
  assert.ok(!help.includes('hunter2'));
  await app.type('\x1b');
  await app.frame((f) => f.includes('password: hunter2'), 'the decoded data again');
  await app.type('\x1b');
  const back = await app.frame((f) => f.includes(' secrets(default)[1]'), 'back to the table');
  assert.ok(!back.includes('hunter2'));

  await app.type('?');
  const tableHelp = await app.frame((f) => f.includes('KEYS') && f.includes('Decode'), 'the help of the secrets table');
  assert.match(tableHelp, /^ {2}x +Decode \(the data values in plain text, as k9s\)$/m);
});

// The app shell and the resource table with ink-testing-library, against the in-process API with
// a ManualClock: kubectl's columns, `:` commands, filters, drill-in, actions and their flashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ManualClock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { App } from '../../tui/app.js';
import { startApi } from '../helpers/api.js';
import { waitFor } from '../helpers/wait-for.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const nodes = { group: '', version: 'v1', resource: 'nodes' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const info = { context: 'kubelab', cluster: 'kubelab', server: 'https://127.0.0.1:6443', namespace: 'default' };
const keys = { down: '\x1b[B', enter: '\r', esc: '\x1b', ctrlD: '\x04', ctrlW: '\x17' };

function pod(name: string, labels: Record<string, string> = {}, nodeName?: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) } };
}

interface Harness {
  lastFrame(): string;
  type(text: string): Promise<void>;
  frame(predicate: (frame: string) => boolean, what: string): Promise<string>;
  quits: number;
  nodeActions: string[];
}

async function openApp(t: { after(fn: () => unknown): void }, client: ApiClient, clock: ManualClock, options: { initialCommand?: string; rows?: number } = {}): Promise<Harness> {
  const harness: Harness = {
    quits: 0,
    nodeActions: [],
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
      }, { what, timeout: 10_000, interval: 20 });
      await new Promise<void>((resolve) => setImmediate(resolve));
      return frame;
    },
  };
  const app = render(
    createElement(App, {
      client,
      clock,
      info,
      initialCommand: options.initialCommand,
      size: { columns: 100, rows: options.rows ?? 16 },
      onQuit: () => void harness.quits++,
      nodeAction: async (name, action) => void harness.nodeActions.push(`${action} ${name}`),
    }),
  );
  t.after(() => app.unmount());
  return harness;
}

test('the pods table: kubectl header and rows, header info and key hints, never taller than the terminal', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('web-1'));
  const app = await openApp(t, api.client, api.clock);
  const frame = await app.frame((f) => f.includes('web-1'), 'the pod row');
  const lines = frame.split('\n');
  assert.ok(lines.length <= 16, `${lines.length} lines`);
  assert.match(lines[0]!, /^Context: kubelab {2}Cluster: kubelab {2}Namespace: default {2}Clock: \d\d:\d\d {2}Server: https:\/\/127\.0\.0\.1:6/);
  assert.match(lines[1]!, /<ctrl-k> Kill {2}<l> Logs {2}<p> Previous logs/);
  assert.equal(lines[2]!.trimEnd(), '<pods(default)>');
  assert.equal(lines[3]!.trimEnd(), ' pods(default)[1]');
  assert.equal(lines[4]!.trimEnd(), 'NAME    READY   STATUS    RESTARTS   AGE');
  assert.match(lines[5]!, /^web-1   0\/1     Pending   0          \d+s/);
});

test(':deploy switches the table; an unknown command flashes an error', async (t) => {
  const api = await startApi(t);
  const app = await openApp(t, api.client, api.clock);
  await app.frame((f) => f.includes('pods(default)[0]'), 'the empty pods table');
  await app.type(':');
  await app.frame((f) => f.includes(':█'), 'the command prompt');
  await app.type('deploy');
  await app.type(keys.enter);
  await app.frame((f) => f.includes('NAME   READY   UP-TO-DATE   AVAILABLE   AGE'), 'the deployments header').catch((err) => {
    throw new Error(`${err.message}\n${app.lastFrame()}`);
  });
  await app.type(':');
  await app.frame((f) => f.includes(':█'), 'the command prompt');
  await app.type('foo\r');
  await app.frame((f) => f.includes('unknown command "foo"'), 'the flash');
});

test('/ filters rows; a bad regex and a bad selector flash and keep the table', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('web-1', { app: 'web' }));
  await api.client.create(pods, 'default', pod('db-0', { app: 'db' }));
  const app = await openApp(t, api.client, api.clock);
  await app.frame((f) => f.includes('web-1') && f.includes('db-0'), 'two pods');
  await app.type('/');
  await app.type('-l app=db\r');
  await app.frame((f) => f.includes('pods(default)[1]  </-l app=db>') && !f.includes('web-1'), 'the label filter');
  await app.type('/');
  await app.frame((f) => f.includes('/-l app=db█'), 'the filter prompt with the current filter');
  for (let i = 0; i < 9; i++) await app.type('\x7f');
  await app.type('[\r');
  await app.frame((f) => f.includes('Invalid regular expression: /[/i: Unterminated character class'), 'the regex error');
  assert.ok(app.lastFrame().includes('db-0'));
});

test('ctrl-d asks, then deletes; the flash says what kubectl says', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('web-1'));
  const app = await openApp(t, api.client, api.clock);
  await app.frame((f) => f.includes('web-1'), 'the pod');
  await app.type(keys.ctrlD);
  await app.frame((f) => f.includes('Delete pod default/web-1? (y/n)'), 'the confirmation');
  await app.type('y');
  await app.frame((f) => f.includes('pod "web-1" deleted'), 'the flash');
  await waitFor(async () => (await api.client.list(pods, 'default')).items.every((p) => p.metadata.deletionTimestamp), { what: 'the pod deleting' });
});

test('enter on a node opens its pods; esc comes back to the same row', async (t) => {
  const api = await startApi(t);
  for (const name of ['node1', 'node2']) await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name } });
  await api.client.create(pods, 'default', pod('on-two', {}, 'node2'));
  await api.client.create(pods, 'default', pod('on-one', {}, 'node1'));
  const app = await openApp(t, api.client, api.clock, { initialCommand: 'no' });
  await app.frame((f) => f.includes('node2'), 'the nodes');
  await app.type(keys.down);
  await app.type(keys.enter);
  const frame = await app.frame((f) => f.includes('pods(all)[spec.nodeName=node2]'), 'the pods of node2');
  assert.ok(frame.includes('on-two') && !frame.includes('on-one'), frame);
  assert.ok(frame.includes('NAMESPACE   NAME     READY'), 'all namespaces: the NAMESPACE column');
  await app.type(keys.esc);
  await app.frame((f) => f.includes(' nodes[2]'), 'back to nodes');
});

test('node keys: kill asks first and calls the daemon; ctrl-s starts at once; cordon patches', async (t) => {
  const api = await startApi(t);
  await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } });
  const app = await openApp(t, api.client, api.clock, { initialCommand: 'no' });
  await app.frame((f) => f.includes('node1'), 'the node');
  assert.match(app.lastFrame().split('\n')[1]!, /<ctrl-k> Kill node {2}<ctrl-s> Start node {2}<s> Shell on the node/);
  await app.type('\x0b'); // ctrl-k
  await app.frame((f) => f.includes('Kill node node1? Its machine dies: kubelet and containers stop (y/n)'), 'the confirmation');
  await app.type('y');
  await app.frame((f) => f.includes('node node1 killed (its kubelet and containers stopped)'), 'the flash');
  await app.type('\x13'); // ctrl-s
  await app.frame((f) => f.includes('node node1 started'), 'the start flash');
  assert.deepEqual(app.nodeActions, ['kill node1', 'start node1']);
  await app.type('c');
  await app.frame((f) => f.includes('node/node1 cordoned'), 'the cordon flash');
  assert.equal((await api.client.get(nodes, undefined, 'node1')).spec?.unschedulable, true);
});

test('s scales a deployment through a prompt; r restarts it with the restartedAt annotation', async (t) => {
  const api = await startApi(t);
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  await api.client.create(deployments, 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template } });
  const app = await openApp(t, api.client, api.clock, { initialCommand: 'deploy' });
  await app.frame((f) => f.includes('web '), 'the deployment');
  await app.type('s');
  await app.frame((f) => f.includes('Scale deployment.apps/web to replicas: 1█'), 'the scale prompt');
  await app.type('\x7f');
  await app.type('3\r');
  await app.frame((f) => f.includes('deployment.apps/web scaled'), 'the scale flash');
  assert.equal((await api.client.get(deployments, 'default', 'web')).spec?.replicas, 3);
  await app.type('r');
  await app.frame((f) => f.includes('Restart deployment.apps/web? (y/n)'), 'the restart question');
  await app.type('y');
  await app.frame((f) => f.includes('deployment.apps/web restarted'), 'the restart flash');
  const annotations = (await api.client.get(deployments, 'default', 'web')).spec?.template?.metadata?.annotations;
  assert.match(annotations?.['kubectl.kubernetes.io/restartedAt'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('? shows help generated from the bindings; d opens describe; q quits', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('web-1'));
  const app = await openApp(t, api.client, api.clock, { rows: 30 });
  await app.frame((f) => f.includes('web-1'), 'the pod');
  await app.type('?');
  await app.frame((f) => f.includes('KEYS') && f.includes('ctrl-k') && f.includes('Kill (delete now, grace period 0)'), 'the help');
  await app.type(keys.esc);
  await app.frame((f) => f.includes('NAME    READY'), 'back to the table');
  await app.type('d');
  await app.frame((f) => f.includes('<pods(default)> <describe pods/web-1>'), 'the describe view');
  await app.type(keys.esc);
  await app.frame((f) => f.includes(' pods(default)[1]'), 'back');
  await app.type('q');
  assert.equal(app.quits, 1);
});

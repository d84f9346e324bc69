import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import type { ApiClient } from '../../../../shared/client/client.js';
import { evaluateCheck, type CheckEnvironment } from '../../../../shared/labs/lab-checks.js';
import type { Check } from '../../../../shared/labs/lab-types.js';
import { startApi } from '../../../helpers/api.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const nodes = { group: '', version: 'v1', resource: 'nodes' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };

async function setUp(t: Parameters<typeof startApi>[0]): Promise<{ client: ApiClient; env: CheckEnvironment }> {
  const api = await startApi(t);
  await api.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab-t' } });
  return { client: api.client, env: { client: api.client, namespace: 'lab-t' } };
}

async function pod(client: ApiClient, name: string, labels: Record<string, string>, status: Record<string, unknown>): Promise<void> {
  const created = await client.create(pods, 'lab-t', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  await client.update(pods, { ...created, status } as KubeObject, { subresource: 'status' });
}

const check = async (env: CheckEnvironment, c: Check): Promise<string> => {
  const r = await evaluateCheck(c, env);
  return r.state === 'passed' ? 'passed' : `${r.state}: ${r.reason}`;
};

test('object, pod and container checks say what they still wait for', async (t) => {
  const { client, env } = await setUp(t);
  const web: Check = { type: 'objectExists', kind: 'Pod', name: 'web', fields: { 'metadata.labels[tier]': 'front' } };
  assert.equal(await check(env, web), 'waiting: no Pod "web" yet');
  await pod(client, 'web', { app: 'web', tier: 'back' }, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
  assert.equal(await check(env, web), 'waiting: Pod "web": metadata.labels[tier] is "back", not "front"');
  await client.patch(pods, 'lab-t', 'web', 'merge', { metadata: { labels: { tier: 'front' } } });
  assert.equal(await check(env, web), 'passed');
  assert.equal(await check(env, { type: 'objectAbsent', kind: 'Pod', name: 'web' }), 'waiting: Pod "web" still exists');
  assert.equal(await check(env, { type: 'podPhase', name: 'web', phase: 'Succeeded' }), 'waiting: Pod "web" is Running, not Succeeded');
  assert.equal(await check(env, { type: 'podsReady', selector: 'app=web', count: 2 }), 'waiting: 1 of 2 pods with app=web ready');
  assert.equal(await check(env, { type: 'podsReady', selector: 'app=web', count: 1 }), 'passed');
  assert.equal(await check(env, { type: 'containerState', pod: 'web', reason: 'CrashLoopBackOff', minRestarts: 4 }), 'waiting: no container CrashLoopBackOff with 4+ restarts yet (seen: CrashLoopBackOff)');
  assert.equal(await check(env, { type: 'containerState', selector: 'app=web', reason: 'CrashLoopBackOff', minRestarts: 3 }), 'passed');
  assert.equal(await check(env, { type: 'allOf', checks: [{ type: 'podsReady', selector: 'app=web', count: 1 }, { type: 'objectAbsent', kind: 'Pod', name: 'web' }] }), 'waiting: Pod "web" still exists');
});

test('events match by reason, kind, generated name and message', async (t) => {
  const { client, env } = await setUp(t);
  const backOff: Check = { type: 'eventWithReason', reason: 'BackOff', kind: 'Pod', name: 'mypod', messageContains: 'Back-off restarting' };
  assert.equal(await check(env, backOff), 'waiting: no BackOff event for mypod yet');
  await client.create({ group: '', version: 'v1', resource: 'events' }, 'lab-t', {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1' }, reason: 'BackOff', message: 'Back-off restarting failed container c in pod mypod-7d4b9-x2k5q_lab-t(uid)',
    involvedObject: { kind: 'Pod', name: 'mypod-7d4b9-x2k5q', namespace: 'lab-t' }, type: 'Warning',
  } as unknown as KubeObject);
  assert.equal(await check(env, backOff), 'passed');
});

test('node conditions, logs and NodePorts; a check that throws cannot check', async (t) => {
  const { client, env } = await setUp(t);
  const node = await client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } });
  await client.update(nodes, { ...node, status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '127.0.10.2' }] } } as KubeObject, { subresource: 'status' });
  assert.equal(await check(env, { type: 'nodeCondition', node: 'node1', condition: 'Ready', status: 'Unknown' }), 'waiting: node1 Ready is True, not Unknown');

  await pod(client, 'cmd', {}, { phase: 'Succeeded' });
  const logs: Check = { type: 'logsContain', pod: 'cmd', text: ['hello'] };
  assert.equal(await check(env, logs), 'cannot-check: this client cannot read logs');
  assert.equal(await check({ ...env, readLog: async () => 'bye\n' }, logs), 'waiting: the log does not show "hello" yet');
  assert.equal(await check({ ...env, readLog: async () => 'hello\n' }, logs), 'passed');

  await client.create({ group: '', version: 'v1', resource: 'services' }, 'lab-t', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } });
  const urls: string[] = [];
  const answers: Check = { type: 'serviceAnswers', service: 'web', text: 'Welcome to nginx!' };
  assert.equal(await check({ ...env, httpGet: async (url) => (urls.push(url), '<h1>Welcome to nginx!</h1>') }, answers), 'passed');
  assert.match(urls[0]!, /^http:\/\/127\.0\.10\.2:3\d{4}\/$/);

  const broken = Object.assign(Object.create(client) as ApiClient, { list: async () => Promise.reject(new Error('connection refused')) });
  assert.equal(await check({ ...env, client: broken }, { type: 'podsReady', selector: 'app=web', count: 1 }), 'cannot-check: connection refused');
});

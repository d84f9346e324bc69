import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { LogSession, containerIdentity, defaultContainer, podContainers } from '../../../tui/state/log-session.js';
import { startApi } from '../../helpers/api.js';
import { fakeLogClient } from '../views/fake-log-client.js';

const runningPod = (restarts: number): KubeObject => ({
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app' }] },
  status: { containerStatuses: [{ name: 'app', containerID: `kubelab://${restarts}`, restartCount: restarts, state: { running: {} } }] },
});

test('LogSession streams into its buffer and reopens when the waiting container starts', async (t) => {
  const api = await startApi(t);
  const fake = fakeLogClient(api.client);
  let changes = 0;
  const session = new LogSession({ client: fake.client, namespace: 'default', pod: 'web', container: 'app', previous: false, onChange: () => changes++ });
  fake.refuseNext(badRequest('container "app" in pod "web" is waiting to start: ContainerCreating'));
  await session.start();
  assert.equal(session.state, 'error');
  assert.equal(session.error, 'Error from server (BadRequest): container "app" in pod "web" is waiting to start: ContainerCreating');

  session.podChanged({ metadata: { name: 'web' }, status: { containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] } });
  assert.equal(fake.streams.length, 0, 'still waiting: no new request');
  session.podChanged(runningPod(0));
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.equal(session.state, 'streaming');
  assert.deepEqual(fake.streams[0]!.options, { container: 'app', previous: false, follow: true, timestamps: true, tailLines: 5000 });
  fake.streams[0]!.write('a\nb\n');
  assert.deepEqual(session.buffer.lines(), ['a', 'b']);
  fake.streams[0]!.end();
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.equal(session.state, 'ended');
  session.podChanged(runningPod(1));
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.equal(fake.streams.length, 2, 'a restart reopens the stream');
  assert.deepEqual(session.buffer.lines(), []);
  session.stop();
  assert.equal(fake.streams[1]!.stopped, true);
  assert.ok(changes > 0);
});

test('LogSession says when the client cannot stream logs', async (t) => {
  const api = await startApi(t);
  const session = new LogSession({ client: api.client, namespace: 'default', pod: 'web', container: 'app', previous: true, onChange: () => undefined });
  await session.start();
  assert.equal(session.error, 'logs are not available from this client');
});

test('the default container follows kubectl: the annotation, else the first', () => {
  const pod: KubeObject = { metadata: { name: 'p', annotations: { 'kubectl.kubernetes.io/default-container': 'b' } }, spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'a' }, { name: 'b' }] } };
  assert.equal(defaultContainer(pod), 'b');
  assert.equal(defaultContainer({ ...pod, metadata: { name: 'p' } }), 'a');
  assert.deepEqual(podContainers(pod), ['init', 'a', 'b']);
  assert.equal(containerIdentity(runningPod(2), 'app'), 'kubelab://2#2');
  assert.equal(containerIdentity(runningPod(2), 'other'), '');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { containerFieldPath, containerSpecOf, newContainerRecord, podFullName, shouldContainerBeRestarted, specHashOf, type ContainerRecord } from '../../../../../daemon/node/kubelet/container-state.js';

const record = (exit?: number, running = false): ContainerRecord | undefined => {
  if (exit === undefined && !running) return undefined;
  const r = newContainerRecord('c', false);
  r.current = { id: 'x', image: '', imageID: '', startedAt: 0, specHash: '', ...(running ? {} : { exit: { exitCode: exit!, reason: '', finishedAt: 0 } }) };
  return r;
};
const pod = (restartPolicy: string, deleting = false): KubeObject => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) }, spec: { restartPolicy } });

const cases = [
  { name: 'a container that never ran starts', policy: 'Never', rec: record(), want: true },
  { name: 'a running container is left alone', policy: 'Always', rec: record(undefined, true), want: false },
  { name: 'Always restarts a success', policy: 'Always', rec: record(0), want: true },
  { name: 'OnFailure does not restart a success', policy: 'OnFailure', rec: record(0), want: false },
  { name: 'OnFailure restarts a failure', policy: 'OnFailure', rec: record(1), want: true },
  { name: 'Never does not restart a failure', policy: 'Never', rec: record(1), want: false },
  { name: 'nothing restarts once the pod is being deleted', policy: 'Always', rec: record(0), deleting: true, want: false },
];
for (const { name, policy, rec, deleting, want } of cases) {
  test(`shouldContainerBeRestarted: ${name}`, () => assert.equal(shouldContainerBeRestarted(pod(policy, deleting), { name: 'c' }, rec), want));
}

test('a sidecar restarts whatever the pod policy says', () => {
  assert.equal(shouldContainerBeRestarted(pod('Never'), { name: 'c', restartPolicy: 'Always' }, record(0)), true);
});

test('the spec hash changes with the image; the pod full name is name_namespace(uid)', () => {
  assert.notEqual(specHashOf({ name: 'c', image: 'nginx:1.14' }), specHashOf({ name: 'c', image: 'nginx:1.15' }));
  assert.match(specHashOf({ name: 'c' }), /^[0-9a-f]{8}$/);
  assert.equal(podFullName(pod('Always')), 'p_ns(u)');
});

test('ephemeral containers: found by name, events name spec.ephemeralContainers{…}, and an exited one is never restarted', () => {
  const debug = { name: 'debugger-abcde', image: 'busybox:1.36' };
  const pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx' }], ephemeralContainers: [debug] } };
  assert.deepEqual(containerSpecOf(pod, 'debugger-abcde'), { spec: debug, isInit: false, isEphemeral: true });
  assert.equal(containerFieldPath('debugger-abcde', false, true), 'spec.ephemeralContainers{debugger-abcde}');
  const debugRecord: ContainerRecord = { ...newContainerRecord('debugger-abcde', false), isEphemeral: true };
  assert.equal(shouldContainerBeRestarted(pod, debug, debugRecord), true, 'one that never ran is started');
  debugRecord.current = { id: 'containerd://x', image: '', imageID: '', startedAt: 0, specHash: 'h', exit: { exitCode: 1, reason: 'Error', finishedAt: 1 } };
  assert.equal(shouldContainerBeRestarted(pod, debug, debugRecord), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { newContainerRecord, type ContainerInstance, type ContainerRecord } from '../../../../../daemon/node/kubelet/container-state.js';
import { generatePodStatus, getPhase, type PodStatusInput } from '../../../../../daemon/node/kubelet/pod-status.js';

const t0 = Date.UTC(2026, 0, 1);
const iso = (s: number): string => new Date(t0 + s * 1000).toISOString().replace(/\.000Z$/, 'Z');
const instance = (id: string, startedAt: number, exit?: { exitCode: number; reason: string; at: number }): ContainerInstance => ({
  id: `containerd://${id}`, image: 'docker.io/library/nginx:1.14', imageID: 'docker.io/library/nginx@sha256:aa', startedAt: t0 + startedAt * 1000, specHash: 'h',
  ...(exit ? { exit: { exitCode: exit.exitCode, reason: exit.reason, finishedAt: t0 + exit.at * 1000 } } : {}),
});
const record = (name: string, patch: Partial<ContainerRecord> = {}, isInit = false): ContainerRecord => ({ ...newContainerRecord(name, isInit), ...patch });
const pod = (spec: Record<string, unknown>, status: Record<string, unknown> = { phase: 'Pending', qosClass: 'BestEffort' }): KubeObject => ({ metadata: { name: 'p', namespace: 'default', uid: 'uid-1' }, spec, status });
const input = (p: KubeObject, records: ContainerRecord[], patch: Partial<PodStatusInput> = {}): PodStatusInput => ({
  pod: p, oldStatus: p.status ?? {}, containers: new Map(records.map((r) => [r.name, r])), sandboxReady: true, podIP: '10.244.1.5', hostIP: '172.18.0.2', podIsTerminal: false, now: t0 + 60_000, ...patch,
});
const nginx = { name: 'nginx', image: 'nginx:1.14' };

test('a container that has not started waits in ContainerCreating, with the image as written', () => {
  const status = generatePodStatus(input(pod({ containers: [nginx] }), [], { sandboxReady: false, podIP: undefined }));
  assert.deepEqual(status.containerStatuses, [{ name: 'nginx', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'nginx:1.14', imageID: '', started: false }]);
  assert.equal(status.phase, 'Pending');
  assert.equal(status.podIP, undefined);
  assert.deepEqual(status.conditions.map((c: KubeObject) => [c.type, c.status, c.reason, c.message]), [
    ['PodReadyToStartContainers', 'False', undefined, undefined],
    ['Initialized', 'True', undefined, undefined],
    ['Ready', 'False', 'ContainersNotReady', 'containers with unready status: [nginx]'],
    ['ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [nginx]'],
    ['PodScheduled', 'True', undefined, undefined],
  ]);
});

test('a running container is ready and started; the one before is its lastState', () => {
  const r = record('nginx', { current: instance('b', 30), previous: instance('a', 0, { exitCode: 0, reason: 'Completed', at: 20 }), restartCount: 1 });
  const [cs] = generatePodStatus(input(pod({ containers: [nginx] }), [r])).containerStatuses;
  assert.deepEqual(cs, {
    name: 'nginx', state: { running: { startedAt: iso(30) } },
    lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(0), finishedAt: iso(20), containerID: 'containerd://a' } },
    ready: true, restartCount: 1, image: 'docker.io/library/nginx:1.14', imageID: 'docker.io/library/nginx@sha256:aa', containerID: 'containerd://b', started: true,
  });
});

test('an exited container held by the back-off waits in CrashLoopBackOff, its exit moved to lastState', () => {
  const r = record('nginx', { current: instance('b', 30, { exitCode: 1, reason: 'Error', at: 31 }), restartCount: 1, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=nginx pod=p_default(uid-1)' } });
  const status = generatePodStatus(input(pod({ containers: [nginx] }), [r]));
  const [cs] = status.containerStatuses;
  assert.deepEqual(cs.state, { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=nginx pod=p_default(uid-1)' } });
  assert.equal(cs.lastState.terminated.containerID, 'containerd://b');
  assert.equal(status.phase, 'Running', 'Always restarts: still Running');
});

test('without a recorded reason an exited container shows its terminated state (Completed)', () => {
  const r = record('nginx', { current: instance('a', 0, { exitCode: 0, reason: 'Completed', at: 1 }) });
  const status = generatePodStatus(input(pod({ containers: [nginx] }), [r]));
  assert.equal(status.containerStatuses[0].state.terminated.reason, 'Completed');
  assert.equal(status.containerStatuses[0].started, false);
});

test('app container statuses are sorted by name; init container statuses keep the spec order', () => {
  const spec = { initContainers: [{ name: 'z-init', image: 'busybox' }, { name: 'a-init', image: 'busybox' }], containers: [{ name: 'nginx', image: 'nginx' }, { name: 'centos', image: 'centos' }] };
  const status = generatePodStatus(input(pod(spec), []));
  assert.deepEqual(status.containerStatuses.map((s: KubeObject) => s.name), ['centos', 'nginx']);
  assert.deepEqual(status.initContainerStatuses.map((s: KubeObject) => s.name), ['z-init', 'a-init']);
  assert.equal(status.containerStatuses[0].state.waiting.reason, 'PodInitializing');
  assert.deepEqual(status.conditions[1], { type: 'Initialized', status: 'False', lastProbeTime: null, lastTransitionTime: iso(60), reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [z-init a-init]' });
});

test('a readiness probe without a success keeps the container unready; a startup probe without one unstarted', () => {
  const spec = { containers: [{ ...nginx, readinessProbe: { exec: { command: ['true'] } } }, { name: 'slow', image: 'ubuntu', startupProbe: { exec: { command: ['true'] } } }] };
  const records = [record('nginx', { current: instance('a', 0) }), record('slow', { current: instance('b', 0) })];
  const before = generatePodStatus(input(pod(spec), records)).containerStatuses;
  assert.deepEqual(before.map((s: KubeObject) => [s.name, s.started, s.ready]), [['nginx', true, false], ['slow', false, false]]);
  records[0]!.readinessSucceeded = true;
  records[1]!.startupSucceeded = true;
  const after = generatePodStatus(input(pod(spec), records)).containerStatuses;
  assert.deepEqual(after.map((s: KubeObject) => [s.name, s.started, s.ready]), [['nginx', true, true], ['slow', true, true]]);
});

test('transition times stay while a condition keeps its status; kept conditions of others come first', () => {
  const old = { phase: 'Running', conditions: [
    { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', lastTransitionTime: iso(5) },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: iso(1) },
    { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: iso(2) },
    { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: iso(2) },
  ] };
  const r = record('nginx', { current: instance('a', 0, { exitCode: 137, reason: 'Error', at: 50 }) });
  const status = generatePodStatus(input(pod({ containers: [nginx] }, old), [r]));
  assert.deepEqual(status.conditions.map((c: KubeObject) => [c.type, c.status, c.lastTransitionTime]), [
    ['DisruptionTarget', 'True', iso(5)],
    ['PodReadyToStartContainers', 'True', iso(60)],
    ['Initialized', 'True', iso(60)],
    ['Ready', 'False', iso(60)],
    ['ContainersReady', 'False', iso(60)],
    ['PodScheduled', 'True', iso(1)],
  ]);
});

test('a terminal phase never changes back, and a finished pod keeps its IP', () => {
  const r = record('nginx', { current: instance('a', 0) });
  const status = generatePodStatus(input(pod({ containers: [nginx] }, { phase: 'Succeeded', podIP: '10.244.1.9' }), [r], { podIP: undefined, sandboxReady: false }));
  assert.equal(status.phase, 'Succeeded');
  assert.equal(status.podIP, '10.244.1.9');
});

test('readiness gates: Ready waits for the gate condition', () => {
  const spec = { containers: [nginx], readinessGates: [{ conditionType: 'example.com/feature' }] };
  const r = record('nginx', { current: instance('a', 0) });
  const missing = generatePodStatus(input(pod(spec), [r])).conditions.find((c: KubeObject) => c.type === 'Ready');
  assert.deepEqual([missing.status, missing.reason, missing.message], ['False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "example.com/feature" does not exist.']);
  const withGate = pod(spec, { phase: 'Running', conditions: [{ type: 'example.com/feature', status: 'True' }] });
  assert.equal(generatePodStatus(input(withGate, [r])).conditions.find((c: KubeObject) => c.type === 'Ready').status, 'True');
});

const terminated = (name: string, exitCode: number) => ({ name, state: { terminated: { exitCode } }, lastState: {} });
const running = (name: string) => ({ name, state: { running: {} }, lastState: {} });
const waiting = (name: string, lastExit?: number) => ({ name, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: lastExit === undefined ? {} : { terminated: { exitCode: lastExit } } });
const phases = [
  { name: 'a running container makes the pod Running', policy: 'Always', app: [running('a')], want: 'Running' },
  { name: 'a waiting container that never ran keeps it Pending', policy: 'Always', app: [running('a'), waiting('b')], want: 'Pending' },
  { name: 'Always with every container stopped is still Running (restarting)', policy: 'Always', app: [terminated('a', 0)], want: 'Running' },
  { name: 'Never with success is Succeeded', policy: 'Never', app: [terminated('a', 0)], want: 'Succeeded' },
  { name: 'Never with a failure is Failed', policy: 'Never', app: [terminated('a', 0), terminated('b', 1)], want: 'Failed' },
  { name: 'OnFailure exiting 0 is Succeeded', policy: 'OnFailure', app: [terminated('a', 0)], want: 'Succeeded' },
  { name: 'OnFailure with a failure is Running (restarting)', policy: 'OnFailure', app: [waiting('a', 1)], want: 'Running' },
  { name: 'a terminal pod with a failure is Failed whatever its policy', policy: 'Always', app: [terminated('a', 143)], terminal: true, want: 'Failed' },
  { name: 'a failed init container under Never fails the pod', policy: 'Never', init: [terminated('i', 1)], app: [waiting('a')], want: 'Failed' },
  { name: 'a running init container keeps it Pending', policy: 'Always', init: [running('i')], app: [waiting('a')], want: 'Pending' },
];
for (const { name, policy, init = [], app, terminal = false, want } of phases) {
  test(`getPhase: ${name}`, () => {
    const spec = { restartPolicy: policy, initContainers: init.map((s) => ({ name: s.name })), containers: app.map((s) => ({ name: s.name })) };
    assert.equal(getPhase(spec, init, app, terminal, false), want);
  });
}

test('ephemeral containers get their own statuses (waiting, then running), never ready and without started; the pod stays Ready', () => {
  const debug = { name: 'debugger-abcde', image: 'busybox:1.36', targetContainerName: 'nginx' };
  const spec = { containers: [nginx], ephemeralContainers: [debug] };
  const running = record('nginx', { current: instance('a', 0), readinessSucceeded: true, startupSucceeded: true });
  const before = generatePodStatus(input(pod(spec), [running]));
  assert.deepEqual(before.ephemeralContainerStatuses, [{ name: 'debugger-abcde', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '' }]);
  const debugRecord = record('debugger-abcde', { isEphemeral: true, current: instance('b', 30, { exitCode: 0, reason: 'Completed', at: 40 }) });
  const after = generatePodStatus(input(pod(spec), [running, debugRecord]));
  assert.deepEqual(after.ephemeralContainerStatuses[0].state, { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(30), finishedAt: iso(40), containerID: 'containerd://b' } });
  assert.equal(after.ephemeralContainerStatuses[0].started, undefined);
  assert.equal(after.phase, 'Running');
  assert.equal(after.containerStatuses.length, 1);
  assert.equal(after.conditions.find((c: KubeObject) => c.type === 'Ready').status, 'True');
});

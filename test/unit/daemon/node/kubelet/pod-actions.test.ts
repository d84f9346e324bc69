import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { newContainerRecord, specHashOf, type ContainerRecord } from '../../../../../daemon/node/kubelet/container-state.js';
import { computePodActions } from '../../../../../daemon/node/kubelet/pod-actions.js';

const app = { name: 'app', image: 'nginx' };
const init1 = { name: 'init1', image: 'busybox' };
const init2 = { name: 'init2', image: 'busybox' };
const sidecar = { name: 'proxy', image: 'envoy', restartPolicy: 'Always' };
const debug = { name: 'debugger-abcde', image: 'busybox:1.36', targetContainerName: 'app' };
type State = 'running' | number;
const rec = (spec: Record<string, unknown>, state: State, patch: Partial<ContainerRecord> = {}): ContainerRecord => ({
  ...newContainerRecord(spec.name as string, false),
  current: { id: `id-${spec.name}`, image: '', imageID: '', startedAt: 0, specHash: specHashOf(spec), ...(state === 'running' ? {} : { exit: { exitCode: state, reason: state === 0 ? 'Completed' : 'Error', finishedAt: 1 } }) },
  ...patch,
});
const pod = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'p', uid: 'u' }, spec });
const actions = (spec: Record<string, unknown>, records: ContainerRecord[]) => computePodActions(pod(spec), new Map(records.map((r) => [r.name, r])));

const cases = [
  { name: 'a new pod starts its app containers', spec: { containers: [app] }, records: [], want: { kill: [], startInit: [], start: ['app'], podDone: false } },
  { name: 'a new pod with init containers starts only the first', spec: { initContainers: [init1, init2], containers: [app] }, records: [], want: { kill: [], startInit: ['init1'], start: [], podDone: false } },
  { name: 'a running init container is waited for', spec: { initContainers: [init1, init2], containers: [app] }, records: [rec(init1, 'running')], want: { kill: [], startInit: [], start: [], podDone: false } },
  { name: 'the next init container starts after the one before succeeded', spec: { initContainers: [init1, init2], containers: [app] }, records: [rec(init1, 0)], want: { kill: [], startInit: ['init2'], start: [], podDone: false } },
  { name: 'app containers start once every init container succeeded', spec: { initContainers: [init1, init2], containers: [app] }, records: [rec(init1, 0), rec(init2, 0)], want: { kill: [], startInit: [], start: ['app'], podDone: false } },
  { name: 'a failed init container restarts under OnFailure', spec: { restartPolicy: 'OnFailure', initContainers: [init1], containers: [app] }, records: [rec(init1, 1)], want: { kill: [], startInit: ['init1'], start: [], podDone: false } },
  { name: 'a failed init container ends the pod under Never', spec: { restartPolicy: 'Never', initContainers: [init1], containers: [app] }, records: [rec(init1, 1)], want: { kill: [], startInit: [], start: [], podDone: true } },
  { name: 'an exited app container restarts under Always', spec: { containers: [app] }, records: [rec(app, 0)], want: { kill: [], startInit: [], start: ['app'], podDone: false } },
  { name: 'a pod whose containers all exited under Never is done', spec: { restartPolicy: 'Never', containers: [app] }, records: [rec(app, 1)], want: { kill: [], startInit: [], start: [], podDone: true } },
  { name: 'OnFailure restarts a failure but not a success', spec: { restartPolicy: 'OnFailure', containers: [app, { name: 'b', image: 'x' }] }, records: [rec(app, 0), rec({ name: 'b', image: 'x' }, 2)], want: { kill: [], startInit: [], start: ['b'], podDone: false } },
  { name: 'a failed liveness probe kills and restarts', spec: { containers: [app] }, records: [rec(app, 'running', { livenessFailed: true })], want: { kill: [{ name: 'app', message: 'Container app failed liveness probe, will be restarted', probe: 'livenessProbe' }], startInit: [], start: ['app'], podDone: false } },
  // Nothing is left to keep or start, so the whole pod is killed (the kubelet's KillPod).
  { name: 'under Never a failed liveness probe ends the pod', spec: { restartPolicy: 'Never', containers: [app] }, records: [rec(app, 'running', { livenessFailed: true })], want: { kill: [{ name: 'app', message: 'Container app failed liveness probe', probe: 'livenessProbe' }], startInit: [], start: [], podDone: true } },
  { name: 'a failed startup probe kills and restarts', spec: { containers: [app] }, records: [rec(app, 'running', { startupFailed: true })], want: { kill: [{ name: 'app', message: 'Container app failed startup probe, will be restarted', probe: 'startupProbe' }], startInit: [], start: ['app'], podDone: false } },
  { name: 'a changed image restarts the container whatever the policy', spec: { restartPolicy: 'Never', containers: [{ ...app, image: 'nginx:1.15' }] }, records: [rec(app, 'running')], want: { kill: [{ name: 'app', message: 'Container app definition changed, will be restarted', probe: undefined }], startInit: [], start: ['app'], podDone: false } },
  { name: 'a started sidecar lets the next init container start', spec: { initContainers: [sidecar, init1], containers: [app] }, records: [rec(sidecar, 'running')], want: { kill: [], startInit: ['init1'], start: [], podDone: false } },
  { name: 'an exited sidecar restarts while the app runs', spec: { initContainers: [sidecar], containers: [app] }, records: [rec(sidecar, 0), rec(app, 'running')], want: { kill: [], startInit: ['proxy'], start: [], podDone: false } },
  { name: 'an ephemeral container that never ran starts, even while an init container runs', spec: { initContainers: [init1], containers: [app], ephemeralContainers: [debug] }, records: [rec(init1, 'running')], want: { kill: [], startInit: [], start: [], startEphemeral: ['debugger-abcde'], podDone: false } },
  { name: 'an exited ephemeral container is never started again', spec: { containers: [app], ephemeralContainers: [debug] }, records: [rec(app, 'running'), rec(debug, 1)], want: { kill: [], startInit: [], start: [], podDone: false } },
  { name: 'a pod that is done starts no ephemeral container', spec: { restartPolicy: 'Never', containers: [app], ephemeralContainers: [debug] }, records: [rec(app, 0)], want: { kill: [], startInit: [], start: [], podDone: true } },
];

// startEphemeral is empty unless a case says otherwise.
for (const { name, spec, records, want } of cases) test(name, () => assert.deepEqual(actions(spec, records), { startEphemeral: [], ...want }));

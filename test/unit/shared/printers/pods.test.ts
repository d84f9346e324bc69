import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { podPrinter, podSummary } from '../../../../shared/printers/pods.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const ago = (ms: number): string => new Date(now - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const minute = 60_000;

const running = { running: { startedAt: ago(10 * minute) } };
const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (reason: string, exitCode: number) => ({ terminated: { reason, exitCode, finishedAt: ago(minute) } });

/** A pod with one app container `app` (and optionally one init container `init`). */
function pod(status: Record<string, unknown>, extra: { init?: boolean; sidecar?: boolean; deleting?: boolean } = {}): KubeObject {
  const initContainers = extra.init || extra.sidecar ? [{ name: 'init', image: 'busybox', ...(extra.sidecar ? { restartPolicy: 'Always' } : {}) }] : undefined;
  return {
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(5 * minute), ...(extra.deleting ? { deletionTimestamp: ago(0) } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(initContainers ? { initContainers } : {}) },
    status,
  };
}
const app = (state: object, more: object = {}) => ({ containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state, ...more }] });

describe('pod READY and STATUS (printPod, reference §13.1)', () => {
  const cases: { name: string; given: KubeObject; want: [string, string] }[] = [
    { name: 'shows Pending before any container status exists', given: pod({ phase: 'Pending' }), want: ['0/1', 'Pending'] },
    { name: 'shows ContainerCreating while the container waits for it', given: pod({ phase: 'Pending', ...app(waiting('ContainerCreating')) }), want: ['0/1', 'ContainerCreating'] },
    {
      name: 'shows Init:0/1 while the init container runs',
      given: pod(
        { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: running }], ...app(waiting('PodInitializing')) },
        { init: true },
      ),
      want: ['0/1', 'Init:0/1'],
    },
    {
      name: 'shows Init:CrashLoopBackOff for a failing init container',
      given: pod(
        { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 2, state: waiting('CrashLoopBackOff') }], ...app(waiting('PodInitializing')) },
        { init: true },
      ),
      want: ['0/1', 'Init:CrashLoopBackOff'],
    },
    {
      name: 'shows Init:Error for an init container that exited non-zero',
      given: pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: terminated('Error', 1) }] }, { init: true }),
      want: ['0/1', 'Init:Error'],
    },
    {
      name: 'shows Init:ExitCode:N for a failed init container without a reason',
      given: pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: { terminated: { exitCode: 3 } } }] }, { init: true }),
      want: ['0/1', 'Init:ExitCode:3'],
    },
    {
      name: 'shows PodInitializing once init is done',
      given: pod(
        { phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: terminated('Completed', 0) }], ...app(waiting('PodInitializing')) },
        { init: true },
      ),
      want: ['0/1', 'PodInitializing'],
    },
    { name: 'shows Running with the ready count', given: pod({ phase: 'Running', ...app(running, { ready: true }) }), want: ['1/1', 'Running'] },
    { name: 'shows Running but 0/1 for a running container that is not ready', given: pod({ phase: 'Running', ...app(running) }), want: ['0/1', 'Running'] },
    { name: 'shows Completed for a container that exited 0', given: pod({ phase: 'Succeeded', ...app(terminated('Completed', 0)) }), want: ['0/1', 'Completed'] },
    { name: 'shows Error for a container that exited non-zero', given: pod({ phase: 'Failed', ...app(terminated('Error', 1)) }), want: ['0/1', 'Error'] },
    { name: 'shows OOMKilled for a container killed for memory', given: pod({ phase: 'Running', ...app(terminated('OOMKilled', 137)) }), want: ['0/1', 'OOMKilled'] },
    { name: 'shows Signal:N for a signalled container without a reason', given: pod({ phase: 'Failed', ...app({ terminated: { exitCode: 137, signal: 9 } }) }), want: ['0/1', 'Signal:9'] },
    { name: 'shows CrashLoopBackOff from the waiting reason', given: pod({ phase: 'Running', ...app(waiting('CrashLoopBackOff')) }), want: ['0/1', 'CrashLoopBackOff'] },
    { name: 'shows ErrImagePull from the waiting reason', given: pod({ phase: 'Pending', ...app(waiting('ErrImagePull')) }), want: ['0/1', 'ErrImagePull'] },
    { name: 'shows ImagePullBackOff from the waiting reason', given: pod({ phase: 'Pending', ...app(waiting('ImagePullBackOff')) }), want: ['0/1', 'ImagePullBackOff'] },
    { name: 'shows Terminating while a live pod is being deleted', given: pod({ phase: 'Running', ...app(running, { ready: true }) }, { deleting: true }), want: ['1/1', 'Terminating'] },
    { name: 'keeps Completed for a finished pod being deleted', given: pod({ phase: 'Succeeded', ...app(terminated('Completed', 0)) }, { deleting: true }), want: ['0/1', 'Completed'] },
    { name: 'shows Unknown for a pod on a lost node being deleted', given: pod({ phase: 'Running', reason: 'NodeLost', ...app(running, { ready: true }) }, { deleting: true }), want: ['1/1', 'Unknown'] },
    { name: 'shows Evicted from status.reason', given: pod({ phase: 'Failed', reason: 'Evicted' }), want: ['0/1', 'Evicted'] },
    {
      name: 'shows SchedulingGated from the PodScheduled condition',
      given: pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
      want: ['0/1', 'SchedulingGated'],
    },
    {
      name: 'counts a started sidecar in READY and keeps it out of STATUS',
      given: pod(
        { phase: 'Running', initContainerStatuses: [{ name: 'init', ready: true, started: true, restartCount: 0, state: running }], ...app(running, { ready: true }) },
        { sidecar: true },
      ),
      want: ['2/2', 'Running'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const summary = podSummary(c.given, now);
      assert.deepEqual([summary.ready, summary.status], c.want);
    });
  }

  it('lets the first container with a reason win', () => {
    const twoContainers: KubeObject = {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', state: waiting('CrashLoopBackOff'), restartCount: 0 },
          { name: 'b', state: waiting('ImagePullBackOff'), restartCount: 0 },
        ],
      },
    };
    assert.equal(podSummary(twoContainers, now).status, 'CrashLoopBackOff');
  });

  it('turns Completed back into Running while another container runs and the pod is Ready', () => {
    const mixed: KubeObject = {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: true, state: running, restartCount: 0 },
          { name: 'b', ready: false, state: terminated('Completed', 0), restartCount: 0 },
        ],
      },
    };
    assert.deepEqual(podSummary(mixed, now), { ready: '1/2', status: 'Running', restarts: '0' });
    mixed.status.conditions = [];
    assert.equal(podSummary(mixed, now).status, 'NotReady');
  });
});

describe('pod RESTARTS', () => {
  it('prints 0 without restarts', () => {
    assert.equal(podSummary(pod({ phase: 'Running', ...app(running, { ready: true }) }), now).restarts, '0');
  });

  it('prints the count with the age of the latest restart', () => {
    const restarted = pod({ phase: 'Running', ...app(waiting('CrashLoopBackOff'), { restartCount: 5, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * minute) } } }) });
    assert.equal(podSummary(restarted, now).restarts, '5 (5m ago)');
  });

  it('prints the bare count when no finish time is known', () => {
    assert.equal(podSummary(pod({ phase: 'Running', ...app(running, { restartCount: 2 }) }), now).restarts, '2');
  });

  it('counts init container restarts while initializing', () => {
    const initializing = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'init', restartCount: 3, state: waiting('CrashLoopBackOff'), lastState: { terminated: { exitCode: 1, finishedAt: ago(12_000) } } }],
        ...app(waiting('PodInitializing')),
      },
      { init: true },
    );
    assert.deepEqual(podSummary(initializing, now), { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '3 (12s ago)' });
  });

  it('forgets finished init container restarts once initialized, but keeps sidecar restarts', () => {
    const initialized: KubeObject = {
      metadata: { name: 'web' },
      spec: { initContainers: [{ name: 'setup' }, { name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        initContainerStatuses: [
          { name: 'setup', restartCount: 4, state: terminated('Completed', 0) },
          { name: 'proxy', restartCount: 1, started: true, ready: true, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * minute) } } },
        ],
        containerStatuses: [{ name: 'app', restartCount: 0, ready: true, state: running }],
      },
    };
    assert.deepEqual(podSummary(initialized, now), { ready: '2/2', status: 'Running', restarts: '1 (3m ago)' });
  });
});

describe('podPrinter', () => {
  it('declares the pod columns with their types and priorities', () => {
    assert.deepEqual(
      podPrinter.columns.map((c) => [c.name, c.type, c.priority]),
      [
        ['Name', 'string', 0],
        ['Ready', 'string', 0],
        ['Status', 'string', 0],
        ['Restarts', 'string', 0],
        ['Age', 'string', 0],
        ['IP', 'string', 1],
        ['Node', 'string', 1],
        ['Nominated Node', 'string', 1],
        ['Readiness Gates', 'string', 1],
      ],
    );
    assert.equal(podPrinter.columns[0]!.format, 'name');
  });

  it('prints a running pod row cell by cell', () => {
    const web = pod({ phase: 'Running', podIPs: [{ ip: '10.244.1.5' }], ...app(running, { ready: true }) });
    web.spec.nodeName = 'node1';
    assert.deepEqual(podPrinter.cells(web, now), ['web', '1/1', 'Running', '0', '5m', '10.244.1.5', 'node1', '<none>', '<none>']);
  });

  it('prints <none> for the IP and node of an unscheduled pod', () => {
    assert.deepEqual(podPrinter.cells(pod({ phase: 'Pending' }), now).slice(5, 7), ['<none>', '<none>']);
  });

  it('counts true readiness gates', () => {
    const gated = pod({ phase: 'Running', conditions: [{ type: 'example.com/lb', status: 'True' }] });
    gated.spec.readinessGates = [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }];
    assert.equal(podPrinter.cells(gated, now)[8], '1/2');
  });

  const conditionCases: { name: string; given: string; want: unknown }[] = [
    { name: 'marks a Succeeded pod Completed', given: 'Succeeded', want: [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }] },
    { name: 'marks a Failed pod Completed', given: 'Failed', want: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }] },
    { name: 'gives a Running pod no row condition', given: 'Running', want: undefined },
  ];
  for (const c of conditionCases) {
    it(c.name, () => assert.deepEqual(podPrinter.conditions!(pod({ phase: c.given })), c.want));
  }
});

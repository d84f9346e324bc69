/**
 * `kubectl get pods`: NAME READY STATUS RESTARTS AGE, plus IP, NODE, NOMINATED NODE and READINESS
 * GATES for -o wide. The STATUS algorithm is printers.go's printPod in 1.32, init containers and
 * sidecars included (reference/kubectl-compat.md §13.1); the kubelet and controllers write the
 * status fields that make each STATUS value appear.
 */
import type { KubeObject } from '../api/meta.js';
import { humanDuration, parseTimestamp } from '../duration.js';
import { age, ageColumn, column, hasTrueCondition, nameColumn, orNone } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer, TableRowCondition } from './table.js';

interface ContainerState {
  waiting?: { reason?: string };
  running?: unknown;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

/** What the READY, STATUS and RESTARTS cells show for a pod. */
export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** Tracks the restart count and the latest lastState.terminated.finishedAt of a set of containers. */
class Restarts {
  count = 0;
  last: number | undefined;

  add(status: ContainerStatus): void {
    this.count += status.restartCount ?? 0;
    const finished = parseTimestamp(status.lastState?.terminated?.finishedAt);
    if (finished !== undefined && (this.last === undefined || finished > this.last)) this.last = finished;
  }
}

/**
 * READY, STATUS and RESTARTS of a pod at `now`, as printPod computes them: `1/1 Running 0`,
 * `0/1 Init:CrashLoopBackOff 3 (12s ago)`, `0/1 Terminating 0`.
 */
export function podSummary(pod: KubeObject, now: number): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  if ((status.conditions ?? []).some((c: { type?: string; reason?: string }) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  // Sidecars (init containers with restartPolicy Always) count toward READY's total.
  const initSpecs: { name?: string; restartPolicy?: string }[] = spec.initContainers ?? [];
  const sidecars = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = (spec.containers ?? []).length + sidecars.size;
  let ready = 0;

  const all = new Restarts();
  const sidecarRestarts = new Restarts();
  let initializing = false;
  const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    const isSidecar = sidecars.has(container.name);
    all.add(container);
    if (isSidecar) sidecarRestarts.add(container);
    const terminated = container.state?.terminated;
    const waitingReason = container.state?.waiting?.reason;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && container.started === true) {
      if (container.ready) ready++;
      continue;
    }
    initializing = true;
    if (terminated) reason = terminated.reason ? `Init:${terminated.reason}` : `Init:${exitDescription(terminated)}`;
    else if (waitingReason && waitingReason !== 'PodInitializing') reason = `Init:${waitingReason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    break;
  }

  let restarts = all;
  if (!initializing || hasTrueCondition(status.conditions, 'Initialized')) {
    // Once initialized, only sidecar restarts still count from the init containers.
    restarts = sidecarRestarts;
    let hasRunning = false;
    const statuses: ContainerStatus[] = status.containerStatuses ?? [];
    // Walked last to first, so the first container with a waiting or terminated reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts.add(container);
      const state = container.state ?? {};
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated?.reason) reason = state.terminated.reason;
      else if (state.terminated) reason = exitDescription(state.terminated);
      else if (container.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A finished container next to a running one: the pod is not "Completed" yet.
    if (reason === 'Completed' && hasRunning) reason = hasTrueCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsCell = String(restarts.count);
  if (restarts.count !== 0 && restarts.last !== undefined) {
    restartsCell = `${restarts.count} (${humanDuration(now - restarts.last)} ago)`;
  }
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsCell };
}

function exitDescription(terminated: NonNullable<ContainerState['terminated']>): string {
  return terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
}

/** READINESS GATES: `<none>`, or how many of the gates' conditions are True, e.g. `1/2`. */
function readinessGates(pod: KubeObject): string {
  const gates: { conditionType?: string }[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions: { type?: string; status?: string }[] = pod.status?.conditions ?? [];
  const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueCount}/${gates.length}`;
}

const succeeded: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const failed: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn,
    column('IP', 'string', apiDocs['PodStatus.podIP'], 1),
    column('Node', 'string', apiDocs['PodSpec.nodeName'], 1),
    column('Nominated Node', 'string', apiDocs['PodStatus.nominatedNodeName'], 1),
    column('Readiness Gates', 'string', apiDocs['PodSpec.readinessGates'], 1),
  ],
  cells(pod, now) {
    const summary = podSummary(pod, now);
    return [
      pod.metadata.name ?? '',
      summary.ready,
      summary.status,
      summary.restarts,
      age(pod, now),
      // v1 conversion fills podIPs from a lone podIP, so either field gives the IP.
      orNone(pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP),
      orNone(pod.spec?.nodeName),
      orNone(pod.status?.nominatedNodeName),
      readinessGates(pod),
    ];
  },
  conditions(pod) {
    const phase = pod.status?.phase;
    return phase === 'Succeeded' ? succeeded : phase === 'Failed' ? failed : undefined;
  },
};

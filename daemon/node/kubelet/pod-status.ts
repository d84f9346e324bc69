/**
 * The pod status the kubelet writes through `pods/status` (k/k `kubelet_pods.go`
 * generateAPIPodStatus, convertToAPIContainerStatuses and getPhase, `status/generate.go`, the
 * prober manager's UpdatePodStatus, and the status manager's transition times): container
 * statuses from the instances the worker holds, the phase, and the kubelet's five conditions in
 * its order, and the ephemeral containers' statuses (kubectl debug). Pure: the caller passes the
 * time and the status written before. Left out: resize conditions, resource and user fields (off
 * by default in 1.32).
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { rfc3339 } from '../../../shared/clock.js';
import {
  isSidecar, shouldContainerBeRestarted, type ContainerInstance, type ContainerRecord, type ContainerSpec,
} from './container-state.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Status = Record<string, any>;

export interface PodStatusInput {
  pod: Readonly<KubeObject>;
  /** The status written last (the status manager's cache), or the API's: transition times, startTime and kept fields come from it. */
  oldStatus: Status;
  containers: ReadonlyMap<string, ContainerRecord>;
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  /** The pod will run nothing more (deleted, or done): a stopped pod is Succeeded or Failed. */
  podIsTerminal: boolean;
  now: number;
}

/** Conditions the kubelet owns (kubetypes.PodConditionByKubelet); others are kept as they are. */
const kubeletConditions = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);
const terminalPhases = new Set(['Succeeded', 'Failed']);

export function generatePodStatus(input: PodStatusInput): Status {
  const { pod, oldStatus } = input;
  const spec = pod.spec ?? {};
  const hasInit = (spec.initContainers ?? []).length > 0;
  const initStatuses = (spec.initContainers ?? []).map((c: ContainerSpec) => containerStatus(input, c, true, hasInit));
  // The kubelet sorts app container statuses by name (kubetypes.SortedContainerStatuses).
  const appStatuses = (spec.containers ?? []).map((c: ContainerSpec) => containerStatus(input, c, false, hasInit)).sort((a: Status, b: Status) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const anyAppRunning = appStatuses.some((s: Status) => s.state.running);
  const phase = stickyPhase(getPhase(spec, initStatuses, appStatuses, input.podIsTerminal, anyAppRunning), oldStatus.phase, pod.status?.phase);

  const status: Status = { phase };
  if (phase === oldStatus.phase) {
    const reason = oldStatus.reason || pod.status?.reason;
    const message = oldStatus.message || pod.status?.message;
    if (reason) status.reason = reason;
    if (message) status.message = message;
  }
  status.conditions = podConditions(input, initStatuses, appStatuses, phase);
  status.hostIP = input.hostIP;
  status.hostIPs = [{ ip: input.hostIP }];
  // A torn-down sandbox keeps its IP in the status (completed pods still show it with -o wide).
  const podIP = input.podIP ?? oldStatus.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  status.startTime = oldStatus.startTime ?? pod.status?.startTime ?? rfc3339(input.now);
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  status.containerStatuses = appStatuses;
  const ephemeralStatuses = (spec.ephemeralContainers ?? []).map((c: ContainerSpec) => ephemeralContainerStatus(input, c, hasInit));
  if (ephemeralStatuses.length > 0) status.ephemeralContainerStatuses = ephemeralStatuses;
  const qosClass = oldStatus.qosClass ?? pod.status?.qosClass;
  if (qosClass) status.qosClass = qosClass;
  if (pod.status?.nominatedNodeName) status.nominatedNodeName = pod.status.nominatedNodeName;
  return status;
}

/** A terminal phase never changes back (the kubelet's three-way merge and its illegal-transition guard). */
function stickyPhase(phase: string, oldPhase: string | undefined, apiPhase: string | undefined): string {
  if (apiPhase && terminalPhases.has(apiPhase)) return apiPhase;
  if (!terminalPhases.has(phase) && oldPhase && terminalPhases.has(oldPhase)) return oldPhase;
  return phase;
}

function terminatedState(instance: ContainerInstance): Status {
  const exit = instance.exit!;
  // No `signal`: CRI statuses carry none, so the kubelet never sets it (even for a SIGKILL, 137).
  const terminated: Status = { exitCode: exit.exitCode, reason: exit.reason };
  if (exit.message) terminated.message = exit.message;
  terminated.startedAt = rfc3339(instance.startedAt);
  terminated.finishedAt = rfc3339(exit.finishedAt);
  terminated.containerID = instance.id;
  return terminated;
}

function volumeMountStatuses(container: ContainerSpec): Status[] | undefined {
  const mounts = (container.volumeMounts ?? []).map((m: Status) => {
    const out: Status = { name: m.name, mountPath: m.mountPath };
    if (m.readOnly) {
      out.readOnly = true;
      out.recursiveReadOnly = 'Disabled';
    }
    return out;
  });
  return mounts.length > 0 ? mounts : undefined;
}

/** One container's status: the latest instance, the one before as lastState, then the reasonCache. */
function containerStatus(input: PodStatusInput, container: ContainerSpec, isInit: boolean, hasInit: boolean): Status {
  const record = input.containers.get(container.name);
  const current = record?.current;
  let state: Status = { waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' } };
  let lastState: Status = {};
  if (current) state = current.exit ? { terminated: terminatedState(current) } : { running: { startedAt: rfc3339(current.startedAt) } };
  if (record?.previous?.exit) lastState = { terminated: terminatedState(record.previous) };

  // A container the kubelet will start or restart shows why it is waiting, once a sync recorded a
  // reason (CrashLoopBackOff, ErrImagePull…); until then it keeps its terminated state.
  const initDone = isInit && !isSidecar(container) && current?.exit?.exitCode === 0;
  if (!initDone && record?.waiting && shouldContainerBeRestarted(input.pod, container, record)) {
    if (state.terminated) lastState = state;
    state = { waiting: record.waiting.message ? { reason: record.waiting.reason, message: record.waiting.message } : { reason: record.waiting.reason } };
  }

  const running = state.running !== undefined;
  const started = running && (!container.startupProbe || record!.startupSucceeded);
  let ready: boolean;
  if (isInit && !isSidecar(container)) ready = state.terminated?.exitCode === 0;
  else ready = started && (!container.readinessProbe || record!.readinessSucceeded);

  const status: Status = {
    name: container.name,
    state,
    lastState,
    ready,
    restartCount: record?.restartCount ?? 0,
    image: current?.image ?? container.image,
    imageID: current?.imageID ?? '',
  };
  if (current) status.containerID = current.id;
  status.started = started;
  const mounts = volumeMountStatuses(container);
  if (mounts) status.volumeMounts = mounts;
  return status;
}

/**
 * An ephemeral container's status: never ready, never restarted, and without `started` (the
 * prober manager sets it for app and init containers only). It counts in no pod condition or phase.
 */
function ephemeralContainerStatus(input: PodStatusInput, container: ContainerSpec, hasInit: boolean): Status {
  const status = containerStatus(input, container, false, hasInit);
  delete status.started;
  status.ready = false;
  return status;
}

/** kubelet getPhase (1.32, without the alpha container restart rules). */
export function getPhase(spec: Status, initStatuses: Status[], appStatuses: Status[], podIsTerminal: boolean, podHasInitialized: boolean): string {
  let pendingInit = 0;
  let pendingSidecars = 0;
  let failedInit = 0;
  const initByName = new Map(initStatuses.map((s) => [s.name, s]));
  for (const container of spec.initContainers ?? []) {
    const status = initByName.get(container.name);
    if (isSidecar(container)) continue;
    if (!status || status.state.running) pendingInit++;
    else if (status.state.terminated) {
      if (status.state.terminated.exitCode !== 0) failedInit++;
    } else if (status.lastState.terminated) {
      if (status.lastState.terminated.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const container of spec.initContainers ?? []) {
    if (!isSidecar(container)) continue;
    const status = initByName.get(container.name);
    if (!status) {
      unknown++;
      pendingSidecars++;
    } else if (status.state.running) {
      if (!status.started) pendingSidecars++;
      running++;
    } else if (status.state.waiting && !status.lastState.terminated) {
      pendingSidecars++;
      waiting++;
    }
  }
  const appByName = new Map(appStatuses.map((s) => [s.name, s]));
  for (const container of spec.containers ?? []) {
    const status = appByName.get(container.name);
    if (!status) unknown++;
    else if (status.state.running) running++;
    else if (status.state.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.lastState.terminated) stopped++;
    else waiting++;
  }

  if (failedInit > 0 && spec.restartPolicy === 'Never') return 'Failed';
  if (pendingInit > 0 || (pendingSidecars > 0 && !podHasInitialized) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if ((spec.restartPolicy ?? 'Always') === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

function podConditions(input: PodStatusInput, initStatuses: Status[], appStatuses: Status[], phase: string): Status[] {
  const { pod } = input;
  const kept = (pod.status?.conditions ?? []).filter((c: Status) => !kubeletConditions.has(c.type));
  const containersReady = containersReadyCondition(pod.spec ?? {}, initStatuses, appStatuses, phase);
  const generated: Condition[] = [
    { type: 'PodReadyToStartContainers', status: input.sandboxReady ? 'True' : 'False' },
    initializedCondition(pod.spec ?? {}, initStatuses, appStatuses, phase),
    readyCondition(pod.spec ?? {}, kept, containersReady),
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
  const old = new Map<string, Status>((input.oldStatus.conditions ?? pod.status?.conditions ?? []).map((c: Status) => [c.type, c]));
  const apiScheduled = (pod.status?.conditions ?? []).find((c: Status) => c.type === 'PodScheduled');
  if (apiScheduled && !old.has('PodScheduled')) old.set('PodScheduled', apiScheduled);
  return [...kept, ...generated.map((c) => withTransitionTime(c, old.get(c.type), input.now))];
}

/** The status manager keeps lastTransitionTime while a condition's status stays the same. */
function withTransitionTime(condition: Condition, old: Status | undefined, now: number): Status {
  const out: Status = { type: condition.type, status: condition.status, lastProbeTime: null };
  out.lastTransitionTime = old && old.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now);
  if (condition.reason) out.reason = condition.reason;
  if (condition.message) out.message = condition.message;
  return out;
}

/** Go's fmt of a []string: `[a b]`. */
const goList = (names: string[]): string => `[${names.join(' ')}]`;

function containersReadyCondition(spec: Status, initStatuses: Status[], appStatuses: Status[], phase: string): Condition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string, status: Status | undefined): void => {
    if (!status) unknown.push(name);
    else if (!status.ready) unready.push(name);
  };
  for (const c of spec.initContainers ?? []) if (isSidecar(c)) check(c.name, initStatuses.find((s) => s.name === c.name));
  for (const c of spec.containers ?? []) check(c.name, appStatuses.find((s) => s.name === c.name));
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length > 0) return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

function readyCondition(spec: Status, conditions: Status[], containersReady: Condition): Condition {
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const unready: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const condition = conditions.find((c) => c.type === gate.conditionType);
    if (!condition) unready.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (condition.status !== 'True') unready.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${condition.status}`);
  }
  if (unready.length > 0) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: unready.join(', ') };
  return { type: 'Ready', status: 'True' };
}

function initializedCondition(spec: Status, initStatuses: Status[], appStatuses: Status[], phase: string): Condition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of spec.initContainers ?? []) {
    const status = initStatuses.find((s) => s.name === c.name);
    if (!status) unknown.push(c.name);
    else if (isSidecar(c) ? !status.started : !status.ready) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  // Once an app container has run, the pod was initialized (sidecars may be restarting).
  if (appStatuses.some((s) => s.state.running || s.state.terminated)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length > 0) return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: messages.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

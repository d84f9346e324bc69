/**
 * What one sync of a pod must do, decided from what the kubelet knows (k/k `kuberuntime_manager.go`
 * computePodActions and computeInitContainerActions, 1.32): which init container runs next (one
 * at a time, in order; sidecars stay running), which app containers to start or restart, which
 * to kill (failed liveness or startup probe, changed spec), and whether the pod is done. Pure;
 * the crash-loop back-off is applied when a start is attempted, not here.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import {
  isSidecar, shouldContainerBeRestarted, specHashOf, type ContainerRecord, type ContainerSpec,
} from './container-state.js';

export interface ContainerToKill {
  name: string;
  /** The `Killing` event message. */
  message: string;
  /** Probe kills use the probe's own terminationGracePeriodSeconds when it has one. */
  probe?: 'livenessProbe' | 'startupProbe';
}

export interface PodActions {
  kill: ContainerToKill[];
  /** Init containers to start, in spec order: the next regular one and sidecars to (re)start. */
  startInit: string[];
  /** App containers to start or restart, in spec order. */
  start: string[];
  /** Ephemeral containers that never ran (kubectl debug), in spec order: each is started once. */
  startEphemeral: string[];
  /** Nothing runs and nothing will be started again: the pod is finished (the kubelet's KillPod). */
  podDone: boolean;
}

export function computePodActions(pod: Readonly<KubeObject>, records: ReadonlyMap<string, ContainerRecord>): PodActions {
  const actions: PodActions = { kill: [], startInit: [], start: [], startEphemeral: [], podDone: false };
  const initialized = initContainerActions(pod, records, actions);
  if (actions.podDone) return actions;
  // As computePodActions does, ephemeral containers start whatever the init containers' progress.
  for (const container of (pod.spec?.ephemeralContainers ?? []) as ContainerSpec[]) {
    if (!records.get(container.name)?.current) actions.startEphemeral.push(container.name);
  }
  if (!initialized) return actions;

  const restartOnFailure = (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
  let keep = 0;
  for (const container of (pod.spec?.containers ?? []) as ContainerSpec[]) {
    const record = records.get(container.name);
    const latest = record?.current;
    if (!latest || latest.exit) {
      if (shouldContainerBeRestarted(pod, container, record)) actions.start.push(container.name);
      continue;
    }
    let message: string;
    let restart = restartOnFailure;
    let probe: ContainerToKill['probe'];
    if (latest.specHash !== specHashOf(container)) {
      message = `Container ${container.name} definition changed`;
      restart = true; // a new spec runs whatever the restart policy says
    } else if (record.livenessFailed) {
      message = `Container ${container.name} failed liveness probe`;
      probe = 'livenessProbe';
    } else if (record.startupFailed) {
      message = `Container ${container.name} failed startup probe`;
      probe = 'startupProbe';
    } else {
      keep++;
      continue;
    }
    if (restart) {
      message += ', will be restarted';
      actions.start.push(container.name);
    }
    actions.kill.push({ name: container.name, message, probe });
  }
  if (keep === 0 && actions.start.length === 0) {
    actions.podDone = true;
    actions.startEphemeral = []; // a pod being finished starts nothing new
  }
  return actions;
}

/**
 * Walks the init containers from the last to the first, as the kubelet does (completed ones may
 * have been garbage-collected, so the last one known decides), and returns whether the pod is
 * initialized. A failed regular init container under `restartPolicy: Never` ends the pod.
 */
function initContainerActions(pod: Readonly<KubeObject>, records: ReadonlyMap<string, ContainerRecord>, actions: PodActions): boolean {
  const inits = (pod.spec?.initContainers ?? []) as ContainerSpec[];
  if (inits.length === 0) return true;
  // A running app container means initialization happened before, whatever the init records say.
  let initialized = ((pod.spec?.containers ?? []) as ContainerSpec[]).some((c) => {
    const current = records.get(c.name)?.current;
    return current !== undefined && !current.exit;
  });
  let previouslyInitialized = initialized;
  const restartOnFailure = (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
  const toStart: string[] = [];

  for (let i = inits.length - 1; i >= 0; i--) {
    const container = inits[i]!;
    const record = records.get(container.name);
    const latest = record?.current;
    const sidecar = isSidecar(container);
    const next = inits[i + 1];
    if (!latest) {
      if (previouslyInitialized && sidecar) toStart.push(container.name);
      continue;
    }
    if (previouslyInitialized && !sidecar) continue;

    if (!latest.exit) {
      if (sidecar) {
        if (container.startupProbe && !record.startupSucceeded) {
          if (record.startupFailed) {
            actions.kill.push({ name: container.name, message: `Init container ${container.name} failed startup probe`, probe: 'startupProbe' });
            toStart.push(container.name);
          }
        } else {
          if (!next) initialized = true;
          else if (!previouslyInitialized) toStart.push(next.name);
          if (latest.specHash !== specHashOf(container)) {
            actions.kill.push({ name: container.name, message: `Init container ${container.name} definition changed` });
            toStart.push(container.name);
          } else if (container.livenessProbe && record.livenessFailed) {
            actions.kill.push({ name: container.name, message: `Init container ${container.name} failed liveness probe`, probe: 'livenessProbe' });
            toStart.push(container.name);
          }
        }
      }
      // A regular init container that runs: wait for it to finish.
    } else if (sidecar) {
      if (shouldContainerBeRestarted(pod, container, record)) toStart.push(container.name);
    } else if (latest.exit.exitCode !== 0) {
      if (!restartOnFailure) {
        actions.podDone = true;
        actions.startInit = [];
        return false;
      }
      if (shouldContainerBeRestarted(pod, container, record)) toStart.push(container.name);
    } else if (!next) {
      initialized = true;
    } else {
      toStart.push(next.name);
    }
    previouslyInitialized = true;
  }
  if (!previouslyInitialized) toStart.push(inits[0]!.name);
  actions.startInit = [...new Set(toStart.reverse())];
  return initialized;
}

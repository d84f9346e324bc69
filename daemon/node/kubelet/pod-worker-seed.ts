/**
 * What a kubelet that (re)starts knows of a pod it finds bound to its node: the container
 * statuses the API still holds. Their restart counts carry on, completed init containers are not
 * run again, and a container the status shows running but whose node went down with it (a reboot
 * after `kubelab node kill`) is exited as containerd reports it after a reboot: its task is gone,
 * so exit code 255, reason `Unknown` (containerd's CRI unknownExitCode / unknownExitReason).
 * After a kubelet restart (`adopt`) the running ones are still there: adopted, with their probe
 * results, for the pod worker to re-create without counting a restart.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { newContainerRecord, specHashOf, type ContainerInstance, type ContainerRecord, type ContainerSpec } from './container-state.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Status = Record<string, any>;

const lostMessage = 'The container could not be located when the pod was deleted.  The container used to be Running';

function instanceFrom(state: Status, status: Status, spec: ContainerSpec, now: number, adopt = false): ContainerInstance | undefined {
  const base = { image: status.image ?? spec.image, imageID: status.imageID ?? '', specHash: specHashOf(spec) };
  if (state.terminated?.containerID) {
    const t = state.terminated;
    return {
      ...base,
      id: t.containerID,
      startedAt: t.startedAt ? Date.parse(t.startedAt) : 0,
      exit: { exitCode: t.exitCode ?? 0, reason: t.reason ?? '', message: t.message, finishedAt: t.finishedAt ? Date.parse(t.finishedAt) : now },
    };
  }
  if (state.running && status.containerID && adopt) {
    return { ...base, id: status.containerID, startedAt: Date.parse(state.running.startedAt), adopted: true };
  }
  if (state.running && status.containerID) {
    // containerd keeps the container's record across a reboot (not ContainerStatusUnknown, which
    // the kubelet reports only for a container the runtime no longer knows at all).
    return { ...base, id: status.containerID, startedAt: Date.parse(state.running.startedAt), exit: { exitCode: 255, reason: 'Unknown', finishedAt: now } };
  }
  return undefined;
}

/** An adopted container whose process could not be made again: lost, as if its node had gone down. */
export function markLost(instance: ContainerInstance, now: number): void {
  instance.adopted = false;
  instance.exit = { exitCode: 137, reason: 'ContainerStatusUnknown', message: lostMessage, finishedAt: now };
}

/** Container records seeded from the pod's status (empty for a pod the kubelet has never run). */
export function seedContainerRecords(pod: Readonly<KubeObject>, now: number, adopt = false): Map<string, ContainerRecord> {
  const records = new Map<string, ContainerRecord>();
  const seed = (specs: ContainerSpec[] | undefined, statuses: Status[] | undefined, isInit: boolean, isEphemeral = false): void => {
    for (const spec of specs ?? []) {
      const status = (statuses ?? []).find((s) => s.name === spec.name);
      if (!status) continue;
      const record = newContainerRecord(spec.name, isInit);
      if (isEphemeral) record.isEphemeral = true;
      record.restartCount = status.restartCount ?? 0;
      record.current = instanceFrom(status.state ?? {}, status, spec, now, adopt);
      if (record.current?.adopted) {
        record.readinessSucceeded = status.ready === true;
        record.startupSucceeded = status.started === true;
      }
      record.previous = instanceFrom(status.lastState ?? {}, status, spec, now);
      if (record.current || record.previous) records.set(spec.name, record);
    }
  };
  seed(pod.spec?.initContainers, pod.status?.initContainerStatuses, true);
  seed(pod.spec?.containers, pod.status?.containerStatuses, false);
  seed(pod.spec?.ephemeralContainers, pod.status?.ephemeralContainerStatuses, false, true);
  return records;
}

/**
 * The colour of a pod by what `kubectl get pods` shows in its STATUS cell, as k9s colours its
 * rows: running and ready green, on its way (Pending, ContainerCreating, Init:0/1, not yet ready)
 * yellow, failing (CrashLoopBackOff, ErrImagePull, Error, OOMKilled, Unknown…) red, Terminating
 * grey, Completed blue.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { podSummary } from '../../shared/printers/pods.js';
import type { Color } from './segments.js';

export type PodHealth = 'running' | 'pending' | 'failing' | 'terminating' | 'completed';

const pendingStatuses = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'SchedulingGated', 'NotReady']);

export const healthColors: Record<PodHealth, Color> = {
  running: 'green',
  pending: 'yellow',
  failing: 'red',
  terminating: 'gray',
  completed: 'blue',
};

/** The health of a pod, from its STATUS and READY cells at `now`. */
export function podHealth(pod: Readonly<KubeObject>, now: number): PodHealth {
  const { status, ready } = podSummary(pod as KubeObject, now);
  if (status === 'Terminating') return 'terminating';
  if (status === 'Completed' || pod.status?.phase === 'Succeeded') return 'completed';
  if (status === 'Running') {
    const [have, want] = ready.split('/');
    return have === want ? 'running' : 'pending';
  }
  if (pendingStatuses.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'pending';
  return 'failing';
}

/**
 * The `Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed` line of the workload
 * describes (describe.go `getPodStatusForController`): pods listed by the controller's selector,
 * counted by phase when their controller ownerReference is this object's uid.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import type { Selector } from '../labels.js';
import { controllerRef } from './format.js';

const podsRef = { group: '', version: 'v1', resource: 'pods' };

export interface PodPhaseCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

export function countPodPhases(pods: readonly KubeObject[], ownerUid: string | undefined): PodPhaseCounts {
  const counts: PodPhaseCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    if (!ownerUid || controllerRef(pod)?.uid !== ownerUid) continue; // orphans and others' pods
    const phase = pod.status?.phase;
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

export async function podPhasesFor(client: ApiClient, owner: KubeObject, selector: Selector): Promise<PodPhaseCounts> {
  const pods = await client.list(podsRef, owner.metadata.namespace, { labelSelector: selector.toString() });
  return countPodPhases(pods.items, owner.metadata.uid);
}

export function podsStatusText(counts: PodPhaseCounts): string {
  return `${counts.running} Running / ${counts.waiting} Waiting / ${counts.succeeded} Succeeded / ${counts.failed} Failed`;
}

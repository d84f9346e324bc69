/**
 * The pod nominator (kube-scheduler `backend/queue` nominator): which pending pods are nominated
 * to which node — from their `status.nominatedNodeName`, or set in memory by a preemption whose
 * status write has not come back through the informer yet. The filters count a node's nominated
 * pods of equal or higher priority (framework.ts runFiltersWithNominatedPods), so the room
 * freed by preemption is kept for the preemptor instead of going to a lower-priority pod.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { PodInfo } from './pod-info.js';

/** What the framework and preemption read: the pods nominated to one node. */
export interface NominatedPods {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

const noPods: readonly PodInfo[] = [];

export class Nominator implements NominatedPods {
  private readonly byNode = new Map<string, Map<string, PodInfo>>();
  private readonly nodeOf = new Map<string, string>();

  /**
   * AddNominatedPod: `nodeName` overrides (ModeOverride, a preemption's choice); without it the
   * pod's own status.nominatedNodeName counts. An empty result removes the pod.
   */
  add(info: PodInfo, nodeName?: string): void {
    this.delete(info.key);
    const node: string = nodeName ?? info.pod.status?.nominatedNodeName ?? '';
    if (!node) return;
    this.nodeOf.set(info.key, node);
    let pods = this.byNode.get(node);
    if (!pods) this.byNode.set(node, (pods = new Map()));
    pods.set(info.key, info);
  }

  /**
   * UpdateNominatedPod: the newer pod object replaces the old one. A nomination made in memory
   * survives an update whose status still has none (the status write has not arrived yet), but
   * a status that drops or changes the nomination wins.
   */
  update(oldPod: Readonly<KubeObject>, info: PodInfo): void {
    const reserved = !oldPod.status?.nominatedNodeName && !info.pod.status?.nominatedNodeName ? this.nodeOf.get(info.key) : undefined;
    this.add(info, reserved);
  }

  delete(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const pods = this.byNode.get(node);
    pods?.delete(key);
    if (pods?.size === 0) this.byNode.delete(node);
  }

  nominatedNodeOf(key: string): string | undefined {
    return this.nodeOf.get(key);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    const pods = this.byNode.get(nodeName);
    return pods ? [...pods.values()] : noPods;
  }

  get size(): number {
    return this.nodeOf.size;
  }
}

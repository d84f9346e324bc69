/**
 * The scheduler cache (kube-scheduler `backend/cache`): NodeInfos built from the node and pod
 * informers, plus "assumed" pods — placed by a scheduling cycle and still being bound — so that
 * the next cycle already counts them. The informer's copy of a bound pod replaces the assumed
 * one; a failed bind forgets it. It is also the cycle's snapshot (see framework.ts).
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { Snapshot } from './framework.js';
import { NodeInfo } from './node-info.js';
import { podInfoOf, type PodInfo } from './pod-info.js';

export class SchedulerCache implements Snapshot {
  private readonly infos = new Map<string, NodeInfo>();
  private listed: NodeInfo[] | undefined;
  private readonly nodeOfPod = new Map<string, string>();
  private readonly assumed = new Set<string>();

  /** NodeInfos that have a Node object, in a stable order. */
  get nodes(): readonly NodeInfo[] {
    this.listed ??= [...this.infos.values()].filter((info) => info.node !== undefined);
    return this.listed;
  }

  get(name: string): NodeInfo | undefined {
    const info = this.infos.get(name);
    return info?.node ? info : undefined;
  }

  setNode(node: Readonly<KubeObject>): void {
    const name = node.metadata.name ?? '';
    if (!this.infos.get(name)?.node) this.listed = undefined;
    this.infoFor(name).setNode(node);
  }

  /** RemoveNode: the pods stay accounted until they are deleted themselves. */
  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) return;
    info.setNode(undefined);
    this.listed = undefined;
    if (info.pods.size === 0) this.infos.delete(name);
  }

  /** A bound pod as the informer sees it: confirms an assumed pod, or adds or moves it. */
  addPod(pod: Readonly<KubeObject>): void {
    const info = podInfoOf(pod);
    const nodeName: string = pod.spec?.nodeName ?? '';
    this.assumed.delete(info.key);
    const previous = this.nodeOfPod.get(info.key);
    if (previous !== undefined && previous !== nodeName) this.detach(info.key, previous);
    this.attach(info, nodeName);
  }

  removePod(key: string): void {
    this.assumed.delete(key);
    const nodeName = this.nodeOfPod.get(key);
    if (nodeName !== undefined) this.detach(key, nodeName);
  }

  /** AssumePod: counts the pod on the node before the binding is written. */
  assumePod(info: PodInfo, nodeName: string): void {
    this.assumed.add(info.key);
    this.attach(info, nodeName);
  }

  /** ForgetPod: the binding failed; only an assumption is undone, never a pod the informer confirmed. */
  forgetPod(key: string): void {
    if (this.assumed.has(key)) this.removePod(key);
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  /** Pods the cache holds (bound and assumed). */
  get podCount(): number {
    return this.nodeOfPod.size;
  }

  private infoFor(name: string): NodeInfo {
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    return info;
  }

  private attach(info: PodInfo, nodeName: string): void {
    this.nodeOfPod.set(info.key, nodeName);
    this.infoFor(nodeName).addPod(info);
  }

  private detach(key: string, nodeName: string): void {
    this.nodeOfPod.delete(key);
    const info = this.infos.get(nodeName);
    info?.removePod(key);
    if (info && !info.node && info.pods.size === 0) this.infos.delete(nodeName);
  }
}

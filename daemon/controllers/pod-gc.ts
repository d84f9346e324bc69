/**
 * The pod garbage collector (kube-controller-manager's pod-garbage-collector, `pkg/controller/podgc`),
 * every 20 s: pods bound to a node that no longer exists — once the node has stayed missing for
 * the 40 s quarantine and a GET confirms it — are marked Failed with `DisruptionTarget`
 * (DeletionByPodGC, `PodGC: node no longer exists`) and force-deleted; so are terminating pods
 * never scheduled, and terminating pods on a NotReady node tainted `out-of-service`.
 * Left out: the terminated-pod threshold (12,500 finished pods; no lab gets near it).
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock, type Timer } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

type Obj = Readonly<KubeObject>;

const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
/** gcCheckPeriod and quarantineTime of k/k podgc. */
export const gcCheckPeriodMs = 20_000;
export const quarantineMs = 40_000;
const outOfServiceTaint = 'node.kubernetes.io/out-of-service';
const orphanCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
const log = logger('pod-garbage-collector');

export interface PodGCControllerOptions {
  client: ApiClient;
  clock: Clock;
  pods: SharedInformer;
  nodes: SharedInformer;
}

export class PodGCController implements Controller {
  readonly name = 'pod-garbage-collector';
  /** Nodes seen missing, and whether their quarantine is over (a Clock timer, so `--speed` shortens it). */
  private readonly quarantined = new Map<string, { over: boolean; timer: Timer }>();
  private running = false;

  constructor(private readonly options: PodGCControllerOptions) {}

  static fromContext(context: ControllerContext): PodGCController {
    const { client, clock, informers } = context;
    return new PodGCController({ client, clock, pods: informers.informerFor(podsRef), nodes: informers.informerFor(nodesRef) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.pods.waitForSync(signal)) || !(await this.options.nodes.waitForSync(signal))) return;
    const timer = this.options.clock.every(gcCheckPeriodMs, () => void this.runOnce());
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    timer.cancel();
    for (const entry of this.quarantined.values()) entry.timer.cancel();
  }

  /** One pass of gc(); a pass still running when the next tick comes makes the tick a no-op. */
  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.gc();
    } catch (err) {
      log.error('pod GC pass failed', { error: (err as Error).message });
    } finally {
      this.running = false;
    }
  }

  async gc(): Promise<void> {
    const pods = this.options.pods.list();
    const nodes = new Map(this.options.nodes.list().map((n) => [n.metadata.name!, n]));
    for (const pod of pods) {
      if (!pod.metadata.deletionTimestamp) continue;
      const node = nodes.get(pod.spec?.nodeName ?? '');
      if (node && !isNodeReady(node) && (node.spec?.taints ?? []).some((t: { key: string }) => t.key === outOfServiceTaint)) await this.markFailedAndDelete(pod);
    }
    await this.gcOrphaned(pods, nodes);
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp && !pod.spec?.nodeName) await this.markFailedAndDelete(pod);
    }
  }

  /** gcOrphaned: quarantine nodes newly seen missing, then delete the pods of those confirmed gone. */
  private async gcOrphaned(pods: readonly Obj[], nodes: ReadonlyMap<string, Obj>): Promise<void> {
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName as string | undefined;
      if (!nodeName || nodes.has(nodeName) || this.quarantined.has(nodeName)) continue;
      const entry = { over: false } as { over: boolean; timer: Timer };
      entry.timer = this.options.clock.after(quarantineMs, () => (entry.over = true));
      this.quarantined.set(nodeName, entry);
    }
    const deleted = new Set<string>();
    for (const [nodeName, entry] of this.quarantined) {
      if (!entry.over) continue;
      this.quarantined.delete(nodeName);
      if (nodes.has(nodeName) || (await this.nodeExists(nodeName))) continue;
      deleted.add(nodeName);
    }
    for (const pod of pods) {
      if (!deleted.has(pod.spec?.nodeName ?? '')) continue;
      log.info('found orphaned pod assigned to the node, deleting', { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, node: pod.spec?.nodeName });
      await this.markFailedAndDelete(pod, orphanCondition);
    }
  }

  private async nodeExists(name: string): Promise<boolean> {
    try {
      await this.options.client.get(nodesRef, undefined, name);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** markFailedAndDeletePodWithCondition: phase Failed (a dead node's pod would stay Running), then delete with grace 0. */
  private async markFailedAndDelete(pod: Obj, condition?: typeof orphanCondition): Promise<void> {
    const { client, clock } = this.options;
    const { namespace, name } = pod.metadata;
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        // A status PUT of the latest pod rather than k/k's strategic patch: a patch's `null`
        // would drop lastProbeTime, which Go prints as null on every condition.
        const fresh = await client.get(podsRef, namespace, name!);
        if (fresh.metadata.uid !== pod.metadata.uid) return; // replaced by a new pod of the same name
        const conditions = [...(fresh.status?.conditions ?? [])] as { type: string; status: string; lastTransitionTime?: string }[];
        if (condition) {
          const index = conditions.findIndex((c) => c.type === condition.type);
          const lastTransitionTime = index >= 0 && conditions[index]!.status === condition.status ? conditions[index]!.lastTransitionTime : rfc3339(clock.now());
          const next = { ...condition, lastProbeTime: null, lastTransitionTime };
          if (index >= 0) conditions[index] = next;
          else conditions.push(next);
        }
        await client.update(podsRef, { ...fresh, status: { ...fresh.status, phase: 'Failed', conditions } }, { subresource: 'status' });
      }
      await client.delete(podsRef, namespace, name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) log.error('could not delete pod', { pod: `${namespace}/${name}`, error: (err as Error).message });
    }
  }
}

function isNodeReady(node: Obj): boolean {
  return (node.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

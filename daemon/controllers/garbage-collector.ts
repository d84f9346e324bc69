/**
 * The garbage collector (kube-controller-manager's garbage-collector-controller): deletes objects
 * whose owners (ownerReferences) are all gone; for an owner deleted in the foreground
 * (`foregroundDeletion` finalizer) it deletes the dependents that block it, then removes the
 * finalizer so the owner goes; for one deleted with `orphan` it strips the dependents' references
 * to it, then removes the finalizer. It watches every served resource except Events, keeping a
 * small graph (garbage-collector-graph.ts); owners are checked against the API before anything is
 * deleted, as the real collector does. Custom resources are monitored as their CRDs come and go
 * (garbage-collector-monitors.ts), as owners and as dependents. Owners of a kind it has no
 * informer for stay virtual nodes, checked against the API again every 30 s (the real discovery
 * resync). Left out: the RESTMapper's legacy group-versions (an owner of an unknown kind counts as
 * present) and the ownerReference-cycle breaker's patch retries.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import { parseApiVersion, type DeletionPropagation, type KubeObject, type OwnerReference } from '../../shared/api/meta.js';
import { findResourceForKind, resources, type ResourceInfo } from '../../shared/api/resources.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import { DependencyGraph, foregroundFinalizer, orphanFinalizer, type GraphNode } from './garbage-collector-graph.js';
import { CustomResourceMonitors } from './garbage-collector-monitors.js';
import type { Controller, ControllerContext } from './manager.js';

const componentName = 'garbage-collector-controller';
const reasonOwnerRefInvalidNamespace = 'OwnerRefInvalidNamespace';
const log = logger(componentName);
/** How often owners without an informer are checked again (the real collector's discovery resync). */
const virtualResyncMs = 30_000;

export interface GarbageCollectorOptions {
  client: ApiClient;
  clock: Clock;
  /** One informer per monitored resource. */
  informers: ReadonlyMap<ResourceInfo, SharedInformer>;
  recorder?: EventRecorder;
  workers?: number;
}

/**
 * Every resource that can be listed, watched and deleted, except Events (the collector ignores them)
 * and other versions of a stored resource (autoscaling/v1 HPAs are the v2 ones again).
 */
export function monitoredResources(): ResourceInfo[] {
  return resources.filter((r) => ['list', 'watch', 'delete'].every((verb) => r.verbs.includes(verb)) && r.resource !== 'events' && !r.isView);
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

export class GarbageCollector implements Controller {
  readonly name = componentName;
  /** Object uids: attemptToDelete and attemptToOrphan work share one queue, told apart in sync. */
  readonly queue: RateLimitingQueue<string>;
  readonly graph: DependencyGraph;
  /** Public so that tests can flush it before reading Events. */
  readonly recorder: EventRecorder;
  /** Informers on custom resources, following the CRDs (undefined when CRDs are not monitored). */
  readonly customResourceMonitors: CustomResourceMonitors | undefined;

  constructor(private readonly options: GarbageCollectorOptions) {
    const { client, clock } = options;
    this.queue = new RateLimitingQueue({ clock });
    this.recorder = options.recorder ?? new EventRecorder({ client, clock, component: componentName });
    this.graph = new DependencyGraph({ enqueue: (uid) => this.queue.add(uid), reportInvalidNamespace: (dependent, owner) => this.reportInvalidNamespace(dependent, owner) });
    const attach = (info: ResourceInfo, informer: SharedInformer): (() => void) =>
      informer.addEventHandler({
        onAdd: (obj) => this.graph.observe(info, undefined, obj),
        onUpdate: (old, obj) => old.metadata.resourceVersion !== obj.metadata.resourceVersion && this.graph.observe(info, old, obj),
        onDelete: (obj) => this.graph.forget(obj),
      });
    for (const [info, informer] of options.informers) attach(info, informer);
    const crds = [...options.informers].find(([info]) => info.group === 'apiextensions.k8s.io' && info.resource === 'customresourcedefinitions')?.[1];
    this.customResourceMonitors = crds && new CustomResourceMonitors({ client, clock, crds, attach, log });
  }

  static fromContext(context: ControllerContext): GarbageCollector {
    const informers = new Map(monitoredResources().map((info) => [info, context.informers.informerFor(refOf(info))]));
    return new GarbageCollector({ client: context.client, clock: context.clock, informers });
  }

  async start(signal: AbortSignal): Promise<void> {
    // One after the other: two dozen waits at once would each hang a listener on the shared signal.
    for (const informer of this.options.informers.values()) if (!(await informer.waitForSync(signal))) return;
    this.customResourceMonitors?.start(signal);
    const resync = this.options.clock.every(virtualResyncMs, () => {
      for (const uid of this.graph.virtualUids()) this.queue.add(uid);
    });
    signal.addEventListener('abort', () => resync.cancel(), { once: true });
    await runWorkers({ queue: this.queue, sync: (uid) => this.sync(uid), workers: this.options.workers ?? 5, signal, log });
  }

  /** One step for the object with this uid. */
  async sync(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node) return;
    if (!node.info) return this.verifyVirtual(node);
    if (node.orphaning) return this.orphanDependents(node);
    if (node.deletingDependents) return this.deleteBlockingDependents(node);
    // Being deleted otherwise is a one-way trip: its dependents get their turn once it is gone.
    if (node.beingDeleted) return;
    return this.attemptToDelete(node);
  }

  /** attemptToDeleteItem: delete the object if no owner remains, or drop references to absent owners. */
  private async attemptToDelete(node: GraphNode): Promise<void> {
    const latest = await this.getLive(node.info!, node.namespace, node.name);
    if (!latest || latest.metadata.uid !== node.uid) return;
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const states = await Promise.all(refs.map((ref) => this.ownerState(node, ref)));
    const having = (state: OwnerState): OwnerReference[] => refs.filter((_, i) => states[i] === state);
    const [solid, dangling, waiting] = [having('solid'), having('dangling'), having('waiting')];

    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Owners that are gone, or waiting for their dependents to go, lose this dependent instead.
      return this.removeOwnerReferences(node, [...dangling, ...waiting].map((ref) => ref.uid));
    }
    if (waiting.length > 0 && node.dependents.size > 0) {
      // It has dependents of its own: delete it in the foreground too, so they go first.
      return this.deleteObject(node, latest, 'Foreground');
    }
    const finalizers = latest.metadata.finalizers ?? [];
    const policy: DeletionPropagation = finalizers.includes(orphanFinalizer) ? 'Orphan' : finalizers.includes(foregroundFinalizer) ? 'Foreground' : 'Background';
    return this.deleteObject(node, latest, policy);
  }

  /** processDeletingDependentsItem: delete what blocks the owner, or release it once nothing does. */
  private async deleteBlockingDependents(owner: GraphNode): Promise<void> {
    const blocking = this.graph.blockingDependents(owner);
    if (blocking.length === 0) return this.removeFinalizer(owner, foregroundFinalizer);
    for (const dependent of blocking) if (!dependent.deletingDependents) this.queue.add(dependent.uid);
  }

  /** attemptToOrphan: every dependent forgets this owner, then the `orphan` finalizer goes. */
  private async orphanDependents(owner: GraphNode): Promise<void> {
    for (const uid of owner.dependents) {
      const dependent = this.graph.get(uid);
      if (dependent?.info) await this.removeOwnerReferences(dependent, [owner.uid]);
    }
    await this.removeFinalizer(owner, orphanFinalizer);
  }

  /** A virtual owner: if the API has no such object, its dependents are looked at again. */
  private async verifyVirtual(node: GraphNode): Promise<void> {
    const info = resourceForOwner(node);
    if (!info || (info.namespaced && !node.namespace)) return; // cannot be resolved: leave the dependents alone
    const live = await this.getLive(info, info.namespaced ? node.namespace : undefined, node.name);
    if (!live || live.metadata.uid !== node.uid) this.graph.forgetVirtual(node);
  }

  /** classifyReferences for one reference, checked against the API (isDangling). */
  private async ownerState(dependent: GraphNode, ref: OwnerReference): Promise<OwnerState> {
    if (this.graph.isKnownAbsent(ref.uid)) return 'dangling';
    const info = resourceForOwner(ref);
    // An unknown kind, or a namespaced owner of a cluster-scoped object, cannot be resolved: keep it.
    if (!info || (info.namespaced && !dependent.namespace)) return 'solid';
    const owner = await this.getLive(info, info.namespaced ? dependent.namespace : undefined, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) {
      this.graph.markAbsent(ref.uid);
      return 'dangling';
    }
    const waiting = owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(foregroundFinalizer);
    return waiting ? 'waiting' : 'solid';
  }

  private async deleteObject(node: GraphNode, latest: KubeObject, propagationPolicy: DeletionPropagation): Promise<void> {
    const preconditions = { uid: node.uid, resourceVersion: latest.metadata.resourceVersion };
    try {
      await this.options.client.delete(refOf(node.info!), node.namespace, node.name, { preconditions, propagationPolicy });
      log.debug('deleted dependent', { object: `${node.kind} ${node.namespace ?? ''}/${node.name}`, propagationPolicy });
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) return this.queue.addRateLimited(node.uid); // it changed: look again
      throw err;
    }
  }

  /** The strategic merge patch the real collector sends: `$patch: delete` by uid, guarded by the object's uid. */
  private async removeOwnerReferences(node: GraphNode, ownerUids: string[]): Promise<void> {
    const patch = { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })), uid: node.uid } };
    try {
      await this.options.client.patch(refOf(node.info!), node.namespace, node.name, 'strategic', patch);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    const latest = await this.getLive(node.info!, node.namespace, node.name);
    if (!latest || !(latest.metadata.finalizers ?? []).includes(finalizer)) return;
    const finalizers = latest.metadata.finalizers!.filter((f) => f !== finalizer);
    const patch = { metadata: { resourceVersion: latest.metadata.resourceVersion, finalizers: finalizers.length > 0 ? finalizers : null } };
    try {
      await this.options.client.patch(refOf(node.info!), node.namespace, node.name, 'merge', patch);
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) return this.queue.addRateLimited(node.uid);
      throw err;
    }
  }

  private async getLive(info: ResourceInfo, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.options.client.get(refOf(info), info.namespaced ? namespace : undefined, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** reportInvalidNamespaceOwnerRef: a Warning on the dependent, in graph_builder's words. */
  private reportInvalidNamespace(dependent: GraphNode, owner: OwnerReference): void {
    const namespace = dependent.namespace ?? '';
    const involved: KubeObject = { apiVersion: dependent.apiVersion, kind: dependent.kind, metadata: { namespace: dependent.namespace, name: dependent.name, uid: dependent.uid } };
    const message = `ownerRef [${owner.apiVersion}/${owner.kind}, namespace: ${namespace}, name: ${owner.name}, uid: ${owner.uid}] does not exist in namespace "${namespace}"`;
    this.recorder.event(involved, 'Warning', reasonOwnerRefInvalidNamespace, message);
  }
}

function refOf(info: ResourceInfo): ResourceRef {
  return { group: info.group, version: info.version, resource: info.resource };
}

function resourceForOwner(ref: { apiVersion: string; kind: string }): ResourceInfo | undefined {
  const { group, version } = parseApiVersion(ref.apiVersion);
  const info = findResourceForKind(group, version, ref.kind);
  return info && info.verbs.includes('get') ? info : undefined;
}

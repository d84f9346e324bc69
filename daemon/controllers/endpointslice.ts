/**
 * The EndpointSlice controller (kube-controller-manager's endpointslice-controller): for every
 * Service with a selector it keeps EndpointSlices `<service>-<5 random>` labelled
 * `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
 * endpointslice-controller.k8s.io`, owned by the Service (the garbage collector removes them with
 * it), listing the selected pods with their ready/serving/terminating conditions. The decisions are
 * in endpointslice-reconciler.ts. Left out: zones (no node informer; kind nodes carry no zone
 * label), topology hints, dual-stack, and the check that a pod's node exists.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { keyOf, objectKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import { isNamespaceTerminating } from './create-errors.js';
import { controllerName, managedByLabel, reconcileSlices, serviceNameLabel } from './endpointslice-reconciler.js';
import type { Controller, ControllerContext } from './manager.js';
import {
  byNamespace, hasSelector, lastChangeTriggerTimeAnnotation, namespaceIndex, selectedPods, servicesForPodChange, servicesSelecting, TriggerTimeTracker,
} from './service-pods.js';

const componentName = 'endpoint-slice-controller';
const reasonFailedToUpdateEndpointSlices = 'FailedToUpdateEndpointSlices';
const staleCacheRetryMs = 100;
const serviceIndex = 'endpointslice-service';

const services: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const endpointSlices: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const log = logger(componentName);

export interface EndpointSliceControllerOptions {
  client: ApiClient;
  clock: Clock;
  services: SharedInformer;
  pods: SharedInformer;
  endpointSlices: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

/** What this controller last wrote for one Service, to tell a stale cache (EndpointSliceTracker). */
interface Written {
  versions: Map<string, number>;
  deleted: Set<string>;
}

export class EndpointSliceController implements Controller {
  readonly name = componentName;
  readonly queue: RateLimitingQueue<string>;
  /** Public so that tests can flush it before reading Events. */
  readonly recorder: EventRecorder;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly written = new Map<string, Written>();

  constructor(private readonly options: EndpointSliceControllerOptions) {
    const { client, clock } = options;
    this.queue = new RateLimitingQueue({ clock });
    this.recorder = options.recorder ?? new EventRecorder({ client, clock, component: componentName });
    options.services.addIndexer(namespaceIndex, byNamespace);
    options.pods.addIndexer(namespaceIndex, byNamespace);
    options.endpointSlices.addIndexer(serviceIndex, (slice) => {
      const service = slice.metadata.labels?.[serviceNameLabel];
      return service && slice.metadata.labels?.[managedByLabel] === controllerName ? [objectKey(slice.metadata.namespace, service)] : [];
    });
    options.services.addEventHandler({
      onAdd: (svc) => this.queue.add(keyOf(svc)),
      onUpdate: (old, svc) => old.metadata.resourceVersion !== svc.metadata.resourceVersion && this.queue.add(keyOf(svc)),
      onDelete: (svc) => this.queue.add(keyOf(svc)),
    });
    options.pods.addEventHandler({
      onAdd: (pod) => this.enqueueAll(servicesSelecting(pod, options.services)),
      onUpdate: (old, pod) => this.enqueueAll(servicesForPodChange(old, pod, options.services)),
      onDelete: (pod) => this.enqueueAll(servicesSelecting(pod, options.services)),
    });
    // A slice changed or deleted by someone else is put right; our own writes resync as no-ops.
    options.endpointSlices.addEventHandler({
      onUpdate: (old, slice) => old.metadata.resourceVersion !== slice.metadata.resourceVersion && this.enqueueSliceService(slice),
      onDelete: (slice) => this.enqueueSliceService(slice),
    });
  }

  static fromContext(context: ControllerContext): EndpointSliceController {
    const { client, clock, informers } = context;
    return new EndpointSliceController({
      client, clock, services: informers.informerFor(services), pods: informers.informerFor(pods), endpointSlices: informers.informerFor(endpointSlices),
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { services: svc, pods: pod, endpointSlices: slices } = this.options;
    const synced = await Promise.all([svc.waitForSync(signal), pod.waitForSync(signal), slices.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 5, signal, log });
  }

  private enqueueAll(keys: Iterable<string>): void {
    for (const key of keys) this.queue.add(key);
  }

  private enqueueSliceService(slice: Readonly<KubeObject>): void {
    const service = slice.metadata.labels?.[serviceNameLabel];
    if (service && slice.metadata.labels?.[managedByLabel] === controllerName) this.queue.add(objectKey(slice.metadata.namespace, service));
  }

  /** syncService: one Service's slices brought to what its pods say. */
  async sync(key: string): Promise<void> {
    const service = this.options.services.get(key);
    if (!service) {
      // The slices go with the Service through their ownerReference (garbage collector).
      this.triggerTimes.delete(key);
      this.written.delete(key);
      return;
    }
    if (service.spec?.type === 'ExternalName' || !hasSelector(service)) return;
    const existing = this.options.endpointSlices.byIndex(serviceIndex, key);
    if (this.isStale(key, existing)) return this.queue.addAfter(key, staleCacheRetryMs);

    const selected = selectedPods(service, this.options.pods);
    const triggerTime = this.triggerTimes.compute(service, selected);
    const changes = reconcileSlices(service, selected, existing);
    try {
      await this.finalize(key, service, changes.create, changes.update, changes.delete, triggerTime);
    } catch (err) {
      if (isConflict(err)) return this.queue.addRateLimited(key); // our cache was behind; try again
      this.recorder.event(service as KubeObject, 'Warning', reasonFailedToUpdateEndpointSlices, `Error updating Endpoint Slices for Service ${key}: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Creates, then updates, then deletes, as the reconciler's finalize does. */
  private async finalize(key: string, service: Readonly<KubeObject>, create: KubeObject[], update: KubeObject[], remove: Readonly<KubeObject>[], triggerTime: string | undefined): Promise<void> {
    const { client } = this.options;
    const written = this.written.get(key) ?? { versions: new Map(), deleted: new Set() };
    this.written.set(key, written);
    const namespace = service.metadata.namespace!;
    // No new slices for a Service being deleted: the garbage collector is removing them.
    if (!service.metadata.deletionTimestamp) {
      for (const slice of create) {
        try {
          const created = await client.create(endpointSlices, namespace, withTriggerTime(slice, triggerTime));
          written.versions.set(created.metadata.name!, Number(created.metadata.resourceVersion));
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          throw new Error(`failed to create EndpointSlice for Service ${key}: ${(err as Error).message}`, { cause: err });
        }
      }
    }
    for (const slice of update) {
      const updated = await client.update(endpointSlices, withTriggerTime(slice, triggerTime)).catch((err: unknown) => {
        if (isConflict(err)) throw err;
        throw new Error(`failed to update ${slice.metadata.name} EndpointSlice for Service ${key}: ${(err as Error).message}`, { cause: err });
      });
      written.versions.set(updated.metadata.name!, Number(updated.metadata.resourceVersion));
    }
    for (const slice of remove) {
      try {
        await client.delete(endpointSlices, namespace, slice.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw new Error(`failed to delete ${slice.metadata.name} EndpointSlice for Service ${key}: ${(err as Error).message}`, { cause: err });
      }
      written.versions.delete(slice.metadata.name!);
      written.deleted.add(slice.metadata.name!);
    }
  }

  /**
   * The cache lags our own writes: a slice we wrote is missing or older there, or one we deleted is
   * still there. Acting on it could duplicate slices, so the sync waits (StaleEndpointSlices). Our
   * resourceVersions are the store's revision numbers, which makes "older" a comparison.
   */
  private isStale(key: string, cached: readonly Readonly<KubeObject>[]): boolean {
    const written = this.written.get(key);
    if (!written) return false;
    const byName = new Map(cached.map((slice) => [slice.metadata.name!, Number(slice.metadata.resourceVersion)]));
    for (const name of written.deleted) if (!byName.has(name)) written.deleted.delete(name);
    if (written.deleted.size > 0) return true;
    const seen = Number(this.options.endpointSlices.lastSyncResourceVersion() || 0);
    for (const [name, version] of written.versions) {
      const cachedVersion = byName.get(name);
      // Missing although the cache has seen our write: someone deleted it since.
      if (cachedVersion === undefined && seen >= version) written.versions.delete(name);
      else if ((cachedVersion ?? 0) < version) return true;
    }
    return false;
  }
}

/** addTriggerTimeAnnotation: set, or cleared when this sync has no new trigger. */
function withTriggerTime(slice: KubeObject, triggerTime: string | undefined): KubeObject {
  const annotations = { ...slice.metadata.annotations };
  if (triggerTime) annotations[lastChangeTriggerTimeAnnotation] = triggerTime;
  else delete annotations[lastChangeTriggerTimeAnnotation];
  const metadata: KubeObject['metadata'] = { ...slice.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  return { ...slice, metadata };
}

/**
 * The endpoints controller (kube-controller-manager's endpoint-controller): for every Service with a
 * selector it keeps an Endpoints object of the same name listing the selected pods, ready ones in
 * `addresses` and the others in `notReadyAddresses`, with the ports the Service's targetPorts
 * resolve to; it deletes it when the Service goes. Services without a selector (the `kubernetes`
 * Service among them) and ExternalName Services are left alone. Left out: the 1000-address
 * truncation and the batching period (zero by default).
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { keyOf, splitKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';
import { isNamespaceTerminating } from './create-errors.js';
import { endpointSubsets } from './endpoints-subsets.js';
import {
  byNamespace, hasSelector, headlessLabel, isHeadless, lastChangeTriggerTimeAnnotation, namespaceIndex, selectedPods,
  servicesForPodChange, servicesSelecting, TriggerTimeTracker,
} from './service-pods.js';

const componentName = 'endpoint-controller';
const reasonFailedToCreateEndpoint = 'FailedToCreateEndpoint';
const reasonFailedToUpdateEndpoint = 'FailedToUpdateEndpoint';
/** How soon to look again when the cache has not yet caught up with our own last write. */
const staleCacheRetryMs = 100;

const services: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const endpoints: ResourceRef = { group: '', version: 'v1', resource: 'endpoints' };
const log = logger(componentName);

export interface EndpointsControllerOptions {
  client: ApiClient;
  clock: Clock;
  services: SharedInformer;
  pods: SharedInformer;
  endpoints: SharedInformer;
  recorder?: EventRecorder;
  workers?: number;
}

export class EndpointsController implements Controller {
  readonly name = componentName;
  readonly queue: RateLimitingQueue<string>;
  /** Public so that tests can flush it before reading Events. */
  readonly recorder: EventRecorder;
  private readonly triggerTimes = new TriggerTimeTracker();
  /** The resourceVersion of our last write per key: a cache older than that is stale (staleEndpointsTracker). */
  private readonly written = new Map<string, number>();

  constructor(private readonly options: EndpointsControllerOptions) {
    const { client, clock } = options;
    this.queue = new RateLimitingQueue({ clock });
    this.recorder = options.recorder ?? new EventRecorder({ client, clock, component: componentName });
    options.services.addIndexer(namespaceIndex, byNamespace);
    options.pods.addIndexer(namespaceIndex, byNamespace);
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
    // Someone deleting an Endpoints object of a selector Service gets it back (onEndpointsDelete).
    options.endpoints.addEventHandler({ onDelete: (ep) => this.queue.add(keyOf(ep)) });
  }

  static fromContext(context: ControllerContext): EndpointsController {
    const { client, clock, informers } = context;
    return new EndpointsController({ client, clock, services: informers.informerFor(services), pods: informers.informerFor(pods), endpoints: informers.informerFor(endpoints) });
  }

  async start(signal: AbortSignal): Promise<void> {
    const { services: svc, pods: pod, endpoints: ep } = this.options;
    const synced = await Promise.all([svc.waitForSync(signal), pod.waitForSync(signal), ep.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    // checkLeftoverEndpoints: Endpoints whose Service went while the controller was down.
    for (const existing of ep.list()) this.queue.add(keyOf(existing));
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 5, signal, log });
  }

  private enqueueAll(keys: Iterable<string>): void {
    for (const key of keys) this.queue.add(key);
  }

  /** syncService: one Service's Endpoints brought to what its pods say. */
  async sync(key: string): Promise<void> {
    const service = this.options.services.get(key);
    if (!service) return this.deleteEndpoints(key);
    if (service.spec?.type === 'ExternalName' || !hasSelector(service)) return;

    const selected = selectedPods(service, this.options.pods);
    // Computed before the comparison so that the tracker moves on even when nothing is written.
    const triggerTime = this.triggerTimes.compute(service, selected);
    const subsets = endpointSubsets(service, selected);

    const current = this.options.endpoints.get(key);
    if (this.isStale(key, current)) return this.queue.addAfter(key, staleCacheRetryMs);
    const labels = endpointsLabels(service);
    if (current && sameEndpoints(current, subsets, labels)) return;

    const next: KubeObject = current
      ? structuredClone(current) as KubeObject
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: service.metadata.name, namespace: service.metadata.namespace } };
    next.metadata.labels = labels;
    const annotations = { ...next.metadata.annotations };
    if (triggerTime) annotations[lastChangeTriggerTimeAnnotation] = triggerTime;
    else delete annotations[lastChangeTriggerTimeAnnotation];
    if (Object.keys(annotations).length > 0) next.metadata.annotations = annotations;
    else delete next.metadata.annotations; // an empty map is not serialised
    if (subsets.length > 0) next.subsets = subsets;
    else delete next.subsets; // an empty list is stored as none, as protobuf leaves it
    await this.write(service, next, !current);
  }

  private async write(service: Readonly<KubeObject>, next: KubeObject, create: boolean): Promise<void> {
    const namespace = service.metadata.namespace!;
    const name = service.metadata.name!;
    try {
      const written = create ? await this.options.client.create(endpoints, namespace, next) : await this.options.client.update(endpoints, next);
      this.written.set(keyOf(written), Number(written.metadata.resourceVersion));
    } catch (err) {
      if (create && isNamespaceTerminating(err)) return; // creates keep failing there; drop the key
      if (isConflict(err)) return this.queue.addRateLimited(keyOf(next)); // a newer version is coming
      const message = (err as Error).message;
      if (create) this.recorder.event(next, 'Warning', reasonFailedToCreateEndpoint, `Failed to create endpoint for service ${namespace}/${name}: ${message}`);
      else this.recorder.event(next, 'Warning', reasonFailedToUpdateEndpoint, `Failed to update endpoint ${namespace}/${name}: ${message}`);
      throw err;
    }
  }

  private async deleteEndpoints(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    this.triggerTimes.delete(key);
    this.written.delete(key);
    try {
      await this.options.client.delete(endpoints, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * kubelab's resourceVersions are the store's revision numbers, so "the cache is older than our
   * last write" is a comparison; the real controller remembers the versions it replaced instead.
   */
  private isStale(key: string, current: Readonly<KubeObject> | undefined): boolean {
    const written = this.written.get(key);
    if (written === undefined) return false;
    if (current) return Number(current.metadata.resourceVersion) < written;
    // Missing although the cache has seen our write: someone deleted it since.
    if (Number(this.options.endpoints.lastSyncResourceVersion() || 0) >= written) {
      this.written.delete(key);
      return false;
    }
    return true;
  }
}

/** The Service's labels, plus `service.kubernetes.io/headless` for a headless Service. */
function endpointsLabels(service: Readonly<KubeObject>): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata.labels };
  if (isHeadless(service)) labels[headlessLabel] = '';
  else delete labels[headlessLabel];
  return labels;
}

/** Subsets and labels equal, ignoring the pods' resourceVersions (endpointSubsetsEqualIgnoreResourceVersion). */
function sameEndpoints(current: Readonly<KubeObject>, subsets: unknown[], labels: Record<string, string>): boolean {
  const strip = (value: unknown): string => JSON.stringify(value, (k, v) => (k === 'resourceVersion' ? undefined : v));
  return strip(current.subsets ?? []) === strip(subsets) && sameLabels(current.metadata.labels, labels);
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const left = Object.entries(a ?? {}).sort();
  const right = Object.entries(b).sort();
  return JSON.stringify(left) === JSON.stringify(right);
}


/**
 * The APIServices kube-apiserver keeps for itself: its aggregator's autoregister controller
 * creates one per built-in group-version it serves at start-up (label
 * `kube-aggregator.kubernetes.io/automanaged: onstart`, priorities from kube-apiserver's table) and
 * the CRD registration controller one per served version of every CRD group (`automanaged: true`,
 * groupPriorityMinimum 1000, versionPriority 100), deleting those whose group-version is no longer
 * served; the available controller writes each one's Available condition: a local APIService
 * (no spec.service) is always available; one backed by a Service is checked as upstream does
 * (ServiceNotFound, ServicePortError, EndpointsNotFound, MissingEndpoints) and re-checked every
 * 30 s. Left out: proxying aggregated APIs, so a backed APIService whose endpoints exist still
 * fails its discovery check, as a real aggregator reports a Service that refuses connections.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { groupVersions, isDynamicResource, onServedResourcesChange, servedResources } from '../../shared/api/resources.js';
import type { ApiClient, ResourceRef, WatchHandle } from '../../shared/client/client.js';
import { rfc3339, type Clock, type Timer } from '../../shared/clock.js';
import { logger } from '../../shared/log.js';
import { deepEqual } from './registry/strategy-helpers.js';

const log = logger('apiservice-autoregister');
const apiServices: ResourceRef = { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' };
const services: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const endpoints: ResourceRef = { group: '', version: 'v1', resource: 'endpoints' };
const automanagedLabel = 'kube-aggregator.kubernetes.io/automanaged';
/** The available controller's resync period. */
const resyncMs = 30_000;

/** kube-apiserver's apiVersionPriorities (group, version) for the group-versions kubelab serves. */
const builtinPriorities: Readonly<Record<string, readonly [number, number]>> = {
  'v1': [18000, 1],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
};

/**
 * The APIServices the apiserver wants for what it serves now, by name (`v1.`, `v1.apps`). The
 * aggregator's own group gets none: it is not in the priority table.
 */
export function desiredApiServices(): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  const custom = new Set(servedResources().filter(isDynamicResource).map((r) => `${r.group}/${r.version}`));
  for (const { group, version } of groupVersions()) {
    const key = group ? `${group}/${version}` : version;
    const isCustom = custom.has(`${group}/${version}`);
    const priority = isCustom ? ([1000, 100] as const) : builtinPriorities[key];
    if (!priority) continue;
    const name = `${version}.${group}`;
    out.set(name, {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name, labels: { [automanagedLabel]: isCustom ? 'true' : 'onstart' } },
      spec: { group, version, groupPriorityMinimum: priority[0], versionPriority: priority[1] },
    });
  }
  return out;
}

type Condition = { type: string; status: string; lastTransitionTime?: string; reason: string; message: string };

export class ApiServiceAutoregister {
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private resync: Timer | undefined;
  private watch: WatchHandle | undefined;
  private stopped = false;
  /** Whether the first pass ran: the `onstart` APIServices are not made again after it. */
  private startDone = false;

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
  ) {}

  /** Brings the APIServices in line with what is served, then follows CRDs and new APIServices. */
  async start(): Promise<void> {
    await this.sync((await this.client.list(apiServices, undefined)).items);
    this.unsubscribe = onServedResourcesChange(() => this.enqueue());
    // From after its own writes: the watch brings what others create or change.
    const after = (await this.client.list(apiServices, undefined, { limit: 1 })).metadata.resourceVersion;
    this.watch = await this.client.watch(apiServices, undefined, { resourceVersion: after }, (event) => {
      if (event.type === 'ADDED' || event.type === 'MODIFIED') this.enqueueAvailability(event.object.metadata.name!);
    });
    // The available controller's resync: a Service or its endpoints may have come or gone.
    this.resync = this.clock.every(resyncMs, () => this.enqueueServiceBacked());
  }

  /** Resolves when every step queued so far has run (tests wait on it). */
  settled(): Promise<void> {
    return this.chain;
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.watch?.stop();
    this.resync?.cancel();
    return this.chain;
  }

  private enqueue(): void {
    if (this.stopped) return;
    this.chain = this.chain
      .then(async () => this.sync((await this.client.list(apiServices, undefined)).items))
      .catch((err: unknown) => log.error('sync failed', { error: String((err as Error)?.stack ?? err) }));
  }

  private enqueueAvailability(name: string): void {
    if (this.stopped) return;
    this.chain = this.chain
      .then(async () => this.writeAvailability(await this.client.get(apiServices, undefined, name)))
      .catch((err: unknown) => {
        // Deleted meanwhile: nothing to write.
        if (!isNotFound(err)) log.error('availability update failed', { apiService: name, error: String(err) });
      });
  }

  private enqueueServiceBacked(): void {
    if (this.stopped) return;
    this.chain = this.chain
      .then(async () => {
        const backed = (await this.client.list(apiServices, undefined)).items.filter((obj) => obj.spec?.service);
        await Promise.all(backed.map((obj) => this.writeAvailability(obj)));
      })
      .catch((err: unknown) => log.error('availability resync failed', { error: String(err) }));
  }

  /**
   * One pass of the autoregister controller: create what is missing, delete what it manages and
   * no longer wants, then the available controller's pass over the new ones. All writes of a step
   * at once, so the store puts them in shared batches (start-up time).
   */
  private async sync(existing: readonly KubeObject[]): Promise<void> {
    const desired = desiredApiServices();
    const byName = new Map(existing.map((obj) => [obj.metadata.name!, obj]));
    // An `onstart` APIService is made once per start: one a user deletes afterwards stays deleted
    // (the autoregister controller's manageOnStart); a CRD's is kept as long as the CRD is served.
    const missing = [...desired.values()].filter((obj) => !byName.has(obj.metadata.name!) && !(this.startDone && obj.metadata.labels?.[automanagedLabel] === 'onstart'));
    this.startDone = true;
    const created = await Promise.all(missing.map((obj) => this.create(obj)));
    const stale = existing.filter((obj) => !desired.has(obj.metadata.name!) && obj.metadata.labels?.[automanagedLabel] !== undefined);
    // A CRD's APIService is kept as wanted (manageContinuously): a changed spec is put back.
    const drifted = existing.filter((obj) => obj.metadata.labels?.[automanagedLabel] === 'true' && desired.has(obj.metadata.name!) && !deepEqual(obj.spec, desired.get(obj.metadata.name!)!.spec));
    await Promise.all([...stale.map((obj) => this.remove(obj.metadata.name!)), ...drifted.map((obj) => this.restoreSpec(obj, desired.get(obj.metadata.name!)!))]);
    await Promise.all(created.filter((obj): obj is KubeObject => obj !== undefined).map((obj) => this.writeAvailability(obj)));
  }

  private async create(obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      return await this.client.create(apiServices, undefined, obj);
    } catch (err) {
      if (isAlreadyExists(err)) return undefined;
      throw new Error(`create apiservice ${obj.metadata.name}: ${(err as Error).message}`);
    }
  }

  private async restoreSpec(obj: KubeObject, wanted: KubeObject): Promise<void> {
    try {
      await this.client.update(apiServices, { ...obj, spec: wanted.spec });
    } catch (err) {
      // Changed or gone meanwhile: the next pass looks again.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  private async remove(name: string): Promise<void> {
    try {
      await this.client.delete(apiServices, undefined, name);
    } catch (err) {
      if (!isNotFound(err)) throw new Error(`delete apiservice ${name}: ${(err as Error).message}`);
    }
  }

  /** The available controller's step for one APIService: write its Available condition if it changed. */
  private async writeAvailability(obj: KubeObject): Promise<void> {
    const wanted = await this.availability(obj);
    const current: Condition | undefined = (obj.status?.conditions ?? []).find((c: Condition) => c.type === 'Available');
    if (current && current.status === wanted.status && current.reason === wanted.reason && current.message === wanted.message) return;
    const lastTransitionTime = current && current.status === wanted.status ? current.lastTransitionTime : rfc3339(this.clock.now());
    const condition = { type: 'Available', status: wanted.status, lastTransitionTime, reason: wanted.reason, message: wanted.message };
    const others = (obj.status?.conditions ?? []).filter((c: Condition) => c.type !== 'Available');
    const next = { ...obj, status: { ...obj.status, conditions: [...others, condition] } } as KubeObject;
    try {
      await this.client.update(apiServices, next, { subresource: 'status' });
    } catch (err) {
      // A newer version (or its deletion) comes back through the watch and brings this step back.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  /** The available controller's verdict (available_controller.go sync), without the discovery call. */
  private async availability(obj: KubeObject): Promise<Omit<Condition, 'type'>> {
    const ref = obj.spec?.service;
    if (!ref) return { status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
    const where = `service/${ref.name} in ${JSON.stringify(ref.namespace)}`;
    const service = await this.getOrUndefined(services, ref.namespace, ref.name);
    if (!service) return { status: 'False', reason: 'ServiceNotFound', message: `${where} is not present` };
    const port = ref.port ?? 443;
    const servicePort = (service.spec?.ports ?? []).find((p: { port?: number }) => p.port === port);
    if (!servicePort) return { status: 'False', reason: 'ServicePortError', message: `${where} is not listening on port ${port}` };
    const portName: string = servicePort.name ?? '';
    const ep = await this.getOrUndefined(endpoints, ref.namespace, ref.name);
    if (!ep) return { status: 'False', reason: 'EndpointsNotFound', message: `cannot find endpoints for ${where}` };
    const hasActive = (ep.subsets ?? []).some((s: { addresses?: unknown[]; ports?: { name?: string }[] }) => (s.addresses ?? []).length > 0 && (s.ports ?? []).some((p) => (p.name ?? '') === portName));
    if (!hasActive) return { status: 'False', reason: 'MissingEndpoints', message: `endpoints for ${where} have no addresses with port name ${JSON.stringify(portName)}` };
    // kubelab does not proxy to aggregated servers: the discovery check fails as on a refused connection.
    const url = `https://${service.spec?.clusterIP}:${port}/apis/${obj.spec.group}/${obj.spec.version}`;
    return { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: Get ${JSON.stringify(url)}: dial tcp ${service.spec?.clusterIP}:${port}: connect: connection refused` };
  }

  private async getOrUndefined(ref: ResourceRef, namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.get(ref, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

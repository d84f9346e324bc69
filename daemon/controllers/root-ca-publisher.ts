/**
 * The root CA certificate publisher (kube-controller-manager's root-ca-cert-publisher): every
 * namespace holds a ConfigMap `kube-root-ca.crt` whose key `ca.crt` is the bundle that verifies the
 * API server, with the `kubernetes.io/description` annotation; it is created with the namespace,
 * again if deleted, and put back if edited. Pods read it through their kube-api-access volume. The
 * bundle comes from the ControllerContext (the daemon's self-signed serving certificate, which is
 * also what kubeconfig trusts), as the real controller takes its --root-ca-file or client CA.
 * It records no Events, as the real one does not. Without a bundle it does nothing.
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { objectKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import { isNamespaceTerminating } from './create-errors.js';
import type { Controller, ControllerContext } from './manager.js';

const componentName = 'root-ca-cert-publisher';
export const rootCAConfigMapName = 'kube-root-ca.crt';
const descriptionAnnotation = 'kubernetes.io/description';
const description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service (kubernetes.default.svc). No other usage is guaranteed across distributions of Kubernetes clusters.';

const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
const configMaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };
const log = logger(componentName);

export interface RootCAPublisherOptions {
  client: ApiClient;
  clock: Clock;
  /** PEM bundle. */
  rootCA: string;
  namespaces: SharedInformer;
  configMaps: SharedInformer;
  workers?: number;
}

export class RootCAPublisher implements Controller {
  readonly name = componentName;
  /** Namespace names. */
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: RootCAPublisherOptions) {
    if (!options.rootCA) throw new Error(`${componentName}: a root CA bundle is required`);
    this.queue = new RateLimitingQueue({ clock: options.clock });
    options.namespaces.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (old, ns) => old.metadata.resourceVersion !== ns.metadata.resourceVersion && ns.status?.phase === 'Active' && this.queue.add(ns.metadata.name!),
    });
    const onConfigMap = (cm: Readonly<KubeObject>): void => {
      if (cm.metadata.name === rootCAConfigMapName) this.queue.add(cm.metadata.namespace!);
    };
    options.configMaps.addEventHandler({ onUpdate: (_old, cm) => onConfigMap(cm), onDelete: onConfigMap });
  }

  /** The publisher, or a controller that does nothing when the context has no CA (unit tests of other parts). */
  static fromContext(context: ControllerContext): Controller {
    if (!context.rootCA) return { name: componentName, start: async () => log.info('no root CA bundle: kube-root-ca.crt is not published') };
    const { client, clock, informers, rootCA } = context;
    return new RootCAPublisher({ client, clock, rootCA, namespaces: informers.informerFor(namespaces), configMaps: informers.informerFor(configMaps) });
  }

  async start(signal: AbortSignal): Promise<void> {
    const synced = await Promise.all([this.options.namespaces.waitForSync(signal), this.options.configMaps.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (name) => this.sync(name), workers: this.options.workers ?? 1, signal, log });
  }

  /** syncNamespace: create the ConfigMap, or bring its data and annotation back. */
  async sync(namespace: string): Promise<void> {
    const current = this.options.configMaps.get(objectKey(namespace, rootCAConfigMapName));
    const data = { 'ca.crt': this.options.rootCA };
    if (!current) return this.create(namespace, data);
    if (isPublished(current, data)) return;
    const updated = structuredClone(current) as KubeObject;
    updated.data = data;
    updated.metadata.annotations = { ...updated.metadata.annotations, [descriptionAnnotation]: description };
    // A Conflict means the cache was behind: the worker retries with the newer copy.
    await this.options.client.update(configMaps, updated);
  }

  private async create(namespace: string, data: Record<string, string>): Promise<void> {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: rootCAConfigMapName, namespace, annotations: { [descriptionAnnotation]: description } }, data };
    try {
      await this.options.client.create(configMaps, namespace, cm);
      log.debug('published the root CA', { configMap: objectKey(namespace, rootCAConfigMapName) });
    } catch (err) {
      // No retry when the namespace is gone or terminating, as the real controller; an
      // AlreadyExists means the cache is behind, and the retry then compares the stored one.
      if (isNotFound(err) || isNamespaceTerminating(err)) return;
      throw err;
    }
  }
}

/** The data matches and the description annotation is there (its text may differ, as in k/k). */
function isPublished(cm: Readonly<KubeObject>, data: Record<string, string>): boolean {
  const stored: Record<string, string> = cm.data ?? {};
  const sameData = Object.keys(stored).length === Object.keys(data).length && Object.entries(data).every(([k, v]) => stored[k] === v);
  return sameData && Boolean(cm.metadata.annotations?.[descriptionAnnotation]);
}

/**
 * The namespace controller (kube-controller-manager's namespace-controller): when a namespace is
 * marked for deletion it deletes everything inside it, resource by resource, requeues until the
 * content is gone, then removes the `kubernetes` finalizer through `namespaces/finalize`, at which
 * point the API server removes the namespace. Until then `kubectl get ns` shows Terminating and the
 * status conditions say what remains. It finds namespaced resources in the served resource table
 * (custom resources included, read at each sync), where the real one reads discovery.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { servedResources, type ResourceInfo } from '../../shared/api/resources.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
const finalizerName = 'kubernetes';
/** How soon to look again while content is still being deleted (pods wait for their kubelet). */
const recheckMs = 1000;
const log = logger('namespace-controller');

export interface NamespaceControllerOptions {
  client: ApiClient;
  clock: Clock;
  namespaces: SharedInformer;
  workers?: number;
  /** The namespaced resources to empty; default: every served one (events.k8s.io shares core events' storage). */
  contentResources?: readonly ResourceInfo[];
}

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  readonly queue: RateLimitingQueue<string>;
  private readonly fixedContent: readonly ResourceInfo[] | undefined;

  constructor(private readonly options: NamespaceControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    this.fixedContent = options.contentResources;
    options.namespaces.addEventHandler({
      onAdd: (ns) => this.enqueue(ns),
      onUpdate: (old, ns) => old.metadata.resourceVersion !== ns.metadata.resourceVersion && this.enqueue(ns),
    });
  }

  static fromContext(context: ControllerContext): NamespaceController {
    return new NamespaceController({ client: context.client, clock: context.clock, namespaces: context.informers.informerFor(namespaces) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.namespaces.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.options.workers ?? 2, signal, log });
  }

  /** Every namespaced resource to empty, read at each sync: a CRD can add one at any time. */
  private content(): readonly ResourceInfo[] {
    return this.fixedContent ?? servedResources().filter((r) => r.namespaced && r.verbs.includes('deletecollection') && !r.isView);
  }

  private enqueue(ns: Readonly<KubeObject>): void {
    if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
  }

  /** One step for one namespace: delete its content, or finalize it once empty. */
  async sync(name: string): Promise<void> {
    const ns = this.options.namespaces.get(name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    const remaining = await this.deleteContent(name);
    if (remaining.length > 0) {
      await this.writeConditions(ns, remaining);
      this.queue.addAfter(name, recheckMs);
      return;
    }
    if ((ns.spec?.finalizers ?? []).includes(finalizerName)) await this.finalize(ns);
    // Without finalizers the namespace is removed by a second delete, as the real controller does.
    else if ((ns.spec?.finalizers ?? []).length === 0) await this.deleteNamespace(name);
  }

  /** Deletes every object of every namespaced resource; returns `<resource>: n` for what is left. */
  private async deleteContent(namespace: string): Promise<string[]> {
    const remaining: string[] = [];
    for (const info of this.content()) {
      const ref = { group: info.group, version: info.version, resource: info.resource };
      const list = await this.options.client.list(ref, namespace);
      if (list.items.length === 0) continue;
      const pending = list.items.filter((item) => !item.metadata.deletionTimestamp);
      if (pending.length > 0) await this.options.client.deleteCollection(ref, namespace, { propagationPolicy: 'Background' });
      const left = (await this.options.client.list(ref, namespace)).items.length;
      if (left > 0) remaining.push(`${info.group ? `${info.resource}.${info.group}` : info.resource} has ${left} resource instances`);
    }
    return remaining;
  }

  private async writeConditions(ns: Readonly<KubeObject>, remaining: string[]): Promise<void> {
    const now = rfc3339(this.options.clock.now());
    const message = `Some resources are remaining: ${remaining.join(', ')}`;
    const conditions = [
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: now, reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: now, reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: now, reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeResourcesRemain', message },
      { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: now, reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ];
    const current = ns.status?.conditions?.find((c: { type: string }) => c.type === 'NamespaceContentRemaining');
    if (current?.message === message) return;
    try {
      await this.options.client.update(namespaces, { ...structuredClone(ns), status: { ...ns.status, conditions } } as KubeObject, { subresource: 'status' });
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err; // a newer version will be synced again
    }
  }

  private async deleteNamespace(name: string): Promise<void> {
    try {
      await this.options.client.delete(namespaces, undefined, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async finalize(ns: Readonly<KubeObject>): Promise<void> {
    const finalizers = (ns.spec?.finalizers ?? []).filter((f: string) => f !== finalizerName);
    try {
      await this.options.client.update(namespaces, { ...structuredClone(ns), spec: { ...ns.spec, finalizers } } as KubeObject, { subresource: 'finalize' });
      log.info('namespace finalized', { namespace: ns.metadata.name });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

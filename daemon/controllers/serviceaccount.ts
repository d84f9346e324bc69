/**
 * The service account controller (kube-controller-manager's serviceaccount-controller): every
 * Active namespace has a ServiceAccount `default`, created when the namespace appears and again if
 * someone deletes it. Since 1.24 no token Secret goes with it, so `kubectl get sa` shows SECRETS 0.
 * It records no Events, as the real one does not. Left out: nothing else; the tokens controller and
 * the `kube-root-ca.crt` ConfigMap publisher are other controllers.
 */
import { isAlreadyExists } from '../../shared/api/errors.js';
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

const componentName = 'serviceaccount-controller';
/** The accounts every namespace gets (kube-controller-manager's DefaultServiceAccountsControllerOptions). */
const serviceAccountsToEnsure = ['default'];

const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
const serviceAccounts: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts' };
const log = logger(componentName);

export interface ServiceAccountControllerOptions {
  client: ApiClient;
  clock: Clock;
  namespaces: SharedInformer;
  serviceAccounts: SharedInformer;
  workers?: number;
}

export class ServiceAccountController implements Controller {
  readonly name = componentName;
  /** Namespace names. */
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: ServiceAccountControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    options.namespaces.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (old, ns) => old.metadata.resourceVersion !== ns.metadata.resourceVersion && this.queue.add(ns.metadata.name!),
    });
    // Only deletions matter: a new or changed account cannot make one go missing.
    options.serviceAccounts.addEventHandler({
      onDelete: (sa) => serviceAccountsToEnsure.includes(sa.metadata.name!) && this.queue.add(sa.metadata.namespace!),
    });
  }

  static fromContext(context: ControllerContext): ServiceAccountController {
    const { client, clock, informers } = context;
    return new ServiceAccountController({ client, clock, namespaces: informers.informerFor(namespaces), serviceAccounts: informers.informerFor(serviceAccounts) });
  }

  async start(signal: AbortSignal): Promise<void> {
    const synced = await Promise.all([this.options.namespaces.waitForSync(signal), this.options.serviceAccounts.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (name) => this.sync(name), workers: this.options.workers ?? 1, signal, log });
  }

  /** syncNamespace: create the accounts an Active namespace lacks. */
  async sync(namespace: string): Promise<void> {
    const ns = this.options.namespaces.get(namespace);
    if (!ns || ns.status?.phase !== 'Active') return;
    for (const name of serviceAccountsToEnsure) {
      if (this.options.serviceAccounts.get(objectKey(namespace, name))) continue;
      const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
      try {
        await this.options.client.create(serviceAccounts, namespace, account);
        log.debug('created service account', { serviceAccount: objectKey(namespace, name) });
      } catch (err) {
        // Already there (the cache was behind), or the namespace began terminating: nothing to do.
        if (!isAlreadyExists(err) && !isNamespaceTerminating(err)) throw err;
      }
    }
  }
}

/**
 * kube-controller-manager's role, wiring only: one shared informer factory for every controller,
 * each controller started with the same abort signal, and all stopped together.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { SharedInformerFactory } from '../../shared/client/informer-factory.js';
import { logger } from '../../shared/log.js';
import type { ClusterSigningCA } from './csr-signing-issue.js';

export interface Controller {
  readonly name: string;
  /** Waits for its informers, runs its workers, resolves after the signal aborts. */
  start(signal: AbortSignal): Promise<void>;
}

export interface ControllerContext {
  client: ApiClient;
  clock: Clock;
  informers: SharedInformerFactory;
  /**
   * The PEM bundle that verifies the API server (kube-controller-manager's --root-ca-file, or the
   * CA of its own client config): what the root-ca-cert-publisher puts in every namespace.
   */
  rootCA?: string;
  /**
   * Signs a service-account token with the API server's key (kube-controller-manager's
   * --service-account-private-key-file): what the token controller fills token Secrets with.
   */
  signToken?: (claims: Record<string, unknown>) => Promise<string>;
  /**
   * The cluster CA's certificate and key (kube-controller-manager's --cluster-signing-cert-file and
   * --cluster-signing-key-file): what the csrsigning controller signs approved CSRs with.
   */
  clusterSigning?: ClusterSigningCA;
}

export type ControllerFactory = (context: ControllerContext) => Controller;

const log = logger('controller-manager');

export class ControllerManager {
  private readonly abort = new AbortController();
  private running: Promise<unknown> | undefined;
  readonly context: ControllerContext;

  constructor(
    options: { client: ApiClient; clock: Clock; rootCA?: string; signToken?: (claims: Record<string, unknown>) => Promise<string>; clusterSigning?: ClusterSigningCA },
    private readonly factories: readonly ControllerFactory[],
  ) {
    this.context = { ...options, informers: new SharedInformerFactory({ client: options.client, clock: options.clock }) };
  }

  start(): void {
    const controllers = this.factories.map((make) => make(this.context));
    const signal = this.abort.signal;
    // Every informer and worker listens on this one signal: many more than Node's default of 10.
    setMaxListeners(0, signal);
    this.running = Promise.all(
      controllers.map((c) =>
        c.start(signal).catch((err) => log.error('controller stopped with an error', { controller: c.name, error: (err as Error)?.stack ?? String(err) })),
      ),
    );
    // Informers requested while the controllers were built start now; later ones start on request.
    this.context.informers.start(signal);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    await this.context.informers.stopped();
  }
}

/**
 * SharedInformerFactory (client-go's informers.SharedInformerFactory): one informer per
 * resource and namespace, so that every controller asking for pods shares one cache and one
 * watch. Controllers ask for their informers in their constructors; the manager starts them.
 */
import type { Clock } from '../clock.js';
import { logger, type Logger } from '../log.js';
import type { ApiClient, ResourceRef } from './client.js';
import { SharedInformer } from './informer.js';

export interface SharedInformerFactoryOptions {
  client: ApiClient;
  clock: Clock;
  /** Deep-freeze every cached object (tests). */
  freeze?: boolean;
  log?: Logger;
}

export class SharedInformerFactory {
  private readonly options: SharedInformerFactoryOptions;
  private readonly log: Logger;
  private readonly informers = new Map<string, SharedInformer>();
  private readonly runs = new Map<SharedInformer, Promise<void>>();
  private signal: AbortSignal | undefined;

  constructor(options: SharedInformerFactoryOptions) {
    this.options = options;
    this.log = options.log ?? logger('informers');
  }

  /**
   * The shared informer for a resource, across all namespaces when `namespace` is omitted. Once
   * the factory has started, a new informer starts at once.
   */
  informerFor(resource: ResourceRef, namespace?: string): SharedInformer {
    const key = `${resource.group}/${resource.version}/${resource.resource}|${namespace ?? ''}`;
    let informer = this.informers.get(key);
    if (!informer) {
      const { client, clock, freeze } = this.options;
      informer = new SharedInformer({ client, clock, freeze, resource, namespace, log: this.log });
      this.informers.set(key, informer);
      if (this.signal) this.runInformer(informer, this.signal);
    }
    return informer;
  }

  /** Runs every informer until the signal aborts; calling it again starts only new ones. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const informer of this.informers.values()) if (!this.runs.has(informer)) this.runInformer(informer, signal);
  }

  /** Resolves true once every informer has synced, or false if the signal aborts first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Settles once every started informer has stopped (after the start signal aborts). */
  async stopped(): Promise<void> {
    await Promise.all(this.runs.values());
  }

  private runInformer(informer: SharedInformer, signal: AbortSignal): void {
    const run = informer.run(signal).catch((err: unknown) => this.log.error('informer stopped with an error', { informer: informer.name, error: String(err) }));
    this.runs.set(informer, run);
  }
}

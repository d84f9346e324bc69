/**
 * The garbage collector's monitors for custom resources (graph_builder's syncMonitors, which
 * follows discovery): one informer per established CRD's kind, in its preferred served version,
 * started when the CRD is established and stopped when the CRD goes, so that custom resources
 * are owners and dependents like built-in objects. The kinds are learned from the CRDs through the
 * ApiClient's informer (a controller never reads the apiserver's tables), and a kind whose CRD
 * changes its served version is watched again in the new one.
 * Leaves out: the real collector's pause of the graph while monitors change (its informers here
 * feed the graph as they come).
 */
import { preferredCustomResource } from '../../shared/api/custom-resource-info.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ResourceInfo } from '../../shared/api/resources.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { SharedInformer } from '../../shared/client/informer.js';
import type { Logger } from '../../shared/log.js';

export interface CustomResourceMonitorsOptions {
  client: ApiClient;
  clock: Clock;
  /** The collector's informer on customresourcedefinitions. */
  crds: SharedInformer;
  /** Feeds an informer's events into the graph; returns the detach. */
  attach(info: ResourceInfo, informer: SharedInformer): () => void;
  log: Logger;
  freeze?: boolean;
}

interface Monitor {
  info: ResourceInfo;
  informer: SharedInformer;
  abort: AbortController;
  detach(): void;
}

export class CustomResourceMonitors {
  /** By CRD name. */
  private readonly monitors = new Map<string, Monitor>();
  private signal: AbortSignal | undefined;

  constructor(private readonly options: CustomResourceMonitorsOptions) {
    options.crds.addEventHandler({
      onAdd: (crd) => this.sync(crd),
      onUpdate: (_, crd) => this.sync(crd),
      onDelete: (crd) => this.stop(crd.metadata.name ?? ''),
    });
  }

  /** Runs the monitors (those known already and those to come) until the signal aborts. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const monitor of this.monitors.values()) this.run(monitor);
    signal.addEventListener('abort', () => {
      for (const name of [...this.monitors.keys()]) this.stop(name);
    }, { once: true });
  }

  /** The kinds monitored now (tests). */
  monitored(): ResourceInfo[] {
    return [...this.monitors.values()].map((m) => m.info);
  }

  /** The monitors' informers, for the collector to wait on before its first look. */
  informers(): SharedInformer[] {
    return [...this.monitors.values()].map((m) => m.informer);
  }

  private sync(crd: Readonly<KubeObject>): void {
    const name = crd.metadata.name ?? '';
    const custom = preferredCustomResource(crd);
    const current = this.monitors.get(name);
    if (!custom) {
      // Not (or no longer) served: a CRD being deleted stays established until it is gone.
      if (current) this.stop(name);
      return;
    }
    const { info } = custom;
    if (current && current.info.group === info.group && current.info.version === info.version && current.info.resource === info.resource && current.info.namespaced === info.namespaced) return;
    if (current) this.stop(name);
    const { client, clock, log, freeze } = this.options;
    const informer = new SharedInformer({ client, clock, resource: { group: info.group, version: info.version, resource: info.resource }, log, freeze });
    const monitor: Monitor = { info, informer, abort: new AbortController(), detach: this.options.attach(info, informer) };
    this.monitors.set(name, monitor);
    if (this.signal) this.run(monitor);
  }

  private run(monitor: Monitor): void {
    if (this.signal?.aborted) return;
    // run() settles only when aborted; a failed list or watch is retried inside with back-off.
    void monitor.informer.run(monitor.abort.signal).catch((err: unknown) => this.options.log.error('custom resource monitor stopped', { resource: monitor.info.resource, error: String(err) }));
  }

  private stop(name: string): void {
    const monitor = this.monitors.get(name);
    if (!monitor) return;
    this.monitors.delete(name);
    monitor.abort.abort();
    monitor.detach();
  }
}

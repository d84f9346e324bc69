/**
 * kube-proxy of one virtual node (iptables mode, `k/k:pkg/proxy`): an ordinary API client whose
 * informers on Services and EndpointSlices feed the node's rule table (rule-table.ts), installed
 * as the node's router in the cluster network so every new connection from this node's pods, from
 * the node itself and from the host through a NodePort goes through it. It also keeps the host
 * listeners of the node's NodePorts (nodeport.ts). It runs while its node runs; a killed node's
 * proxy is gone with its rules and listeners. No health-check node ports; inside the cluster
 * every HTTP request is a new connection (no conntrack), the host's keep-alive ones are not.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import { EventRecorder } from '../../../shared/client/events.js';
import type { SharedInformer } from '../../../shared/client/informer.js';
import { SharedInformerFactory } from '../../../shared/client/informer-factory.js';
import { logger, type Logger } from '../../../shared/log.js';
import type { ClusterNetwork, NodeRouter, Route, RoutedConnection } from '../../runtime/network.js';
// client-go's tools/events recorder; it lives with the scheduler, its first user.
import { SeriesEventRecorder } from '../../scheduler/event-recorder.js';
import { NodePortListeners, type NodePortTarget } from './nodeport.js';
import { ProxyRuleTable } from './rule-table.js';

const servicesRef: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const endpointSlicesRef: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
/** kind's and flannel's `--cluster-cidr`, which the pod CIDRs 10.244.<i>.0/24 come from. */
const defaultClusterCIDR = '10.244.0.0/16';

export interface KubeProxyOptions {
  client: ApiClient;
  clock: Clock;
  nodeName: string;
  nodeIP: string;
  network: ClusterNetwork;
  clusterCIDR?: string;
  /** [0,1) for the random endpoint choice; tests pass a seeded one. */
  random?: () => number;
  /** Listen on the host for NodePorts (unit tests that want no sockets turn it off). */
  openNodePorts?: boolean;
}

export class KubeProxy implements NodeRouter {
  readonly table: ProxyRuleTable;
  private readonly log: Logger;
  private readonly informers: SharedInformerFactory;
  private readonly services: SharedInformer;
  private readonly slices: SharedInformer;
  private readonly abort = new AbortController();
  private nodePorts?: NodePortListeners;
  private unsubscribe?: () => void;
  private stopped = false;

  constructor(private readonly options: KubeProxyOptions) {
    if (!options.nodeName || !options.nodeIP) throw new Error('kube-proxy: nodeName and nodeIP are required');
    const { client, clock, nodeName, nodeIP } = options;
    this.log = logger(`kube-proxy/${nodeName}`);
    this.table = new ProxyRuleTable({ nodeName, nodeIP, clusterCIDR: options.clusterCIDR ?? defaultClusterCIDR, clock, random: options.random });
    this.informers = new SharedInformerFactory({ client, clock, log: this.log });
    this.services = this.informers.informerFor(servicesRef);
    this.slices = this.informers.informerFor(endpointSlicesRef);
    const name = (obj: Readonly<KubeObject>): [string, string] => [obj.metadata.namespace ?? '', obj.metadata.name ?? ''];
    this.services.addEventHandler({
      onAdd: (service) => this.table.setService(service),
      onUpdate: (old, service) => old.metadata.resourceVersion !== service.metadata.resourceVersion && this.table.setService(service),
      onDelete: (service) => this.table.deleteService(...name(service)),
    });
    this.slices.addEventHandler({
      onAdd: (slice) => this.table.setEndpointSlice(slice),
      onUpdate: (old, slice) => old.metadata.resourceVersion !== slice.metadata.resourceVersion && this.table.setEndpointSlice(slice),
      onDelete: (slice) => this.table.deleteEndpointSlice(...name(slice)),
    });
  }

  /** Syncs the caches, then takes over the node's routing and opens its NodePorts. */
  async start(signal?: AbortSignal): Promise<void> {
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.informers.start(this.abort.signal);
    if (!(await this.informers.waitForCacheSync(this.abort.signal))) return;
    if (this.stopped) return;
    this.options.network.setRouter(this.options.nodeName, this);
    if (this.options.openNodePorts ?? true) {
      const { client, clock, nodeName, nodeIP, network } = this.options;
      const recorder = new EventRecorder({ client, clock, component: 'kube-proxy', host: nodeName });
      // kube-proxy's birth cry on its Node (uid = node name), with no message: the
      // `Normal  Starting  …  kube-proxy` line of a real `kubectl describe node`. It goes through
      // the events.k8s.io recorder, as kube-proxy's does, so it has an eventTime, action
      // StartKubeProxy and the instance `kube-proxy-<hostname>` that `get events -o wide` shows.
      const birthCry = new SeriesEventRecorder({ client, clock, reportingController: 'kube-proxy', reportingInstance: `kube-proxy-${nodeName}` });
      // Its node reference names no API version, as kube-proxy's NodeRef does not.
      birthCry.event({ kind: 'Node', metadata: { name: nodeName, uid: nodeName } } as KubeObject, 'Normal', 'Starting', 'StartKubeProxy', '');
      this.nodePorts = new NodePortListeners({ nodeName, nodeIP, network, recorder, log: this.log });
      this.unsubscribe = this.table.onChange(() => this.syncNodePorts());
      this.syncNodePorts();
    }
    this.log.info('kube-proxy started', { node: this.options.nodeName });
  }

  /** The node went down: no more routing through this table, listeners closed, watches ended. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    this.unsubscribe?.();
    try {
      this.options.network.setRouter(this.options.nodeName, undefined);
    } catch (err) {
      this.log.debug('router already detached', { error: (err as Error).message });
    }
    await this.nodePorts?.closeAll();
    await this.informers.stopped();
  }

  /** `iptables-save -t nat` of this node. */
  render(): string {
    return this.table.render();
  }

  /** The host ports this node listens on now. */
  nodePortsOpen(): number[] {
    return this.nodePorts?.ports() ?? [];
  }

  /** NodeRouter: the table's decision; `masquerade` when KUBE-MARK-MASQ matched (hairpin, node, outside traffic). */
  route(connection: RoutedConnection): Route {
    return this.table.route(connection);
  }

  private syncNodePorts(): void {
    if (this.stopped || !this.nodePorts) return;
    this.nodePorts.sync(this.nodePortTargets());
  }

  /** Every TCP node port the table routes to an endpoint (on this node, for `externalTrafficPolicy: Local`). */
  private nodePortTargets(): NodePortTarget[] {
    const targets: NodePortTarget[] = [];
    for (const info of this.table.reachableNodePorts()) {
      const service = this.services.get(info.serviceKey);
      if (info.protocol !== 'tcp' || !service) continue;
      targets.push({ port: info.nodePort, service: { ...service, kind: 'Service', apiVersion: 'v1' }, servicePortName: info.servicePortName });
    }
    return targets;
  }
}

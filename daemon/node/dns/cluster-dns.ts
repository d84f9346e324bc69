/**
 * The cluster's DNS service as pods reach it: CoreDNS behind the `kube-system/kube-dns` Service.
 * An API client with informers on Services and EndpointSlices (what CoreDNS's kubernetes plugin
 * watches; `pods insecure` needs no pod watch), answering through kubernetes-zone.ts. A question
 * sent to the kube-dns ClusterIP is answered only while the Service has a ready endpoint, as
 * kube-proxy routes it: with none, its REJECT rule refuses the packet, so scaling `coredns` to 0
 * or failing its readiness makes names stop resolving. A question sent straight to a CoreDNS pod
 * IP is answered too; any other server never answers. Models CoreDNS's `cache 30`: an answer
 * served again within 30 s comes without the AA bit (nslookup's "Non-authoritative answer:").
 * Left out: one cache per CoreDNS pod, the Corefile (edits to the ConfigMap change nothing).
 */
import { objectKey } from '../../../shared/api/keys.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import { SharedInformer } from '../../../shared/client/informer.js';
import { logger } from '../../../shared/log.js';
import type { DnsOutcome, DnsQuestion, DnsReply, DnsTransport } from '../../runtime/dns/dns-message.js';
import { answerQuestion, defaultZone, type ZoneData, type ZoneOptions } from './kubernetes-zone.js';

const servicesRef: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const endpointSlicesRef: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const byServiceIndex = 'service';
/** The Corefile's `cache 30`. */
const cacheTtlMs = 30_000;

export interface ClusterDnsOptions {
  client: ApiClient;
  clock: Clock;
  /** The Service pods' resolv.conf points at; kubeadm's `kube-system/kube-dns`. */
  service?: { namespace: string; name: string };
  zone?: ZoneOptions;
}

export class ClusterDns implements DnsTransport {
  private readonly services: SharedInformer;
  private readonly slices: SharedInformer;
  private readonly clock: Clock;
  private readonly service: { namespace: string; name: string };
  private readonly zone: ZoneOptions;
  private readonly cache = new Map<string, number>();
  private readonly data: ZoneData;

  constructor(options: ClusterDnsOptions) {
    const { client, clock } = options;
    const log = logger('coredns');
    this.clock = clock;
    this.service = options.service ?? { namespace: 'kube-system', name: 'kube-dns' };
    this.zone = options.zone ?? defaultZone;
    this.services = new SharedInformer({ client, clock, resource: servicesRef, log });
    this.slices = new SharedInformer({ client, clock, resource: endpointSlicesRef, log });
    this.slices.addIndexer(byServiceIndex, (slice) => {
      const name = slice.metadata.labels?.['kubernetes.io/service-name'];
      return name ? [objectKey(slice.metadata.namespace, name)] : [];
    });
    this.data = {
      service: (namespace, name) => this.services.get(objectKey(namespace, name)),
      endpointSlices: (namespace, name) => this.slices.byIndex(byServiceIndex, objectKey(namespace, name)),
      allServices: () => this.services.list(),
      allEndpointSlices: () => this.slices.list(),
    };
  }

  /** Runs the informers until the signal aborts; resolves once both have synced. */
  async start(signal: AbortSignal): Promise<void> {
    void Promise.all([this.services.run(signal), this.slices.run(signal)]).catch((err) => logger('coredns').error('informer stopped', { error: String(err) }));
    await Promise.all([this.services.waitForSync(signal), this.slices.waitForSync(signal)]);
  }

  query(_fromIP: string, server: string, question: DnsQuestion): DnsOutcome {
    const endpoints = this.dnsEndpoints();
    const service = this.services.get(objectKey(this.service.namespace, this.service.name));
    const serviceIPs: string[] = service?.spec?.clusterIPs ?? (service?.spec?.clusterIP ? [service.spec.clusterIP] : []);
    if (serviceIPs.includes(server)) {
      if (!endpoints.some((e) => e.ready)) return { type: 'refused' };
    } else if (!endpoints.some((e) => e.address === server)) {
      return { type: 'timeout' };
    }
    return { type: 'reply', reply: this.answer(question) };
  }

  /** The zone's answer, through the cache. */
  answer(question: DnsQuestion): DnsReply {
    const reply = answerQuestion(this.data, question, this.zone);
    if (reply.rcode !== 'NOERROR' || !reply.authoritative) return reply;
    const key = `${question.type} ${question.name.toLowerCase()}`;
    const now = this.clock.now();
    const cachedUntil = this.cache.get(key);
    if (cachedUntil !== undefined && cachedUntil > now) return { ...reply, authoritative: false };
    this.cache.set(key, now + cacheTtlMs);
    if (this.cache.size > 10_000) this.pruneCache(now);
    return reply;
  }

  /** The CoreDNS pods behind the Service: every endpoint address with its readiness. */
  private dnsEndpoints(): { address: string; ready: boolean }[] {
    const out: { address: string; ready: boolean }[] = [];
    for (const slice of this.slices.byIndex(byServiceIndex, objectKey(this.service.namespace, this.service.name))) {
      for (const endpoint of (slice as KubeObject).endpoints ?? []) {
        for (const address of endpoint.addresses ?? []) out.push({ address, ready: endpoint.conditions?.ready !== false });
      }
    }
    return out;
  }

  private pruneCache(now: number): void {
    for (const [key, until] of this.cache) if (until <= now) this.cache.delete(key);
  }
}

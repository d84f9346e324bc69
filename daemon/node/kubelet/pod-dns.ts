/**
 * What the kubelet decides about a pod's names, and the files that carry them into every container
 * (k/k `pkg/kubelet/network/dns` GetPodDNS and `kubelet_pods.go` GeneratePodHostNameAndDomain /
 * managedHostsFileContent; containerd writes resolv.conf from the sandbox's DNSConfig):
 * - the hostname (spec.hostname or the pod name cut to 63 characters) and, with spec.subdomain,
 *   the domain `<subdomain>.<ns>.svc.<clusterDomain>`;
 * - /etc/resolv.conf by dnsPolicy: ClusterFirst (the default) and ClusterFirstWithHostNet point at
 *   the cluster DNS with the search path `<ns>.svc.cluster.local svc.cluster.local cluster.local`
 *   and `ndots:5`; Default (and ClusterFirst with hostNetwork) copies the node's; None uses only
 *   spec.dnsConfig, which the other policies append to (options of the same name replaced);
 * - /etc/hosts with the kubelet's header, the pod's own entry and the hostAliases section.
 * Left out: the DNSConfigForming events for too many nameservers or search domains (trimmed silently).
 */
import type { KubeObject } from '../../../shared/api/meta.js';

export interface KubeletDnsConfig {
  /** kubelet `clusterDNS` (kubeadm: the 10th address of the service CIDR). */
  clusterDNS: string[];
  /** kubelet `clusterDomain`. */
  clusterDomain: string;
  /** The node's own /etc/resolv.conf, used by dnsPolicy Default. */
  hostResolvConf: string;
}

/**
 * The node's resolv.conf in kind: Docker's embedded DNS, which kind's entrypoint rewrites to the
 * host's address on the kind network, and Docker's `ndots:0`.
 */
export const defaultDnsConfig: KubeletDnsConfig = {
  clusterDNS: ['10.96.0.10'],
  clusterDomain: 'cluster.local',
  hostResolvConf: 'nameserver 172.18.0.1\noptions ndots:0\n',
};

const maxNameservers = 3;
const maxSearchDomains = 32;
const maxHostnameLength = 63;

/** GeneratePodHostNameAndDomain: the pod's hostname and, with a subdomain, its domain. */
export function podHostnameAndDomain(pod: Readonly<KubeObject>, clusterDomain: string): { hostname: string; domain?: string } {
  let hostname: string = pod.spec?.hostname || pod.metadata.name || '';
  // truncatePodHostnameIfNeeded: cut at 63 and drop the '-' or '.' the cut leaves at the end.
  if (hostname.length > maxHostnameLength) hostname = hostname.slice(0, maxHostnameLength).replace(/[-.]+$/, '');
  const subdomain: string | undefined = pod.spec?.subdomain;
  return subdomain ? { hostname, domain: `${subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}` } : { hostname };
}

/** The hostname the containers see: the node's with hostNetwork, the FQDN with setHostnameAsFQDN. */
export function containerHostname(pod: Readonly<KubeObject>, config: KubeletDnsConfig, nodeName: string): string {
  if (pod.spec?.hostNetwork === true) return nodeName;
  const { hostname, domain } = podHostnameAndDomain(pod, config.clusterDomain);
  return pod.spec?.setHostnameAsFQDN === true && domain ? `${hostname}.${domain}` : hostname;
}

interface DnsSettings {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** getPodDNSType: which resolv.conf the pod gets. */
function dnsType(pod: Readonly<KubeObject>): 'cluster' | 'host' | 'none' {
  const policy: string = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None') return 'none';
  if (policy === 'Default') return 'host';
  if (policy === 'ClusterFirstWithHostNet') return 'cluster';
  return pod.spec?.hostNetwork === true ? 'host' : 'cluster';
}

/** The text of the pod's /etc/resolv.conf, as containerd writes it: search, nameservers, options. */
export function podResolvConf(pod: Readonly<KubeObject>, config: KubeletDnsConfig): string {
  const settings = baseSettings(pod, config);
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    settings.nameservers = unique([...settings.nameservers, ...(extra.nameservers ?? [])]);
    settings.searches = unique([...settings.searches, ...(extra.searches ?? [])]);
    settings.options = mergeOptions(settings.options, extra.options ?? []);
  }
  const nameservers = settings.nameservers.slice(0, maxNameservers);
  const searches = settings.searches.slice(0, maxSearchDomains);
  let text = '';
  if (searches.length) text += `search ${searches.join(' ')}\n`;
  for (const server of nameservers) text += `nameserver ${server}\n`;
  if (settings.options.length) text += `options ${settings.options.join(' ')}\n`;
  return text;
}

function baseSettings(pod: Readonly<KubeObject>, config: KubeletDnsConfig): DnsSettings {
  const type = dnsType(pod);
  if (type === 'none') return { nameservers: [], searches: [], options: [] };
  const host = parseHostResolvConf(config.hostResolvConf);
  if (type === 'host') return host;
  const namespace = pod.metadata.namespace ?? 'default';
  const domain = config.clusterDomain;
  return {
    nameservers: [...config.clusterDNS],
    searches: unique([`${namespace}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches]),
    options: ['ndots:5'],
  };
}

/** Parsed host resolv.conf texts: one per node, read for every container the node starts. */
const parsedHostResolvConfs = new Map<string, Readonly<DnsSettings>>();

/** The host's settings, as a fresh copy the caller may change. */
function parseHostResolvConf(text: string): DnsSettings {
  let parsed = parsedHostResolvConfs.get(text);
  if (!parsed) {
    parsed = parseResolvConf(text);
    if (parsedHostResolvConfs.size > 16) parsedHostResolvConfs.clear();
    parsedHostResolvConfs.set(text, parsed);
  }
  return { nameservers: [...parsed.nameservers], searches: [...parsed.searches], options: [...parsed.options] };
}

function parseResolvConf(text: string): DnsSettings {
  const settings: DnsSettings = { nameservers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [keyword, ...args] = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (keyword === 'nameserver' && args[0]) settings.nameservers.push(args[0]);
    else if (keyword === 'search') settings.searches = args.filter(Boolean);
    else if (keyword === 'options') settings.options = mergeOptions(settings.options, args.map(parseOption));
  }
  return settings;
}

function parseOption(text: string): { name: string; value?: string } {
  const colon = text.indexOf(':');
  return colon < 0 ? { name: text } : { name: text.slice(0, colon), value: text.slice(colon + 1) };
}

/** mergeDNSOptions: a dnsConfig option replaces an existing one of the same name. */
function mergeOptions(existing: readonly string[], added: readonly { name: string; value?: string }[]): string[] {
  const merged = new Map<string, string>();
  for (const option of existing) merged.set(parseOption(option).name, option);
  for (const option of added) merged.set(option.name, option.value !== undefined && option.value !== '' ? `${option.name}:${option.value}` : option.name);
  return [...merged.values()];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

const managedHeader = '# Kubernetes-managed hosts file.\n';
const hostNetworkHeader = '# Kubernetes-managed hosts file (host network).\n';
const localhostLines =
  '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

/** The pod's /etc/hosts: the kubelet's managed file, or the node's own for hostNetwork pods. */
export function podHostsFile(pod: Readonly<KubeObject>, podIPs: readonly string[], config: KubeletDnsConfig, node: { name: string; ip: string }): string {
  const aliases = hostAliasesSection(pod.spec?.hostAliases ?? []);
  if (pod.spec?.hostNetwork === true) return `${hostNetworkHeader}${localhostLines}${node.ip}\t${node.name}\n${aliases}`;
  const { hostname, domain } = podHostnameAndDomain(pod, config.clusterDomain);
  const own = podIPs.map((ip) => (domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`)).join('');
  return `${managedHeader}${localhostLines}${own}${aliases}`;
}

function hostAliasesSection(aliases: readonly { ip?: string; hostnames?: string[] }[]): string {
  if (!aliases.length) return '';
  return `\n# Entries added by HostAliases.\n${aliases.map((a) => `${a.ip ?? ''}\t${(a.hostnames ?? []).join('\t')}\n`).join('')}`;
}

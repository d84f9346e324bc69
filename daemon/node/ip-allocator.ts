/**
 * Pod IPs from a node's pod CIDR (10.244.N.0/24), handed out in order and reused after release,
 * as the host-local IPAM of kind's CNI does: .1 is the gateway, pods get .2 to .254 (in a larger
 * block, everything from .2 up to the address before the broadcast).
 */

export class PodIPAllocator {
  private readonly byPod = new Map<string, string>();
  private readonly used = new Set<number>();
  /** Host offsets within the CIDR: .1 is the gateway, the last address the broadcast. */
  private readonly first = 2;
  private readonly last: number;
  private next = 2;
  private readonly base: number;

  constructor(private readonly podCIDR: string) {
    const [address, bits] = podCIDR.split('/');
    // /24 by default; a `--config` worker with a large maxPods gets a bigger block (cluster-nodes.ts).
    if (!(Number(bits) >= 16 && Number(bits) <= 24)) throw new Error(`pod CIDR must be a /16 to /24, got ${podCIDR}`);
    this.base = ipNumber(address!);
    this.last = 2 ** (32 - Number(bits)) - 2;
  }

  /** The IP of a pod, the same for every call until it is released. */
  allocate(podUid: string): string {
    const existing = this.byPod.get(podUid);
    if (existing) return existing;
    for (let tries = this.first; tries <= this.last; tries++) {
      const host = this.next;
      this.next = this.next >= this.last ? this.first : this.next + 1;
      if (this.used.has(host)) continue;
      this.used.add(host);
      const ip = ipText(this.base + host);
      this.byPod.set(podUid, ip);
      return ip;
    }
    throw new Error(`allocate pod IP: the range ${this.podCIDR} is full`);
  }

  /** Marks an IP as the pod's again (a daemon restart); an address outside this CIDR is ignored. */
  restore(podUid: string, ip: string): void {
    const host = ipNumber(ip) - this.base;
    if (!(host >= this.first && host <= this.last) || this.used.has(host)) return;
    this.used.add(host);
    this.byPod.set(podUid, ip);
    // Continue after the highest restored address, as host-local IPAM continues after its last one.
    if (host >= this.next) this.next = host >= this.last ? this.first : host + 1;
  }

  release(podUid: string): void {
    const ip = this.byPod.get(podUid);
    if (!ip) return;
    this.byPod.delete(podUid);
    this.used.delete(ipNumber(ip) - this.base);
  }
}

function ipNumber(ip: string): number {
  const o = ip.split('.').map(Number);
  return o[0]! * 2 ** 24 + o[1]! * 2 ** 16 + o[2]! * 2 ** 8 + o[3]!;
}

function ipText(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/**
 * The pod CIDR mask of a cluster whose nodes hold up to maxPods pods: /24 (kube-controller-manager's
 * --node-cidr-mask-size default) unless a node needs more, then the largest block with twice as
 * many addresses as pods, as GKE sizes its node ranges (110 pods → /24, 1100 → /20).
 */
export function podCIDRMask(maxPods: number): number {
  let bits = 24;
  while (bits > 16 && 2 ** (32 - bits) < 2 * maxPods) bits--;
  return bits;
}

/** The i-th pod CIDR of 10.244.0.0/16 with the given mask (i = 0 for the control plane). */
export function podCIDRAt(index: number, bits: number): string {
  return `${ipText(ipNumber('10.244.0.0') + index * 2 ** (32 - bits))}/${bits}`;
}

/** Node IPs: the control plane first, then node1, node2, … from the node subnet (.1, .2, …). */
export function nodeIPs(subnet: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => nodeIPAt(subnet, i));
}

/** The i-th node IP of the subnet (0 → .1). */
export function nodeIPAt(subnet: string, index: number): string {
  const [base] = subnet.split('/');
  return ipText(ipNumber(base!) + 1 + index);
}

/** The first node IP of the subnet and the first pod CIDR 10.244.<i>.0/24 that no node uses. */
export function nextFreeAddresses(subnet: string, used: { ips: readonly string[]; podCIDRs: readonly string[] }): { ip: string; podCIDR: string } {
  const bits = Number(subnet.split('/')[1] ?? 24);
  const hosts = 2 ** (32 - bits) - 2;
  let ip: string | undefined;
  for (let i = 0; i < hosts && !ip; i++) if (!used.ips.includes(nodeIPAt(subnet, i))) ip = nodeIPAt(subnet, i);
  let podCIDR: string | undefined;
  // A used block may be larger than a /24 (a `--config` cluster): a candidate inside it is taken too.
  const blocks = used.podCIDRs.filter((c) => c.includes('/')).map((c) => ({ start: ipNumber(c.split('/')[0]!), size: 2 ** (32 - Number(c.split('/')[1])) }));
  const taken = (n: number): boolean => blocks.some((b) => n >= b.start && n < b.start + b.size);
  for (let i = 0; i < 256 && !podCIDR; i++) if (!taken(ipNumber(`10.244.${i}.0`))) podCIDR = `10.244.${i}.0/24`;
  if (!ip) throw new Error(`the node subnet ${subnet} has no free address left`);
  if (!podCIDR) throw new Error('the pod network 10.244.0.0/16 has no free /24 left');
  return { ip, podCIDR };
}

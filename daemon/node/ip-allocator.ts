/**
 * Pod IPs from a node's pod CIDR (10.244.N.0/24), handed out in order and reused after release,
 * as the host-local IPAM of kind's CNI does: .1 is the gateway, pods get .2 to .254.
 */

export class PodIPAllocator {
  private readonly byPod = new Map<string, string>();
  private readonly used = new Set<number>();
  private next = 2;
  private readonly prefix: string;

  constructor(podCIDR: string) {
    const [base, bits] = podCIDR.split('/');
    if (bits !== '24') throw new Error(`pod CIDR must be a /24, got ${podCIDR}`);
    this.prefix = base.split('.').slice(0, 3).join('.');
  }

  /** The IP of a pod, the same for every call until it is released. */
  allocate(podUid: string): string {
    const existing = this.byPod.get(podUid);
    if (existing) return existing;
    for (let tries = 0; tries < 253; tries++) {
      const host = this.next;
      this.next = this.next >= 254 ? 2 : this.next + 1;
      if (this.used.has(host)) continue;
      this.used.add(host);
      const ip = `${this.prefix}.${host}`;
      this.byPod.set(podUid, ip);
      return ip;
    }
    throw new Error(`allocate pod IP: the range ${this.prefix}.0/24 is full`);
  }

  /** Marks an IP as the pod's again (a daemon restart); an address outside this CIDR is ignored. */
  restore(podUid: string, ip: string): void {
    const parts = ip.split('.');
    const host = Number(parts[3]);
    if (parts.slice(0, 3).join('.') !== this.prefix || !(host >= 2 && host <= 254) || this.used.has(host)) return;
    this.used.add(host);
    this.byPod.set(podUid, ip);
    // Continue after the highest restored address, as host-local IPAM continues after its last one.
    if (host >= this.next) this.next = host >= 254 ? 2 : host + 1;
  }

  release(podUid: string): void {
    const ip = this.byPod.get(podUid);
    if (!ip) return;
    this.byPod.delete(podUid);
    this.used.delete(Number(ip.split('.')[3]));
  }
}

/** Node IPs: the control plane first, then node1, node2, … from the node subnet (.1, .2, …). */
export function nodeIPs(subnet: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => nodeIPAt(subnet, i));
}

/** The i-th node IP of the subnet (0 → .1). */
export function nodeIPAt(subnet: string, index: number): string {
  const [base] = subnet.split('/');
  const octets = base!.split('.').map(Number);
  const start = octets[0]! * 2 ** 24 + octets[1]! * 2 ** 16 + octets[2]! * 2 ** 8 + octets[3]!;
  const n = start + 1 + index;
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The first node IP of the subnet and the first pod CIDR 10.244.<i>.0/24 that no node uses. */
export function nextFreeAddresses(subnet: string, used: { ips: readonly string[]; podCIDRs: readonly string[] }): { ip: string; podCIDR: string } {
  const bits = Number(subnet.split('/')[1] ?? 24);
  const hosts = 2 ** (32 - bits) - 2;
  let ip: string | undefined;
  for (let i = 0; i < hosts && !ip; i++) if (!used.ips.includes(nodeIPAt(subnet, i))) ip = nodeIPAt(subnet, i);
  let podCIDR: string | undefined;
  for (let i = 0; i < 256 && !podCIDR; i++) if (!used.podCIDRs.includes(`10.244.${i}.0/24`)) podCIDR = `10.244.${i}.0/24`;
  if (!ip) throw new Error(`the node subnet ${subnet} has no free address left`);
  if (!podCIDR) throw new Error('the pod network 10.244.0.0/16 has no free /24 left');
  return { ip, podCIDR };
}

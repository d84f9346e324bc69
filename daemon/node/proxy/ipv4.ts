/**
 * IPv4 addresses and CIDRs as numbers, for kube-proxy's `-s`/`-d` matches. kubelab's cluster is
 * single-stack IPv4 (kind's default), so IPv6 addresses are recognised only to be left out, as
 * an IPv4 kube-proxy leaves out the other family.
 */

export interface Cidr {
  base: number;
  mask: number;
}

/** The address as an unsigned 32-bit number, or undefined if it is not dotted-quad IPv4. */
export function parseIPv4(text: string): number | undefined {
  // A character loop: this runs for every endpoint of every slice update and every route().
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== undefined;
}

/** "10.244.0.0/16" or a bare address (a /32), as iptables reads `-s`/`-d`. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = parseIPv4(slash < 0 ? text : text.slice(0, slash));
  const bits = slash < 0 ? 32 : Number(text.slice(slash + 1));
  if (address === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (address & mask) >>> 0, mask };
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return ((address & cidr.mask) >>> 0) === cidr.base;
}

/**
 * The Kubernetes CEL IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library ip.go and cidr.go,
 * available to CRD rules since v1.30): `isIP`, `ip()` with family/isUnspecified/isLoopback/
 * isGlobalUnicast/isLinkLocalUnicast/isLinkLocalMulticast, `isCIDR`, `cidr()` with
 * containsIP/containsCIDR/ip/masked/prefixLength. Addresses parse as Go's netip does for these
 * libraries: no IPv4 leading zeros, no IPv6 zones, no IPv4-mapped IPv6.
 * Left out: `ip.isCanonical`, and `string()` of IP and CIDR values.
 *
 * Hand-written on node:net's address checks rather than an IP library: containment is a few
 * lines of BigInt arithmetic, and Go's stricter parsing rules have to be added on top anyway.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { EvaluationError } from '@marcbachmann/cel-js';

/** The value behind a CEL `ip(...)`: its family and its bits. */
export class CelIp {
  constructor(
    readonly family: 4 | 6,
    readonly bits: bigint,
  ) {}
}

/** The value behind a CEL `cidr(...)`. */
export class CelCidr {
  constructor(
    readonly ip: CelIp,
    readonly prefix: number,
  ) {}
}

function parseIp(s: string): CelIp | undefined {
  if (isIPv4(s) && !/(^|\.)0\d/.test(s)) return new CelIp(4, s.split('.').reduce((n, part) => (n << 8n) | BigInt(part), 0n));
  if (!isIPv6(s) || s.includes('%') || s.includes('.')) return undefined;
  const [head = '', tail] = s.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return new CelIp(6, all.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n));
}

function parseCidr(s: string): CelCidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  const ip = m ? parseIp(m[1]!) : undefined;
  if (!m || !ip) return undefined;
  const prefix = Number(m[2]);
  return prefix > (ip.family === 4 ? 32 : 128) ? undefined : new CelCidr(ip, prefix);
}

const width = (ip: CelIp): bigint => (ip.family === 4 ? 32n : 128n);
const masked = (c: CelCidr): bigint => {
  const shift = width(c.ip) - BigInt(c.prefix);
  return (c.ip.bits >> shift) << shift;
};

function contains(c: CelCidr, ip: CelIp): boolean {
  if (ip.family !== c.ip.family) return false;
  const shift = width(c.ip) - BigInt(c.prefix);
  return ip.bits >> shift === masked(c) >> shift;
}

const need = <T>(value: T | undefined, message: string): T => {
  if (value === undefined) throw new EvaluationError(message);
  return value;
};
const ipOf = (s: string): CelIp => need(parseIp(s), `IP Address '${s}' parse error during conversion from string: ParseAddr("${s}"): unable to parse IP`);
const cidrOf = (s: string): CelCidr => need(parseCidr(s), `network address parse error during conversion from string: netip.ParsePrefix("${s}"): bad prefix`);

/** Registers the IP and CIDR types, their equality and their functions. */
export function registerNetLibrary(
  registerType: (name: string, ctor: new (...args: any[]) => unknown) => void,
  registerOperator: (signature: string, handler: (a: any, b: any) => unknown) => void,
  fn: (signature: string, handler: (...args: any[]) => unknown) => void,
): void {
  registerType('net.IP', CelIp);
  registerType('net.CIDR', CelCidr);
  registerOperator('net.IP == net.IP', (a: CelIp, b: CelIp) => a.family === b.family && a.bits === b.bits);
  registerOperator('net.CIDR == net.CIDR', (a: CelCidr, b: CelCidr) => a.prefix === b.prefix && a.ip.family === b.ip.family && a.ip.bits === b.ip.bits);
  fn('isIP(string): bool', (s: string) => parseIp(s) !== undefined);
  fn('ip(string): net.IP', ipOf);
  fn('net.IP.family(): int', (ip: CelIp) => BigInt(ip.family));
  fn('net.IP.isUnspecified(): bool', (ip: CelIp) => ip.bits === 0n);
  fn('net.IP.isLoopback(): bool', (ip: CelIp) => (ip.family === 4 ? ip.bits >> 24n === 127n : ip.bits === 1n));
  fn('net.IP.isLinkLocalUnicast(): bool', (ip: CelIp) => (ip.family === 4 ? ip.bits >> 16n === 0xa9fen : ip.bits >> 118n === 0x3fan));
  fn('net.IP.isLinkLocalMulticast(): bool', (ip: CelIp) => (ip.family === 4 ? ip.bits >> 8n === 0xe00000n : ip.bits >> 112n === 0xff02n));
  fn('net.IP.isGlobalUnicast(): bool', (ip: CelIp) => {
    if (ip.family === 4) return ip.bits !== 0n && ip.bits !== 0xffffffffn && ip.bits >> 24n !== 127n && ip.bits >> 28n !== 0xen && ip.bits >> 16n !== 0xa9fen;
    return ip.bits !== 0n && ip.bits !== 1n && ip.bits >> 120n !== 0xffn && ip.bits >> 118n !== 0x3fan;
  });
  fn('isCIDR(string): bool', (s: string) => parseCidr(s) !== undefined);
  fn('cidr(string): net.CIDR', cidrOf);
  fn('net.CIDR.containsIP(string): bool', (c: CelCidr, s: string) => contains(c, ipOf(s)));
  fn('net.CIDR.containsIP(net.IP): bool', (c: CelCidr, ip: CelIp) => contains(c, ip));
  fn('net.CIDR.containsCIDR(string): bool', (c: CelCidr, s: string) => {
    const other = cidrOf(s);
    return other.prefix >= c.prefix && contains(c, other.ip);
  });
  fn('net.CIDR.containsCIDR(net.CIDR): bool', (c: CelCidr, other: CelCidr) => other.prefix >= c.prefix && contains(c, other.ip));
  fn('net.CIDR.ip(): net.IP', (c: CelCidr) => c.ip);
  fn('net.CIDR.masked(): net.CIDR', (c: CelCidr) => new CelCidr(new CelIp(c.ip.family, masked(c)), c.prefix));
  fn('net.CIDR.prefixLength(): int', (c: CelCidr) => BigInt(c.prefix));
}

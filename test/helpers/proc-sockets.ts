/**
 * The listening sockets of one process, from Linux's /proc: the socket inodes among its open file
 * descriptors, looked up in its network namespace's tcp/tcp6/udp/udp6 tables (as `ss -lptn` does).
 */
import { readdirSync, readlinkSync, readFileSync } from 'node:fs';

export interface ListeningSocket {
  protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  address: string;
  port: number;
}

/** `0100007F:1F90` (little-endian IPv4) or the 32-hex-digit IPv6 form, as /proc prints them. */
function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  // IPv6: four 32-bit words, each little-endian.
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) for (const i of [3, 2, 1, 0]) bytes.push(parseInt(hex.slice(word * 8 + i * 2, word * 8 + i * 2 + 2), 16));
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text.startsWith('0:0:0:0:0:ffff:')) return `::ffff:${bytes.slice(12).join('.')}`;
  return text;
}

export function listeningSockets(pid: number): ListeningSocket[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // the descriptor closed between the listing and the read
    }
  }
  const out: ListeningSocket[] = [];
  for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    let table: string;
    try {
      table = readFileSync(`/proc/${pid}/net/${protocol}`, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel
    }
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || !inodes.has(fields[9])) continue;
      // TCP state 0A is LISTEN; an unconnected UDP socket (07) is a listener too.
      const listening = protocol.startsWith('tcp') ? fields[3] === '0A' : fields[3] === '07';
      if (!listening) continue;
      const [address, port] = fields[1].split(':');
      out.push({ protocol, address: decodeAddress(address), port: parseInt(port, 16) });
    }
  }
  return out;
}

/** Whether an address a socket is bound to is reachable only from this machine. */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

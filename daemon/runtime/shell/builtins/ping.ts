/**
 * busybox `ping` (the busybox and alpine images), and iputils' on the node shell, each in its own
 * words: one echo request a second (`-i`), `-c COUNT`, `-W SEC` (wait for a first reply, default
 * 10), `-w SEC` (deadline), `-s SIZE`, `-q`, and the statistics on exit or interrupt. Replies come from the pod network (PodNetwork.ping): pods and
 * nodes answer with a TTL that counts the nodes routing between them; a ClusterIP never answers
 * (kube-proxy's iptables mode does not handle ICMP), so `ping my-svc` shows 100% packet loss.
 * Left out: IPv6, -I/-t/-p, duplicates and the round-trip variance of a real network.
 */
import type { Program, ProcessContext } from '../../process.js';
import { busyboxBanner, complain } from './common.js';
import { stopSignalOf } from './system.js';

const usage =
  `${busyboxBanner}\n\nUsage: ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST\n\n` +
  '\t-4,-6\t\tForce IP or IPv6 name resolution\n\t-c CNT\t\tSend only CNT pings\n\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)\n' +
  '\t-i SECS\t\tInterval\n\t-A\t\tPing as soon as reply is received\n\t-t TTL\t\tSet TTL\n\t-I IFACE/IP\tSource interface or IP address\n' +
  '\t-W SEC\t\tSeconds to wait for the first response (default 10)\n\t\t\t(after all -c CNT packets are sent)\n' +
  '\t-w SEC\t\tSeconds until ping exits (default:infinite)\n\t\t\t(can exit earlier with -c CNT)\n\t-q\t\tQuiet, only display output at start/finish\n\t-p HEXBYTE\tPayload pattern\n';

interface PingOptions {
  host: string;
  count: number;
  size: number;
  intervalMs: number;
  waitSeconds: number;
  deadlineSeconds: number;
  quiet: boolean;
}

function parseOptions(args: string[]): PingOptions | undefined {
  const options: PingOptions = { host: '', count: 0, size: 56, intervalMs: 1000, waitSeconds: 10, deadlineSeconds: 0, quiet: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = /^-([csiWwtIp])(.*)$/.exec(arg);
    if (flag) {
      const value = flag[2] || args[++i];
      if (value === undefined || (flag[1] !== 'I' && flag[1] !== 'p' && !Number.isFinite(Number(value)))) return undefined;
      if (flag[1] === 'c') options.count = Number(value);
      if (flag[1] === 's') options.size = Number(value);
      if (flag[1] === 'i') options.intervalMs = Number(value) * 1000;
      if (flag[1] === 'W') options.waitSeconds = Number(value);
      if (flag[1] === 'w') options.deadlineSeconds = Number(value);
    } else if (arg === '-q') options.quiet = true;
    else if (arg === '-4' || arg === '-A') continue;
    else if (arg.startsWith('-') || options.host) return undefined;
    else options.host = arg;
  }
  return options.host ? options : undefined;
}

/** A plausible round trip in microseconds: tens of µs on one node, more across nodes. */
function roundTripMicros(ttl: number, seq: number): number {
  const base = ttl >= 64 ? 40 : ttl === 63 ? 70 : 150;
  return base + ((seq * 37 + 11) % 60);
}

function millis(micros: number): string {
  return `${Math.floor(micros / 1000)}.${String(micros % 1000).padStart(3, '0')}`;
}

/** The address to ping and the name the resolver gave it (glibc's h_name, for iputils). */
async function resolveTarget(ctx: ProcessContext, host: string): Promise<{ address: string; canonicalName: string } | undefined> {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return { address: host, canonicalName: host };
  if (host === 'localhost') return { address: '127.0.0.1', canonicalName: 'localhost' };
  const found = ctx.dns ? await ctx.dns.lookup(host) : undefined;
  return found && 'addresses' in found && found.addresses[0] ? { address: found.addresses[0], canonicalName: found.canonicalName ?? host } : undefined;
}

/** What differs between busybox's ping and iputils' (CentOS, the node shell): only the words. */
interface Dialect {
  unknownHost(ctx: ProcessContext, host: string): number;
  header(host: string, canonicalName: string, address: string, size: number): string;
  /** seq counts from 0 (busybox's `seq=`) or 1 (iputils' `icmp_seq=`). */
  reply(shown: string, seq: number, ttl: number, micros: number, size: number): string;
  statistics(host: string, canonicalName: string, sent: number, trips: number[], elapsedMs: number): string;
}

const busyboxDialect: Dialect = {
  unknownHost: (ctx, host) => (complain(ctx, `bad address '${host}'`), 1),
  header: (host, _canonical, address, size) => `PING ${host} (${address}): ${size} data bytes\n`,
  reply: (shown, seq, ttl, micros, size) => `${size + 8} bytes from ${shown}: seq=${seq} ttl=${ttl} time=${millis(micros)} ms\n`,
  statistics: (host, _canonical, sent, trips) => {
    const loss = sent === 0 ? 0 : Math.floor(((sent - trips.length) * 100) / sent);
    const head = `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${trips.length} packets received, ${loss}% packet loss\n`;
    if (trips.length === 0) return head;
    const average = Math.floor(trips.reduce((a, b) => a + b, 0) / trips.length);
    return `${head}round-trip min/avg/max = ${millis(Math.min(...trips))}/${millis(average)}/${millis(Math.max(...trips))} ms\n`;
  },
};

/**
 * iputils-20160308 (CentOS 7): `56(84) bytes of data`, `icmp_seq=` from 1, `N received`, the
 * run's time, `rtt min/avg/max/mdev`, and an empty line in place of it when nothing came back.
 * A name target shows its canonical name (reverse lookups of the replies are left out).
 */
const iputilsDialect: Dialect = {
  unknownHost: (ctx, host) => (ctx.stderr(`ping: unknown host ${host}\n`), 2),
  header: (host, canonical, address, size) => `PING ${/^[\d.]+$/.test(host) ? host : canonical} (${address}) ${size}(${size + 28}) bytes of data.\n`,
  reply: (shown, seq, ttl, micros, size) => `${size + 8} bytes from ${shown}: icmp_seq=${seq + 1} ttl=${ttl} time=${millis(micros)} ms\n`,
  statistics: (host, canonical, sent, trips, elapsedMs) => {
    const loss = sent === 0 ? 0 : Math.floor(((sent - trips.length) * 100) / sent);
    const head = `\n--- ${/^[\d.]+$/.test(host) ? host : canonical} ping statistics ---\n${sent} packets transmitted, ${trips.length} received, ${loss}% packet loss, time ${elapsedMs}ms\n`;
    if (trips.length === 0) return `${head}\n`;
    const average = Math.floor(trips.reduce((a, b) => a + b, 0) / trips.length);
    // iputils-20160308 divides both sums before the square root, in integers.
    const deviation = Math.floor(Math.sqrt(Math.floor(trips.reduce((a, b) => a + b * b, 0) / trips.length) - average * average));
    return `${head}rtt min/avg/max/mdev = ${millis(Math.min(...trips))}/${millis(average)}/${millis(Math.max(...trips))}/${millis(deviation)} ms\n`;
  },
};

function makePing(dialect: Dialect): Program {
  return async (ctx) => {
    const options = parseOptions(ctx.argv.slice(1));
    if (!options) {
      ctx.stderr(usage);
      return 1;
    }
    const target = await resolveTarget(ctx, options.host);
    if (!target) return dialect.unknownHost(ctx, options.host);
    ctx.stdout(dialect.header(options.host, target.canonicalName, target.address, options.size));
    // ping catches SIGINT (Ctrl-C on a terminal) to print its statistics before exiting.
    const interrupt = new AbortController();
    const unsubscribe = ctx.terminal?.onInterrupt(() => interrupt.abort());
    try {
      return await pingLoop(ctx, dialect, options, target, AbortSignal.any([stopSignalOf(ctx), interrupt.signal]));
    } finally {
      unsubscribe?.();
    }
  };
}

export const pingProgram: Program = makePing(busyboxDialect);
export const iputilsPingProgram: Program = makePing(iputilsDialect);

/** The signals ping does not catch that ProcessContext.signal carries (reason), by number. */
const uncaughtSignalNumbers: Readonly<Record<string, number>> = { SIGHUP: 1, SIGQUIT: 3, SIGTERM: 15 };

async function pingLoop(ctx: ProcessContext, dialect: Dialect, options: PingOptions, target: { address: string; canonicalName: string }, stop: AbortSignal): Promise<number> {
  const started = ctx.clock.now();
  const deadlineReached = (): boolean => options.deadlineSeconds > 0 && ctx.clock.now() - started >= options.deadlineSeconds * 1000;
  const shown = target.address === options.host || dialect === busyboxDialect ? target.address : `${target.canonicalName} (${target.address})`;
  const trips: number[] = [];
  let sent = 0;
  let lastSentAt = started;
  while (!stop.aborted) {
    if (deadlineReached()) {
      // busybox counts the packet it was about to send when it finds the deadline passed:
      // `ping -w 3` reports 4 packets transmitted.
      if (dialect === busyboxDialect) sent++;
      break;
    }
    const reply = ctx.net.ping?.(target.address);
    lastSentAt = ctx.clock.now();
    if (reply) {
      const micros = roundTripMicros(reply.ttl, sent);
      trips.push(micros);
      if (!options.quiet) ctx.stdout(dialect.reply(shown, sent, reply.ttl, micros, options.size));
    }
    sent++;
    if (options.count > 0 && sent >= options.count) {
      // All sent: done once every reply came; else wait -W seconds for a first one (2 RTTs, at
      // least a second, when some came), still bounded by -w.
      if (trips.length < options.count) await ctx.clock.sleep(trips.length > 0 ? 1000 : options.waitSeconds * 1000, stop);
      break;
    }
    // An interrupt ends the wait (Clock.sleep resolves on abort); ping then prints the statistics.
    await ctx.clock.sleep(options.intervalMs, stop);
  }
  if (ctx.killed?.aborted) return 137;
  // Both pings catch only SIGINT (and SIGALRM for -w): another signal (`kill <pid>`, SIGTERM)
  // ends them at once, without the statistics, as its default action does.
  const reason = String(ctx.signal.reason ?? '');
  if (stopSignalOf(ctx).aborted && reason !== 'SIGINT') return 128 + (uncaughtSignalNumbers[reason] ?? 15);
  // iputils times the run up to its last packet sent, not the final wait for replies.
  ctx.stdout(dialect.statistics(options.host, target.canonicalName, sent, trips, lastSentAt - started));
  // Failure when nothing came back, or (with -w) fewer replies than -c asked for.
  return trips.length === 0 || (options.deadlineSeconds > 0 && trips.length < options.count) ? 1 : 0;
}

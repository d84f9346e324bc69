/**
 * Flag parsing for `kubelab up`, on node:util's parseArgs. Every bad flag becomes one line:
 * `kubelab: --nodes must be a whole number from 1 to 50`.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { defaultConfig, defaultDataDir, type DaemonConfig } from '../../daemon/config.js';
import { loadClusterConfig } from './cluster-config.js';

export class UsageError extends Error {}

export interface UpOptions extends DaemonConfig {
  detach: boolean;
}

function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return Number(text);
}

export function parseSubnet(text: string): string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = match?.slice(1, 5).map(Number);
  const bits = Number(match?.[5]);
  if (!match || octets!.some((o) => o > 255) || bits > 30) throw new UsageError(`--node-subnet must be an IPv4 CIDR such as 127.0.10.0/24, got "${text}"`);
  if (octets![0] !== 127) throw new UsageError(`--node-subnet must be inside 127.0.0.0/8 (node IPs are loopback addresses), got "${text}"`);
  return text;
}

export function dataDirFlag(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const { values } = parseArgs({ args, options: { data: { type: 'string' } }, strict: false, allowPositionals: true });
  return typeof values.data === 'string' ? resolve(values.data) : defaultDataDir(env);
}

export function parseUp(args: string[], env: NodeJS.ProcessEnv = process.env): UpOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        nodes: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        'node-subnet': { type: 'string' },
        config: { type: 'string' },
        speed: { type: 'string' },
        detach: { type: 'boolean', default: false },
        'no-kubeconfig': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0].replace(/^Unknown option/, 'unknown option'));
  }
  const v = parsed.values;
  // A config file gives the cluster's shape; flags given with it win for what both can say.
  const file = v.config === undefined ? {} : loadClusterConfig(v.config);
  if (file.workers && v.nodes !== undefined) throw new UsageError(`--nodes cannot be given with a config file that lists workers (${v.config})`);
  const speedText = v.speed;
  const speed = speedText === undefined ? (file.speed ?? defaultConfig.speed) : Number(speedText);
  if (!(speed > 0) || speed > 1000) throw new UsageError(`--speed must be a number above 0 and at most 1000, got "${speedText}"`);
  const options: UpOptions = {
    dataDir: v.data ? resolve(v.data) : defaultDataDir(env),
    port: wholeNumber('--port', v.port, defaultConfig.port, 0, 65535),
    nodes: file.workers?.length ?? wholeNumber('--nodes', v.nodes, defaultConfig.nodes, 1, 50),
    nodeSubnet: parseSubnet(v['node-subnet'] ?? file.nodeSubnet ?? defaultConfig.nodeSubnet),
    speed,
    mergeKubeconfig: !v['no-kubeconfig'],
    detach: v.detach ?? false,
  };
  if (file.workers) options.workers = file.workers;
  return options;
}

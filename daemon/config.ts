/**
 * The daemon's configuration, as `kubelab up` flags give it, and the files of a data dir.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DaemonConfig {
  dataDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  nodes: number;
  nodeSubnet: string;
  speed: number;
  /** Merge the kubelab context into the user's kubeconfig (`--no-kubeconfig` turns it off). */
  mergeKubeconfig: boolean;
  /** The workers a `--config` file lists (names, labels, taints, capacity); `nodes` workers node1..N when absent. */
  workers?: WorkerSpec[];
}

/** One worker of a `kubelab up --config` file, as it goes to the daemon (JSON over argv). */
export interface WorkerSpec {
  name: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  /** Capacity overrides (Quantity strings): the kubelet's --max-pods is `pods`. */
  cpu?: string;
  memory?: string;
  maxPods?: number;
}

export const defaultConfig = {
  port: 6443,
  nodes: 3,
  nodeSubnet: '127.0.10.0/24',
  speed: 1,
};

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KUBELAB_HOME || join(homedir(), '.kubelab'));
}

export function dataFiles(dataDir: string): { store: string; kubeconfig: string; token: string; pid: string; log: string } {
  return {
    store: join(dataDir, 'store'),
    kubeconfig: join(dataDir, 'kubeconfig'),
    token: join(dataDir, 'token'),
    pid: join(dataDir, 'daemon.json'),
    log: join(dataDir, 'daemon.log'),
  };
}

/** What a running daemon writes to `daemon.json`, so `down` and `status` can find it. */
export interface DaemonRecord {
  pid: number;
  port: number;
  server: string;
  startedAt: string;
  /** `--speed`: the TUI shows it in its header. Absent in records of older daemons. */
  speed?: number;
}

/**
 * startDaemon(): a real kubelab daemon for one e2e test file, started through the CLI exactly as a
 * user would (`kubelab up --detach`), on an ephemeral port with a temporary data dir, stopped by
 * its PID when the test ends, and returned once every node is Ready and schedulable. Returns a
 * kubectl runner bound to its kubeconfig.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { wallNow, wallSleep } from '../../shared/clock.js';
import { runKubectl, type KubectlResult } from './kubectl.js';
import { isAlive } from '../../scripts/cli/daemon-record.js';
import { rawRequest } from './raw-api.js';
import { waitFor } from './wait-for.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const kubelabBin = join(repoRoot, 'scripts', 'kubelab');

export interface TestDaemon {
  dataDir: string;
  cacheDir: string;
  kubeconfig: string;
  port: number;
  pid: number;
  server: string;
  token: string;
  kubectl(...args: string[]): Promise<KubectlResult>;
  kubectlWithInput(input: string, ...args: string[]): Promise<KubectlResult>;
  kubectlEnv(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<KubectlResult>;
  stop(): Promise<void>;
}

let subnetCounter = 0;

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [kubelabBin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: out.status ?? 1, stdout: out.stdout, stderr: out.stderr };
}

export async function startDaemon(t: { after: TestContext['after'] } | undefined, options: { nodes?: number; dataDir?: string; speed?: number; config?: string } = {}): Promise<TestDaemon> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kubelab-e2e-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubelab-kcache-'));
  const subnet = `127.0.${100 + ((process.pid + subnetCounter++) % 100)}.0/24`;
  const result = runCli(['up', '--detach', '--port', '0', '--data', dataDir, '--no-kubeconfig', '--node-subnet', subnet, ...(options.config ? ['--config', options.config] : ['--nodes', String(options.nodes ?? 3)]), '--speed', String(options.speed ?? 1)]);
  if (result.code !== 0) throw new Error(`kubelab up failed (${result.code}): ${result.stderr}${result.stdout}`);
  const record = JSON.parse(readFileSync(join(dataDir, 'daemon.json'), 'utf8')) as { pid: number; port: number; server: string };
  const kubeconfig = join(dataDir, 'kubeconfig');
  const env = { KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir, HOME: dataDir };
  const daemon: TestDaemon = {
    dataDir,
    cacheDir,
    kubeconfig,
    port: record.port,
    pid: record.pid,
    server: record.server,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    kubectl: (...args) => runKubectl(args, env),
    kubectlWithInput: (input, ...args) => runKubectl(args, env, input),
    kubectlEnv: (extra, ...args) => runKubectl(args, { ...env, ...extra }),
    stop: async () => {
      await stopPid(record.pid);
    },
  };
  t?.after(async () => {
    await daemon.stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });
  // Like `kind create cluster --wait`: a fresh cluster's workers join a moment after `up` returns,
  // once CoreDNS has landed on the control plane (daemon/addons-placed.ts); tests start from there.
  await waitFor(async () => {
    const items = ((await rawRequest(daemon, 'GET', '/api/v1/nodes')).json?.items ?? []) as NodeSketch[];
    return items.length > 0 && items.every(isReadyAndSchedulable);
  }, { what: 'every node Ready, without the not-ready taint', timeout: 60_000 });
  return daemon;
}

interface NodeSketch {
  spec?: { taints?: { key: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

function isReadyAndSchedulable(node: NodeSketch): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return ready && !(node.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready');
}

export async function stopPid(pid: number, timeoutMs = 15_000): Promise<void> {
  const alive = (): boolean => isAlive(pid);
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const deadline = wallNow() + timeoutMs;
  while (alive()) {
    if (wallNow() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await wallSleep(20);
  }
}

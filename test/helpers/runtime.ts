// A simulated runtime on a manual clock for unit tests, with stand-ins for the shell's tools so
// that runtime and image tests exercise the runtime and the images, not the shell: `sleep` ignores
// SIGTERM as PID 1 (the kernel drops it), `sh` without a script reads an empty stdin and exits 0,
// `echo` and `cat` do the obvious, `curl` fetches a URL over the pod network.
import { ManualClock } from '../../shared/clock.js';
import type { ContainerConfig, ContainerHandle } from '../../daemon/runtime/container.js';
import { setToolLoader } from '../../daemon/runtime/images/image.js';
import { ClusterNetwork } from '../../daemon/runtime/network.js';
import type { Program } from '../../daemon/runtime/process.js';
import { SimulatedRuntime } from '../../daemon/runtime/runtime.js';

const sleep: Program = async (ctx) => {
  const until = ctx.pid === 1 && ctx.killed ? ctx.killed : ctx.signal;
  await ctx.clock.sleep(Number(ctx.argv[1] ?? 0) * 1000, until);
  return until.aborted ? 143 : 0;
};
const sh: Program = async (ctx) => ((await ctx.readStdin()) === '' ? 0 : 2);
const echo: Program = async (ctx) => {
  ctx.stdout(ctx.argv.slice(1).join(' ') + '\n');
  return 0;
};
const cat: Program = async (ctx) => {
  for (const path of ctx.argv.slice(1)) ctx.stdout(ctx.fs.readFile(path));
  return 0;
};
const curl: Program = async (ctx) => {
  const url = new URL(ctx.argv.at(-1)!);
  const res = await ctx.net.request(url.hostname, Number(url.port || 80), { method: 'GET', path: url.pathname + url.search, headers: { 'User-Agent': 'curl/8.12.1' }, body: '' });
  ctx.stdout(res.body);
  return 0;
};

export function useStandInTools(): void {
  setToolLoader(async () => new Map([['sleep', sleep], ['sh', sh], ['echo', echo], ['cat', cat], ['curl', curl]]));
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Advances cluster time in small steps, letting the simulated programs run between them. */
export async function advance(clock: ManualClock, ms: number, stepMs = 10): Promise<void> {
  for (let passed = 0; passed < ms; passed += stepMs) {
    clock.step(stepMs);
    await settle();
  }
}

/** A runtime for one node, a network, and a container config builder for pod `web` at 10.244.1.5. */
export function runtimeSetup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 16, 38));
  const network = new ClusterNetwork();
  const runtime = new SimulatedRuntime({ clock, cpus: 2, kernel: '6.8.0-kubelab' });
  const config = (over: Partial<ContainerConfig>): ContainerConfig => ({
    podUid: 'uid-1',
    podName: 'web',
    namespace: 'default',
    name: 'main',
    image: 'nginx',
    env: {},
    mounts: [],
    net: network.forPod('10.244.1.5'),
    ...over,
  });
  return { clock, network, runtime, config };
}

export const logText = (c: ContainerHandle): string[] => c.log.lines().map((l) => l.text);

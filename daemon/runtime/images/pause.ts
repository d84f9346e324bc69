/**
 * The `registry.k8s.io/pause` image (the sandbox container of every real pod, and the lightest
 * workload there is): one static binary, `/pause`, that sleeps until a signal and exits 0 on
 * SIGTERM or SIGINT, as pause.c does. It prints nothing and has no shell, so `kubectl exec` into
 * it finds nothing to run. Sizes are the compressed sizes containerd reports in `Pulled` events.
 */
import type { Program } from '../process.js';
import { binariesOf, cachedFamily, untilSignalled } from './image.js';

const sizes: Readonly<Record<string, number>> = { '3.6': 301_773, '3.7': 311_278, '3.8': 311_286, '3.9': 321_520, '3.10': 320_368 };

const pause: Program = async (ctx) => {
  await untilSignalled(ctx.signal);
  return 0;
};

export const pauseFamily = cachedFamily(
  ['registry.k8s.io/pause', 'k8s.gcr.io/pause'],
  (tag) => tag in sizes,
  (tag) => ({
    entrypoint: ['/pause'],
    cmd: [],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: sizes[tag]!,
    files: {},
    dirs: [],
    binaries: binariesOf({ dirs: [], noTools: true, extra: { '/pause': pause } }),
  }),
);

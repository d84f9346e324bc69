/**
 * Any image the catalog does not know but a registry would have (redis, postgres, someone's app):
 * a busybox-like root filesystem and a main process that runs until stopped (exiting 0 on
 * SIGTERM, as a well-behaved server does). It prints nothing: kubelab cannot know what the real
 * program would say, and an invented log line would mislead.
 */
import type { Program } from '../process.js';
import { baseDirs, binariesOf, standardPath, untilSignalled, type ImageConfig } from './image.js';

const app: Program = async (ctx) => {
  await untilSignalled(ctx.signal);
  return 0;
};

const layout = binariesOf({ dirs: ['/bin', '/usr/bin'], tools: ['wget'], extra: { '/usr/local/bin/app': app } });

/** The config of an unknown image; size varies by name so that Pulled events differ plausibly. */
export function defaultImageConfig(size: number): ImageConfig {
  return {
    entrypoint: [],
    cmd: ['/usr/local/bin/app'],
    env: { PATH: standardPath },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size,
    files: {},
    dirs: baseDirs,
    binaries: layout,
  };
}

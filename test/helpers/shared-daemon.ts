/**
 * shareDaemon(): one daemon for every test of an e2e file (test/helpers/daemon.ts), for files
 * whose tests are cheap next to a daemon start. It registers the file's `before` hook (start,
 * then the file's own setup) and `after` hook (stop by PID, remove the data and kubectl cache
 * directories), so it must be called at the top level of the file.
 */
import { rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { startDaemon, type TestDaemon } from './daemon.js';

export interface SharedDaemon {
  /** Set once the `before` hook has run. */
  readonly daemon: TestDaemon;
  /** The environment a spawned kubectl needs: the daemon's kubeconfig, its own cache, HOME. */
  readonly env: NodeJS.ProcessEnv;
}

export function shareDaemon(options: Parameters<typeof startDaemon>[1], setup?: (daemon: TestDaemon) => Promise<void>): SharedDaemon {
  const shared: { daemon?: TestDaemon; env: NodeJS.ProcessEnv } = { env: {} };
  before(async () => {
    const daemon = await startDaemon(undefined, options);
    shared.daemon = daemon;
    shared.env = { KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: daemon.cacheDir, HOME: daemon.dataDir };
    await setup?.(daemon);
  });
  after(async () => {
    const { daemon } = shared;
    await daemon?.stop();
    for (const dir of [daemon?.dataDir, daemon?.cacheDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get daemon(): TestDaemon {
      if (!shared.daemon) throw new Error('shareDaemon: the daemon is not started yet (use it inside a test)');
      return shared.daemon;
    },
    get env(): NodeJS.ProcessEnv {
      return shared.env;
    },
  };
}

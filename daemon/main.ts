/**
 * The daemon process's entry: reads its configuration from argv (JSON), runs the daemon, reports
 * `ready` (or the one-line error) to a parent over IPC when there is one, and stops cleanly on
 * SIGTERM/SIGINT. `kubelab up --detach` starts this file; `kubelab up` runs the daemon in-process.
 */
import { pathToFileURL } from 'node:url';
import { logger } from '../shared/log.js';
import type { DaemonConfig } from './config.js';
import { runDaemon, StartupError } from './daemon.js';
import { installDebugGc } from './debug-gc.js';

const log = logger('daemon');

export async function main(config: DaemonConfig): Promise<void> {
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { reason: (reason as Error)?.stack ?? String(reason) }));
  // A bug in one component's timer callback must not take the learner's whole cluster down: it is
  // logged with its stack and the daemon carries on (requests have their own error edge).
  process.on('uncaughtException', (err) => log.error('uncaught exception', { stack: err?.stack ?? String(err) }));
  try {
    const daemon = await runDaemon(config);
    process.send?.({ type: 'ready', port: daemon.port, server: daemon.server });
    process.disconnect?.();
    const shutdown = (): void => {
      daemon.stop().then(
        () => process.exit(0),
        (err) => {
          log.error('stop failed', { error: String(err) });
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    // Only with KUBELAB_DEBUG_GC=1 under --expose-gc (the memory soak); see debug-gc.ts for why it is off.
    installDebugGc({ env: process.env, gc: (globalThis as { gc?: unknown }).gc, dataDir: config.dataDir, log });
  } catch (err) {
    const message = err instanceof StartupError ? err.message : `start failed: ${(err as Error).message}`;
    if (process.send) process.send({ type: 'error', message });
    else process.stderr.write(`kubelab: ${message}\n`);
    if (process.env.KUBELAB_DEBUG && !(err instanceof StartupError)) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 1;
    process.disconnect?.();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(JSON.parse(process.argv[2] ?? '{}') as DaemonConfig);

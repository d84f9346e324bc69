/**
 * The worker loop every reconciler runs (STYLE §2.4): take a key, call sync(key), and on an
 * error log it with the key and requeue it with per-key exponential back-off (5 ms doubling to
 * 1000 s, client-go's defaults). A worker never dies on a failed sync, and one broken object never
 * stalls the others: the queue hands each key to one worker at a time.
 */
import type { Logger } from '../log.js';
import type { WorkQueue } from './workqueue.js';

export interface WorkerOptions {
  queue: WorkQueue<string>;
  sync: (key: string) => Promise<void>;
  workers: number;
  signal: AbortSignal;
  log: Logger;
}

/** Runs the workers until the signal aborts; resolves when they have all stopped. */
export async function runWorkers(options: WorkerOptions): Promise<void> {
  const { queue, signal } = options;
  const stop = (): void => queue.shutDown();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  await Promise.all(Array.from({ length: options.workers }, () => worker(options)));
}

async function worker({ queue, sync, log }: WorkerOptions): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      await sync(key);
      queue.forget(key);
    } catch (err) {
      log.error('sync failed, will retry', { key, retries: queue.numRequeues(key), error: (err as Error)?.message ?? String(err) });
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}

/**
 * startApi(): the real in-process API (registry over a LevelDB store in a temp dir) with a
 * ManualClock and the bootstrap objects, for controller and scheduler unit tests: call
 * `controller.sync(key)` and assert on what a user would see through the client.
 */
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { ManualClock } from '../../shared/clock.js';
import { SharedInformerFactory } from '../../shared/client/informer-factory.js';
import type { ApiClient } from '../../shared/client/client.js';
import { LevelStore } from '../../daemon/store/level-store.js';
import { GenericRegistry } from '../../daemon/apiserver/registry/generic-registry.js';
import { LocalClient } from '../../daemon/apiserver/local-client.js';
import { bootstrapCluster } from '../../daemon/apiserver/bootstrap.js';

export interface TestApi {
  client: ApiClient;
  clock: ManualClock;
  /** Informers with frozen caches: a controller that mutates a cached object throws. */
  informers: SharedInformerFactory;
  /** Starts the informers and waits until they have synced. */
  syncInformers(): Promise<void>;
}

export async function startApi(t: { after: TestContext['after'] }, options: { gc?: boolean; nameSuffix?: () => string } = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-api-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new GenericRegistry({ store, clock, garbageCollectorEnabled: () => options.gc ?? false, nameSuffix: options.nameSuffix });
  const client = new LocalClient(registry);
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  const informers = new SharedInformerFactory({ client, clock, freeze: true });
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  t.after(async () => {
    abort.abort();
    await informers.stopped();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    client,
    clock,
    informers,
    syncInformers: async () => {
      informers.start(abort.signal);
      await informers.waitForCacheSync(abort.signal);
    },
  };
}

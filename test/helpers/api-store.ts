/**
 * startApiStore(): like startApi(), the real registry over a LevelDB store in a temp dir with the
 * bootstrap objects (RBAC's included) and a ManualClock, but handing out the store and registry too, for the API
 * server's own parts (authentication, RBAC) that read them directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { ManualClock } from '../../shared/clock.js';
import type { ApiClient } from '../../shared/client/client.js';
import { LevelStore } from '../../daemon/store/level-store.js';
import { GenericRegistry } from '../../daemon/apiserver/registry/generic-registry.js';
import { LocalClient } from '../../daemon/apiserver/local-client.js';
import { bootstrapCluster } from '../../daemon/apiserver/bootstrap.js';
import { bootstrapRbac } from '../../daemon/apiserver/bootstrap-rbac.js';

export interface TestApiStore {
  store: LevelStore;
  registry: GenericRegistry;
  client: ApiClient;
  clock: ManualClock;
}

export async function startApiStore(t: { after: TestContext['after'] }): Promise<TestApiStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-api-store-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new GenericRegistry({ store, clock, garbageCollectorEnabled: () => false });
  const client = new LocalClient(registry);
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  await bootstrapRbac(client);
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, registry, client, clock };
}

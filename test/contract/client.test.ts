// Runs the ApiClient contract against the in-process client and the HTTP client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealClock } from '../../shared/clock.js';
import { HttpClient } from '../../shared/client/http-client.js';
import { LevelStore } from '../../daemon/store/level-store.js';
import { GenericRegistry } from '../../daemon/apiserver/registry/generic-registry.js';
import { LocalClient } from '../../daemon/apiserver/local-client.js';
import { ApiServer } from '../../daemon/apiserver/server.js';
import { loadOrCreateTls } from '../../daemon/apiserver/tls.js';
import { clientContract } from './client.contract.js';

async function openRegistry(): Promise<{ registry: GenericRegistry; dir: string; store: LevelStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-contract-'));
  // A small watch window, so that the contract can reach a 410 Expired.
  const store = await LevelStore.open(join(dir, 'store'), { windowCapacity: 5 });
  return { registry: new GenericRegistry({ store, clock: new RealClock() }), dir, store };
}

clientContract('in-process client', async () => {
  const { registry, dir, store } = await openRegistry();
  return {
    client: new LocalClient(registry),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

clientContract('HTTP client', async () => {
  const { registry, dir, store } = await openRegistry();
  const tls = await loadOrCreateTls(dir, new Date(Date.UTC(2024, 0, 1)));
  const server = new ApiServer({ registry, clock: new RealClock(), token: 'contract-token', tls, port: 0 });
  const port = await server.listen();
  const client = new HttpClient({ server: `https://127.0.0.1:${port}`, token: 'contract-token', ca: tls.cert });
  return {
    client,
    close: async () => {
      client.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

clientContract('HTTP client, watch over WebSocket', async () => {
  const { registry, dir, store } = await openRegistry();
  const tls = await loadOrCreateTls(dir, new Date(Date.UTC(2024, 0, 1)));
  const server = new ApiServer({ registry, clock: new RealClock(), token: 'contract-token', tls, port: 0 });
  const port = await server.listen();
  const client = new HttpClient({ server: `https://127.0.0.1:${port}`, token: 'contract-token', ca: tls.cert, watchTransport: 'websocket' });
  return {
    client,
    close: async () => {
      client.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

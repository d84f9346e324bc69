// The WebSocket watch's refusals: a bad token or a path the server cannot watch come back as the
// Status the server sent, as a StatusError; an unreachable server rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealClock } from '../../../../shared/clock.js';
import { isStatusError } from '../../../../shared/api/errors.js';
import { HttpClient } from '../../../../shared/client/http-client.js';
import { LevelStore } from '../../../../daemon/store/level-store.js';
import { GenericRegistry } from '../../../../daemon/apiserver/registry/generic-registry.js';
import { ApiServer } from '../../../../daemon/apiserver/server.js';
import { loadOrCreateTls } from '../../../../daemon/apiserver/tls.js';

const pods = { group: '', version: 'v1', resource: 'pods' };

test('WebSocket watch refusals', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-wswatch-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const registry = new GenericRegistry({ store, clock: new RealClock() });
  const tls = await loadOrCreateTls(dir, new Date(Date.UTC(2024, 0, 1)));
  const server = new ApiServer({ registry, clock: new RealClock(), token: 'good-token', tls, port: 0 });
  const port = await server.listen();
  t.after(async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  await t.test('a bad token is refused with 401 Unauthorized', async () => {
    const client = new HttpClient({ server: `https://127.0.0.1:${port}`, token: 'bad-token', ca: tls.cert, watchTransport: 'websocket' });
    await assert.rejects(client.watch(pods, undefined, {}, () => {}), (err: unknown) => isStatusError(err) && err.status.code === 401 && err.status.message === 'Unauthorized');
  });

  await t.test('an unknown resource is refused with 404 and the server\'s message', async () => {
    const client = new HttpClient({ server: `https://127.0.0.1:${port}`, token: 'good-token', ca: tls.cert, watchTransport: 'websocket' });
    const nothing = { group: '', version: 'v1', resource: 'nothings' };
    await assert.rejects(client.watch(nothing, undefined, {}, () => {}), (err: unknown) => isStatusError(err) && err.status.code === 404);
  });

  await t.test('a server that is not there rejects with the socket error', async () => {
    const client = new HttpClient({ server: 'https://127.0.0.1:1', token: 'good-token', ca: tls.cert, watchTransport: 'websocket' });
    await assert.rejects(client.watch(pods, undefined, {}, () => {}), /ECONNREFUSED/);
  });
});

// Events go one hour after their last write, as under kube-apiserver's --event-ttl lease.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../../shared/clock.js';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject, WatchEvent } from '../../../../shared/api/meta.js';
import { LevelStore } from '../../../../daemon/store/level-store.js';
import { GenericRegistry } from '../../../../daemon/apiserver/registry/generic-registry.js';
import { LocalClient } from '../../../../daemon/apiserver/local-client.js';
import { EventExpiry } from '../../../../daemon/apiserver/event-expiry.js';
import { bootstrapCluster } from '../../../../daemon/apiserver/bootstrap.js';

const events = { group: '', version: 'v1', resource: 'events' };
const minute = 60_000;

async function setUp(t: { after: (fn: () => Promise<void>) => void }, dir = mkdtempSync(join(tmpdir(), 'kubelab-event-ttl-')), clock = new ManualClock(Date.UTC(2026, 0, 1))) {
  const store = await LevelStore.open(join(dir, 'store'));
  const registry = new GenericRegistry({ store, clock });
  const client = new LocalClient(registry);
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  const expiry = new EventExpiry(registry, clock);
  expiry.start();
  const close = async (): Promise<void> => {
    await expiry.stop();
    await store.close();
  };
  return { dir, clock, store, client, expiry, close };
}

const event = (name: string, timestamp: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' }, reason: 'Started', message: 'Started container web', type: 'Normal',
  firstTimestamp: timestamp, lastTimestamp: timestamp, count: 1, source: { component: 'kubelet' },
} as KubeObject);

test('an Event is deleted an hour after its last write, and watchers see it go; an update renews the hour', async (t) => {
  const api = await setUp(t);
  t.after(async () => {
    await api.close();
    rmSync(api.dir, { recursive: true, force: true });
  });
  await api.client.create(events, 'default', event('web.1', '2026-01-01T00:00:00Z'));
  await api.client.create(events, 'default', event('web.2', '2026-01-01T00:00:00Z'));
  const seen: string[] = [];
  const watch = await api.client.watch(events, 'default', { resourceVersion: String(api.store.revision) }, (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name}`));
  t.after(() => watch.stop());
  api.clock.step(40 * minute);
  await api.client.patch(events, 'default', 'web.2', 'merge', { count: 2, lastTimestamp: '2026-01-01T00:40:00Z' });
  api.clock.step(20 * minute);
  await api.expiry.sweep();
  await assert.rejects(api.client.get(events, 'default', 'web.1'), isNotFound);
  assert.equal((await api.client.get(events, 'default', 'web.2')).count, 2);
  api.clock.step(40 * minute);
  await api.expiry.sweep();
  await assert.rejects(api.client.get(events, 'default', 'web.2'), isNotFound);
  assert.deepEqual(seen, ['MODIFIED web.2', 'DELETED web.1', 'DELETED web.2']);
});

test('after a restart the hour counts from each Event\'s last timestamp', async (t) => {
  const first = await setUp(t);
  t.after(() => rmSync(first.dir, { recursive: true, force: true }));
  await first.client.create(events, 'default', event('old', '2026-01-01T00:00:00Z'));
  await first.client.create(events, 'default', event('recent', '2026-01-01T00:50:00Z'));
  await first.close();
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 1, 10));
  const again = await setUp(t, first.dir, clock);
  t.after(() => again.close());
  await again.expiry.sweep();
  assert.deepEqual((await again.client.list(events, 'default')).items.map((e) => e.metadata.name), ['recent']);
});

test('after a restart an Event stamped ahead of the clock counts from now, and holds back no other', async (t) => {
  const first = await setUp(t);
  t.after(() => rmSync(first.dir, { recursive: true, force: true }));
  await first.client.create(events, 'default', event('ahead', '2026-01-01T05:00:00Z'));
  await first.close();
  const again = await setUp(t, first.dir, new ManualClock(Date.UTC(2026, 0, 1)));
  t.after(() => again.close());
  await again.client.create(events, 'default', event('fresh', '2026-01-01T00:00:00Z'));
  again.clock.step(61 * minute);
  await again.expiry.sweep();
  assert.deepEqual((await again.client.list(events, 'default')).items.map((e) => e.metadata.name), []);
});

test('after a restart a series Event counts its hour from its last observation', async (t) => {
  const first = await setUp(t);
  t.after(() => rmSync(first.dir, { recursive: true, force: true }));
  await first.client.create(events, 'default', {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.series', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' }, reason: 'FailedScheduling', message: '0/3 nodes are available', type: 'Warning',
    firstTimestamp: null, lastTimestamp: null, source: {}, eventTime: '2026-01-01T00:00:00.000000Z', action: 'Scheduling', reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-x',
    series: { count: 5, lastObservedTime: '2026-01-01T00:50:00.000000Z' },
  } as unknown as KubeObject);
  await first.close();
  const again = await setUp(t, first.dir, new ManualClock(Date.UTC(2026, 0, 1, 1, 5)));
  t.after(() => again.close());
  await again.expiry.sweep();
  assert.deepEqual((await again.client.list(events, 'default')).items.map((e) => e.metadata.name), ['web.series']);
});

test('an Event renewed just as its hour runs out (the renewal still being written) is kept', async (t) => {
  const api = await setUp(t);
  t.after(async () => {
    await api.close();
    rmSync(api.dir, { recursive: true, force: true });
  });
  await api.client.create(events, 'default', event('web.1', '2026-01-01T00:00:00Z'));
  api.clock.step(60 * minute);
  const renewal = api.client.patch(events, 'default', 'web.1', 'merge', { count: 2, lastTimestamp: '2026-01-01T01:00:00Z' });
  const swept = api.expiry.sweep();
  await renewal;
  await swept;
  assert.equal((await api.client.get(events, 'default', 'web.1')).count, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatchedSnapshot } from '../../../../daemon/apiserver/watched-snapshot.js';
import { startApiStore } from '../../../helpers/api-store.js';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };

test('a watched snapshot is built once, and again only after a change under its prefixes', async (t) => {
  const api = await startApiStore(t);
  let builds = 0;
  const snapshot = new WatchedSnapshot(api.store, ['/registry/core/configmaps/'], () => ++builds, 'test');
  t.after(() => snapshot.close());
  assert.equal(snapshot.current(), 1);
  assert.equal(snapshot.current(), 1, 'no change: the same value');
  await api.client.create({ group: '', version: 'v1', resource: 'secrets' }, 'default', { metadata: { name: 's' } });
  assert.equal(snapshot.current(), 1, 'a change elsewhere does not count');
  await api.client.create(configmaps, 'default', { metadata: { name: 'c' } });
  assert.equal(snapshot.current(), 2);
  assert.equal(snapshot.current(), 2);
});

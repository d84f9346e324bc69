import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatchWindow } from '../../../../daemon/store/watch-window.js';
import type { StoreEvent } from '../../../../daemon/store/store.js';

const event = (revision: number): StoreEvent => ({ type: 'ADDED', key: `/registry/core/configmaps/default/c${revision}`, revision, entry: { key: '', revision, object: { metadata: {} }, json: '{}' } });

test('events older than 5 minutes leave the window and are let go at once, not at the next compaction', () => {
  let now = 0;
  const window = new WatchWindow(0, 50_000, () => now);
  for (let r = 1; r <= 10; r++) window.append([event(r)]);
  now = 5 * 60_000 + 1;
  window.append(Array.from({ length: 30 }, (_, i) => event(11 + i)));
  assert.equal(window.startRevision, 10);
  assert.equal(window.since(9), undefined);
  assert.deepEqual(window.since(38)?.map((e) => e.revision), [39, 40]);
  // A third of the array was dropped, too little to compact it yet: its slots no longer hold the events.
  const slots = (window as unknown as { events: (StoreEvent | undefined)[] }).events;
  assert.equal(slots.length, 40);
  assert.equal(slots.filter((e) => e !== undefined).length, 30);
});

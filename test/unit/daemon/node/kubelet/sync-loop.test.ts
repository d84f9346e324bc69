import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { SyncLoop } from '../../../../../daemon/node/kubelet/sync-loop.js';
import { settle } from './fake-runtime.js';

function loop(sync: () => Promise<void> = async () => undefined) {
  const clock = new ManualClock();
  const runs: number[] = [];
  const errors: string[] = [];
  const l = new SyncLoop({ clock, retryMs: 10_000, onError: (err) => void errors.push(String(err)), sync: async () => (runs.push(clock.now() - Date.UTC(2024, 0, 1)), sync()) });
  return { clock, runs, errors, l };
}

test('requests during a sync collapse into one more sync after it', async () => {
  let release!: () => void;
  let first = true;
  const { l, runs } = loop(() => (first ? ((first = false), new Promise<void>((r) => (release = r))) : Promise.resolve()));
  l.request();
  l.request();
  l.request();
  await settle();
  assert.equal(runs.length, 1, 'no overlap');
  release();
  await settle();
  assert.equal(runs.length, 2);
});

test('the earliest resync asked for wins, and a sync clears the others', async () => {
  const { l, runs, clock } = loop();
  l.requestAt(clock.now() + 20_000);
  l.requestAt(clock.now() + 5_000);
  l.requestAt(clock.now() + 9_000);
  clock.step(5_000);
  await settle();
  assert.deepEqual(runs, [5_000]);
  clock.step(20_000);
  await settle();
  assert.deepEqual(runs, [5_000], 'the later resyncs were dropped by the sync');
});

test('a failed sync is logged and retried after the retry period; stop ends everything', async () => {
  const { l, runs, errors, clock } = loop(() => Promise.reject(new Error('boom')));
  l.request();
  await settle();
  assert.deepEqual(errors, ['Error: boom']);
  clock.step(10_000);
  await settle();
  assert.deepEqual(runs, [0, 10_000]);
  l.stop();
  clock.step(10_000);
  l.request();
  await settle();
  assert.deepEqual(runs, [0, 10_000]);
});

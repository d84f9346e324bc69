// The work queue's contract (fair, stingy, one worker per key, back-off on the clock), driven
// by a ManualClock: no real time passes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../shared/clock.js';
import { ItemExponentialBackoff, RateLimitingQueue } from '../../../../shared/client/workqueue.js';

function newQueue(): { queue: RateLimitingQueue; clock: ManualClock } {
  const clock = new ManualClock();
  return { queue: new RateLimitingQueue({ clock }), clock };
}

/** Lets pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Tracks a promise so a test can ask whether it has resolved yet. */
function track<T>(promise: Promise<T>): { resolved: boolean; value?: T } {
  const state: { resolved: boolean; value?: T } = { resolved: false };
  void promise.then((value) => Object.assign(state, { resolved: true, value }));
  return state;
}

describe('RateLimitingQueue', () => {
  it('hands out keys in the order they were added', async () => {
    const { queue } = newQueue();
    for (const key of ['default/a', 'default/b', 'default/c']) queue.add(key);
    assert.deepEqual([await queue.get(), await queue.get(), await queue.get()], ['default/a', 'default/b', 'default/c']);
  });

  it('collapses a key added several times before a worker takes it', async () => {
    const { queue } = newQueue();
    for (const key of ['a', 'b', 'a', 'a']) queue.add(key);
    assert.equal(queue.len(), 2);
    assert.deepEqual([await queue.get(), await queue.get()], ['a', 'b']);
    assert.equal(queue.len(), 0);
  });

  it('never hands a key to a second worker before done, and requeues it after', async () => {
    const { queue } = newQueue();
    queue.add('a');
    assert.equal(await queue.get(), 'a');
    queue.add('a');
    assert.equal(queue.len(), 0);
    const second = track(queue.get());
    await settle();
    assert.equal(second.resolved, false);
    queue.done('a');
    await settle();
    assert.deepEqual(second, { resolved: true, value: 'a' });
  });

  it('does not requeue a key that was not added again while processing', async () => {
    const { queue } = newQueue();
    queue.add('a');
    await queue.get();
    queue.done('a');
    assert.equal(queue.len(), 0);
  });

  it('serves waiting workers in the order they asked', async () => {
    const { queue } = newQueue();
    const first = track(queue.get());
    const second = track(queue.get());
    queue.add('a');
    queue.add('b');
    await settle();
    assert.deepEqual([first.value, second.value], ['a', 'b']);
  });

  it('adds a key after its delay, keeping the earlier time when added twice', async () => {
    const { queue, clock } = newQueue();
    queue.addAfter('a', 100);
    queue.addAfter('a', 50);
    queue.addAfter('a', 300);
    clock.step(49);
    assert.equal(queue.len(), 0);
    clock.step(1);
    assert.equal(queue.len(), 1);
    clock.step(1000);
    assert.equal(queue.len(), 1);
    assert.equal(clock.pendingTimers, 0);
  });

  it('shuts down: waiting and later gets resolve undefined, adds and timers are dropped', async () => {
    const { queue, clock } = newQueue();
    const waiting = track(queue.get());
    queue.addAfter('later', 10);
    queue.shutDown();
    await settle();
    assert.deepEqual(waiting, { resolved: true, value: undefined });
    queue.add('a');
    assert.equal(queue.len(), 0);
    assert.equal(await queue.get(), undefined);
    assert.equal(clock.pendingTimers, 0);
    assert.equal(queue.isShuttingDown(), true);
  });
});

describe('rate-limited adds', () => {
  const cases = [
    { name: 'waits 5 ms after the first failure', given: { failures: 1 }, want: { delayMs: 5 } },
    { name: 'doubles to 10 ms after the second', given: { failures: 2 }, want: { delayMs: 10 } },
    { name: 'waits 640 ms after the eighth', given: { failures: 8 }, want: { delayMs: 640 } },
    { name: 'caps the delay at 1000 s', given: { failures: 40 }, want: { delayMs: 1_000_000 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const backoff = new ItemExponentialBackoff();
      let delay = 0;
      for (let i = 0; i < c.given.failures; i++) delay = backoff.when('a');
      assert.equal(delay, c.want.delayMs);
    });
  }

  it('requeues after the back-off, counts requeues, and forgets them on success', () => {
    const { queue, clock } = newQueue();
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    assert.equal(queue.numRequeues('a'), 1);
    clock.step(4);
    assert.equal(queue.len(), 0);
    clock.step(1);
    assert.equal(queue.len(), 2);
    queue.addRateLimited('a');
    assert.equal(queue.numRequeues('a'), 2);
    queue.forget('a');
    assert.equal(queue.numRequeues('a'), 0);
    assert.equal(queue.numRequeues('b'), 1);
  });
});

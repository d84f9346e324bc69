import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCorrelator, LruMap, TokenBucket, type RawEvent } from '../../../../shared/client/event-correlator.js';

const t0 = Date.UTC(2026, 0, 1);
const rs = { kind: 'ReplicaSet', namespace: 'default', name: 'web-5d4f8', uid: 'u-rs', apiVersion: 'apps/v1' };

function raw(message: string, time: number, reason = 'SuccessfulCreate', type = 'Normal', involvedObject: Record<string, string> = rs): RawEvent {
  return { component: 'replicaset-controller', host: '', involvedObject, type, reason, message, time };
}

const nameAt = (object: string, time: number): string => `${object}.${time}`;

test('ten different messages of one reason about one object: the tenth and later go into one combined Event', () => {
  const c = new EventCorrelator();
  const out = Array.from({ length: 12 }, (_, i) => c.correlate(raw(`Created pod: web-5d4f8-${i}`, t0 + i), t0 + i, nameAt)!);
  assert.deepEqual(out.slice(0, 9).map((e) => [e.message, e.count]), Array.from({ length: 9 }, (_, i) => [`Created pod: web-5d4f8-${i}`, 1]));
  assert.deepEqual(out.slice(9).map((e) => [e.name, e.message, e.count, e.firstTimestamp, e.lastTimestamp]), [
    ['web-5d4f8.' + (t0 + 9), '(combined from similar events): Created pod: web-5d4f8-9', 1, t0 + 9, t0 + 9],
    ['web-5d4f8.' + (t0 + 9), '(combined from similar events): Created pod: web-5d4f8-10', 2, t0 + 9, t0 + 10],
    ['web-5d4f8.' + (t0 + 9), '(combined from similar events): Created pod: web-5d4f8-11', 3, t0 + 9, t0 + 11],
  ]);
  // A different reason is its own aggregate; the messages seen are forgotten after 10 minutes.
  assert.equal(c.correlate(raw('Deleted pod: web-5d4f8-0', t0 + 20, 'SuccessfulDelete'), t0 + 20, nameAt)!.message, 'Deleted pod: web-5d4f8-0');
  const later = t0 + 11 + 600_001;
  assert.equal(c.correlate(raw('Created pod: web-5d4f8-99', later), later, nameAt)!.message, 'Created pod: web-5d4f8-99');
});

test('a repeat is a count bump of the first Event, keeping its name and first time', () => {
  const c = new EventCorrelator();
  const pod = { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u-1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' };
  const first = c.correlate(raw('Back-off restarting failed container app in pod web_default(u-1)', t0, 'BackOff', 'Warning', pod), t0, nameAt)!;
  const second = c.correlate(raw('Back-off restarting failed container app in pod web_default(u-1)', t0 + 5000, 'BackOff', 'Warning', pod), t0 + 5000, nameAt)!;
  assert.deepEqual([first.count, second.count, second.name, second.firstTimestamp, second.lastTimestamp, second.key], [1, 2, first.name, t0, t0 + 5000, first.key]);
  // Another container's field path is another Event.
  const other = c.correlate(raw('Back-off restarting failed container app in pod web_default(u-1)', t0 + 6000, 'BackOff', 'Warning', { ...pod, fieldPath: 'spec.containers{side}' }), t0 + 6000, nameAt)!;
  assert.equal(other.count, 1);
  assert.notEqual(other.key, first.key);
});

test('the spam filter: 25 events per source, object and type, then one every 5 minutes carrying the count reached', () => {
  const c = new EventCorrelator();
  const pod = { kind: 'Pod', namespace: 'default', name: 'crash', uid: 'u-2', apiVersion: 'v1', fieldPath: 'spec.containers{app}' };
  const sent = Array.from({ length: 30 }, (_, i) => c.correlate(raw('Started container app', t0 + i * 1000, 'Started', 'Normal', pod), t0 + i * 1000, nameAt));
  assert.deepEqual(sent.map((e) => e?.count), [...Array.from({ length: 25 }, (_, i) => i + 1), undefined, undefined, undefined, undefined, undefined]);
  // Warnings about the same object have their own budget.
  assert.equal(c.correlate(raw('Back-off restarting failed container', t0 + 30_000, 'BackOff', 'Warning', pod), t0 + 30_000, nameAt)?.count, 1);
  // The bucket refills continuously from the first event: one token 5 minutes after it.
  assert.equal(c.correlate(raw('Started container app', t0 + 299_000, 'Started', 'Normal', pod), t0 + 299_000, nameAt), undefined);
  assert.equal(c.correlate(raw('Started container app', t0 + 300_000, 'Started', 'Normal', pod), t0 + 300_000, nameAt)?.count, 32);
  assert.equal(c.correlate(raw('Started container app', t0 + 300_001, 'Started', 'Normal', pod), t0 + 300_001, nameAt), undefined);
  assert.equal(c.correlate(raw('Started container app', t0 + 600_000, 'Started', 'Normal', pod), t0 + 600_000, nameAt)?.count, 34);
});

test('a ReplicaSet scaled to 30: nine single Events and one combined Event counted to 16 (the 25-event budget)', () => {
  const c = new EventCorrelator();
  const sent = Array.from({ length: 30 }, (_, i) => c.correlate(raw(`Created pod: web-5d4f8-${i}`, t0), t0, nameAt)).filter((e) => e !== undefined);
  assert.equal(sent.length, 25);
  const last = sent[sent.length - 1]!;
  assert.deepEqual([last.message, last.count], ['(combined from similar events): Created pod: web-5d4f8-24', 16]);
});

test('LruMap forgets the least recently used key; TokenBucket starts full and refills at its rate', () => {
  const m = new LruMap<number>(2);
  m.set('a', 1);
  m.set('b', 2);
  m.get('a');
  m.set('c', 3);
  assert.deepEqual([m.get('a'), m.get('b'), m.get('c')], [1, undefined, 3]);
  const b = new TokenBucket(50 / 1000, 100, 0);
  for (let i = 0; i < 100; i++) assert.equal(b.tryTake(0), true);
  assert.equal(b.tryTake(0), false);
  assert.equal(b.waitMs(0), 20);
  assert.equal(b.tryTake(20), true);
  assert.equal(b.tryTake(1000_000), true);
  assert.equal(b.waitMs(1000_000), 0);
});

test('a held-back source gets its token at 5 minutes to the millisecond, however often it tried meanwhile', () => {
  const c = new EventCorrelator();
  const pod = { kind: 'Pod', namespace: 'default', name: 'crash', uid: 'u-3', apiVersion: 'v1', fieldPath: 'spec.containers{app}' };
  const backOff = (at: number) => c.correlate(raw('Back-off restarting failed container app in pod crash_default(u-3)', at, 'BackOff', 'Warning', pod), at, nameAt);
  for (let i = 0; i < 25; i++) assert.equal(backOff(t0)?.count, i + 1);
  for (let s = 10; s < 300; s += 10) assert.equal(backOff(t0 + s * 1000), undefined, `at ${s} s`);
  // 25 + 29 counted, the 55th is sent (not a combined Event: one message); the 56th waits again.
  const sent = backOff(t0 + 300_000);
  assert.deepEqual([sent?.count, sent?.combined], [55, false]);
  assert.equal(backOff(t0 + 300_000), undefined);
});

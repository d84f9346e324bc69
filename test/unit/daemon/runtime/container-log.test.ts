// A container's log and its file: nothing is opened before the first line, lines go to the store
// as they come, a rotation rewrites the file, and an adopted container's log starts from its file
// while the re-made process's repeat of its earlier output is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../shared/clock.js';
import { LineLog } from '../../../../daemon/runtime/container-log.js';
import { MemoryPodLogStore } from '../../../../daemon/runtime/log-store.js';

const file = { podUid: 'uid-1', container: 'main', restartCount: 2 };
const texts = (log: LineLog): string[] => log.lines().map((l) => l.text);

test('a silent container opens no file; a chatty one writes each line to it', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 16, 38));
  const store = new MemoryPodLogStore();
  const silent = new LineLog(clock, { store, file: { ...file, container: 'pause' } });
  silent.close();
  assert.equal(store.files.size, 0);
  const log = new LineLog(clock, { store, file });
  log.write('stdout', 'one\ntw');
  clock.step(1000);
  log.write('stdout', 'o\n');
  log.write('stderr', 'oops');
  log.close();
  assert.deepEqual(store.read(file), [
    { time: Date.UTC(2026, 0, 5, 1, 16, 38), stream: 'stdout', text: 'one' },
    { time: Date.UTC(2026, 0, 5, 1, 16, 39), stream: 'stdout', text: 'two' },
    { time: Date.UTC(2026, 0, 5, 1, 16, 39), stream: 'stderr', text: 'oops', partial: true },
  ]);
});

test('past 10 MiB the log keeps its newest part and the file is rewritten to match', () => {
  const clock = new ManualClock(0);
  const store = new MemoryPodLogStore();
  let rewrites = 0;
  const rewrite = store.rewrite.bind(store);
  store.rewrite = (f, lines) => {
    rewrites++;
    rewrite(f, lines);
  };
  const log = new LineLog(clock, { store, file });
  const line = 'x'.repeat(1023);
  for (let i = 0; i < 11.5 * 1024; i++) log.write('stdout', `${line}\n`);
  assert.equal(rewrites, 2, 'one rewrite per MiB past the cap, not one per line');
  assert.deepEqual(store.read(file), log.lines());
  assert.ok(log.lines().length <= 10 * 1024);
});

test("an adopted container's log starts from its file; its process's repeated output is dropped once", () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 16, 38));
  const store = new MemoryPodLogStore();
  const before = [
    { time: Date.UTC(2026, 0, 5, 1, 0, 0) + 0.25, stream: 'stdout' as const, text: 'one' },
    { time: Date.UTC(2026, 0, 5, 1, 0, 1), stream: 'stdout' as const, text: 'two' },
  ];
  store.rewrite(file, before);
  const log = new LineLog(clock, { store, file, resume: true });
  assert.deepEqual(log.lines(), before, 'the lines and their times as they were');
  const followed: string[] = [];
  log.follow((l) => followed.push(l.text));
  log.write('stdout', 'one\ntwo\nthree\none\n');
  assert.deepEqual(texts(log), ['one', 'two', 'three', 'one']);
  assert.deepEqual(followed, ['three', 'one']);
  assert.deepEqual(store.read(file).map((l) => l.text), ['one', 'two', 'three', 'one'], 'appended to the same file');

  // An adopted container that had printed nothing yet makes its file on its first line.
  const other = new LineLog(clock, { store, file: { ...file, restartCount: 1 }, resume: true });
  assert.equal(store.files.has('uid-1/main/1'), false);
  other.write('stdout', 'one\n');
  assert.deepEqual(texts(other), ['one']);
  assert.deepEqual(store.read({ ...file, restartCount: 1 }).map((l) => l.text), ['one']);
});

test('an adopted loop that prints the same line every second is silent for its first line only, not for as long as it ran before', () => {
  const start = Date.UTC(2026, 0, 5, 1, 0, 0);
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 2, 0, 0));
  const store = new MemoryPodLogStore();
  store.rewrite(file, Array.from({ length: 5 }, (_, i) => ({ time: start + i * 1000, stream: 'stdout' as const, text: 'tick' })));
  const log = new LineLog(clock, { store, file, resume: true });
  log.write('stdout', 'tick\n');
  clock.step(1000);
  log.write('stdout', 'tick\n');
  clock.step(1000);
  log.write('stdout', 'tick\n');
  assert.deepEqual(log.lines().map((l) => l.time - start), [0, 1000, 2000, 3000, 4000, 3_601_000, 3_602_000]);
});

// The table model: kubectl's cells and spacing, sort, filter, deltas and the deleted-row linger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import { ManualClock, rfc3339 } from '../../../shared/clock.js';
import { printerFor } from '../../../shared/printers/table.js';
import { TableModel } from '../../../tui/state/table-model.js';

const start = Date.UTC(2026, 0, 1, 12, 0, 0);

function pod(name: string, options: { namespace?: string; ageMs?: number; phase?: string; ready?: boolean; restarts?: number; labels?: Record<string, string>; waiting?: string; node?: string } = {}): KubeObject {
  const running = options.phase === undefined || options.phase === 'Running';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: options.namespace ?? 'default', creationTimestamp: rfc3339(start - (options.ageMs ?? 60_000)), labels: options.labels ?? {} },
    spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: options.node ?? 'node1' },
    status: {
      phase: options.phase ?? 'Running',
      podIP: '10.244.1.5',
      containerStatuses: [
        {
          name: 'c',
          ready: options.ready ?? running,
          restartCount: options.restarts ?? 0,
          state: options.waiting ? { waiting: { reason: options.waiting } } : running ? { running: {} } : { terminated: { reason: 'Completed', exitCode: 0 } },
        },
      ],
    },
  };
}

function model(clock: ManualClock, showNamespace = false): TableModel {
  return new TableModel({ resource: 'pods', printer: printerFor('', 'pods'), showNamespace, clock });
}

const lines = (m: TableModel, height = 20): string[] => {
  const w = m.window(height);
  return [w.header, ...w.rows.map((r) => r.text)];
};

test('rows are printed as kubectl get pods prints them, padded with three spaces', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('web-1', { ageMs: 65_000 }));
  m.upsert(pod('db-0', { ageMs: 3 * 3600_000, phase: 'Pending', waiting: 'ContainerCreating', ready: false }));
  m.markSynced();
  assert.deepEqual(lines(m), [
    'NAME    READY   STATUS              RESTARTS   AGE',
    'db-0    0/1     ContainerCreating   0          3h',
    'web-1   1/1     Running             0          65s',
  ]);
});

test('wide adds the priority-1 columns; all namespaces prepends NAMESPACE', () => {
  const clock = new ManualClock(start);
  const m = model(clock, true);
  m.upsert(pod('web-1', { namespace: 'shop' }));
  m.setWide(true);
  assert.deepEqual(lines(m), [
    'NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE   IP           NODE    NOMINATED NODE   READINESS GATES',
    'shop        web-1   1/1     Running   0          60s   10.244.1.5   node1   <none>           <none>',
  ]);
});

test('AGE is recomputed for the rows on screen as the clock moves', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('web-1', { ageMs: 0 }));
  clock.step(120_000);
  assert.equal(lines(m)[1], 'web-1   1/1     Running   0          2m');
});

test('sort by a column, and the same key again reverses it', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('a', { restarts: 2 }));
  m.upsert(pod('b', { restarts: 10 }));
  m.upsert(pod('c', { restarts: 0 }));
  assert.equal(m.sortBy('restarts'), undefined);
  const names = (): string[] => m.window(10).rows.map((r) => r.key);
  assert.deepEqual(names(), ['default/c', 'default/a', 'default/b'], 'numbers compare as numbers, not text');
  m.sortBy('RESTARTS');
  assert.deepEqual(names(), ['default/b', 'default/a', 'default/c']);
  assert.equal(m.sortBy('CPU'), 'no column CPU in this view');
});

test('sort by AGE puts the youngest first', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('old', { ageMs: 3600_000 }));
  m.upsert(pod('new', { ageMs: 1000 }));
  m.sortBy('AGE');
  assert.deepEqual(m.window(10).rows.map((r) => r.key), ['default/new', 'default/old']);
});

test('filter: regex, inverse, label selector, and errors for bad input', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('web-1', { labels: { app: 'web' } }));
  m.upsert(pod('web-2', { labels: { app: 'web' }, phase: 'Pending', waiting: 'ErrImagePull', ready: false }));
  m.upsert(pod('db-0', { labels: { app: 'db' } }));
  const names = (): string[] => m.window(10).rows.map((r) => r.key.split('/')[1]!);
  assert.equal(m.setFilter('WEB'), undefined);
  assert.deepEqual(names(), ['web-1', 'web-2'], 'case-insensitive');
  m.setFilter('errimage');
  assert.deepEqual(names(), ['web-2'], 'any cell matches, STATUS included');
  m.setFilter('!web');
  assert.deepEqual(names(), ['db-0']);
  m.setFilter('-l app=web');
  assert.deepEqual(names(), ['web-1', 'web-2']);
  m.setFilter('-l app in (db)');
  assert.deepEqual(names(), ['db-0']);
  assert.equal(m.setFilter('web-['), 'Invalid regular expression: /web-[/i: Unterminated character class');
  assert.equal(m.setFilter('-l app web'), 'bad label selector "app web": unable to parse requirement: found \'web\', expected: in, notin, =, ==, !=, gt, lt');
  assert.deepEqual(names(), ['db-0'], 'a bad filter keeps the last good one');
  m.setFilter('');
  assert.equal(names().length, 3);
});

test('a changed cell is marked ↑, ↓ or Δ for a few seconds; AGE never is', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('web-1', { phase: 'Pending', waiting: 'ContainerCreating', ready: false, ageMs: 0 }));
  m.markSynced();
  clock.step(10_000);
  m.upsert(pod('web-1', { ageMs: 0 }));
  const row = m.window(10).rows[0]!;
  assert.equal(row.text, 'web-1   1/1↑    RunningΔ  0          10s', 'the marker takes a space of the gap: columns stay put');
  assert.equal(row.tone, 'modified');
  clock.step(2000);
  m.upsert(pod('web-1', { ageMs: 0, restarts: 1, ready: false }));
  assert.equal(m.window(10).rows[0]!.text, 'web-1   0/1↓    Running   1↑         12s');
  clock.step(5000);
  const later = m.window(10).rows[0]!;
  assert.equal(later.text, 'web-1   0/1     Running   1          17s');
  assert.equal(later.tone, 'pending', 'a running pod that is not ready reads as pending');
});

test('rows added after the first sync are coloured as added; the initial list is not', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('first'));
  m.markSynced();
  m.upsert(pod('second'));
  assert.deepEqual(m.window(10).rows.map((r) => r.tone), ['normal', 'added']);
  clock.step(6000);
  assert.deepEqual(m.window(10).rows.map((r) => r.tone), ['normal', 'normal']);
});

test('a deleted row lingers in the deleted colour, then goes', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('a'));
  m.upsert(pod('b'));
  m.remove(pod('a'));
  assert.deepEqual(m.window(10).rows.map((r) => `${r.key} ${r.tone}`), ['default/a deleted', 'default/b normal']);
  clock.step(2999);
  assert.equal(m.size, 2);
  clock.step(1);
  assert.deepEqual(m.window(10).rows.map((r) => r.key), ['default/b']);
});

test('error and completed tones come from the printed STATUS', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('crash', { waiting: 'CrashLoopBackOff', ready: false, restarts: 3 }));
  m.upsert(pod('done', { phase: 'Succeeded', ready: false }));
  assert.deepEqual(m.window(10).rows.map((r) => `${r.key} ${r.tone}`), ['default/crash error', 'default/done completed']);
});

test('the window scrolls to keep the selection in view, and the selection follows its row', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  for (let i = 0; i < 30; i++) m.upsert(pod(`p-${String(i).padStart(2, '0')}`));
  m.moveSelection(12);
  let w = m.window(6); // header + 5 rows
  assert.equal(w.offset, 8);
  assert.equal(w.rows.find((r) => r.isSelected)?.key, 'default/p-12');
  m.upsert(pod('a-first'));
  w = m.window(6);
  assert.equal(w.rows.find((r) => r.isSelected)?.key, 'default/p-12', 'a new row above does not move the selection to another pod');
  m.selectLast();
  assert.equal(m.window(6).rows.at(-1)?.key, 'default/p-29');
  m.selectFirst();
  assert.equal(m.window(6).offset, 0);
});

test('marks: space marks rows; actions target the marked rows, else the selection', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('a'));
  m.upsert(pod('b'));
  m.upsert(pod('c'));
  assert.deepEqual(m.targets().map((o) => o.metadata.name), ['a']);
  m.toggleMark();
  m.moveSelection(2);
  m.toggleMark();
  assert.deepEqual(m.targets().map((o) => o.metadata.name), ['a', 'c']);
  assert.deepEqual(m.window(10).rows.map((r) => r.isMarked), [true, false, true]);
  m.clearMarks();
  assert.deepEqual(m.targets().map((o) => o.metadata.name), ['c']);
});

test('a column narrows again when its widest cell shrinks, as kubectl would print it now', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('web-1', { phase: 'Pending', waiting: 'ContainerCreating', ready: false, ageMs: 0 }));
  m.markSynced();
  clock.step(6000);
  m.upsert(pod('web-1', { ageMs: 0 }));
  clock.step(6000);
  assert.deepEqual(lines(m), ['NAME    READY   STATUS    RESTARTS   AGE', 'web-1   1/1     Running   0          12s']);
});

test('upsert and remove say whether the drawn window may change: off-screen changes cost no frame', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  for (let i = 0; i < 50; i++) m.upsert(pod(`web-${String(i).padStart(2, '0')}`, { ageMs: 3 * 3600_000 }));
  m.markSynced();
  m.window(6); // header + 5 rows: web-00 … web-04 on screen
  assert.equal(m.upsert(pod('web-40', { ageMs: 3 * 3600_000, phase: 'Pending', waiting: 'ContainerCreating', ready: false })), true, 'a wider STATUS widens the column for every row');
  m.window(6);
  assert.equal(m.upsert(pod('web-41', { ageMs: 3 * 3600_000, restarts: 1 })), false, 'off screen, nothing widened');
  assert.equal(m.upsert(pod('web-02', { ageMs: 3 * 3600_000, restarts: 1 })), true, 'on screen');
  assert.equal(m.upsert(pod('web-02', { ageMs: 3 * 3600_000, restarts: 1 })), false, 'the same cells again');
  assert.equal(m.upsert(pod('web-99', { ageMs: 1000 })), true, 'a new row changes the count in the title');
  m.window(6);
  assert.equal(m.remove(pod('web-45')), false, 'off screen');
  assert.equal(m.remove(pod('web-01')), true, 'on screen: it turns to the deleted colour');
});

test('the window is stale once a second only when time moved what it shows', () => {
  const clock = new ManualClock(start);
  const m = model(clock);
  m.upsert(pod('old', { ageMs: 3 * 3600_000 + 1000 }));
  m.markSynced();
  assert.equal(m.isWindowStale(), true, 'never drawn');
  m.window(5);
  clock.step(1000);
  assert.equal(m.isWindowStale(), false, '3h stays 3h');
  m.upsert(pod('young', { ageMs: 5000 }));
  m.window(5);
  clock.step(1000);
  assert.equal(m.isWindowStale(), true, '5s became 6s');
  assert.equal(m.isWindowStale(), false, 'asked again in the same second');
  clock.step(5000);
  assert.equal(m.isWindowStale(), true, 'the added highlight ended and the AGE moved');
});

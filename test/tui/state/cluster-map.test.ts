import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClusterMap } from '../../../tui/state/cluster-map.js';
import { rowText, rowWidth } from '../../../tui/state/segments.js';
import { node, pod } from './fixtures.js';

const now = Date.UTC(2026, 0, 1, 0, 1);

test('buildClusterMap draws one box per node with status, taints, bars and coloured pods', () => {
  const nodes = [node('node1'), node('control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] })];
  const pods = [pod('web-1', 'node1'), pod('web-2', 'node1', 'pending'), pod('web-3', 'node1', 'crash'), pod('old', 'node1', 'terminating')];
  const map = buildClusterMap(nodes, pods, { width: 80, height: 10, now });
  const text = map.rows.map(rowText);
  assert.equal(map.rows.length, 10);
  for (const row of map.rows) assert.equal(rowWidth(row), 80);
  assert.deepEqual(text.slice(0, 6), [
    '┌─ control-plane Ready ────────────────┐ ┌─ node1 Ready ───────────────────────┐',
    '│ taints node-role.kubernetes.io/cont… │ │ taints <none>                       │',
    '│ cpu ░░░░░░░░░░░░░░░░░░░░░ 0/2 (0%)   │ │ cpu ███░░░░░░░░░░░░ 400m/2 (20%)    │',
    '│ mem ░░░░░░░░░░░░░░░░░░░░░ 0/4Gi (0%) │ │ mem ██░░░░░░░░░░░░░ 512Mi/4Gi (12%) │',
    '│ no pods                              │ │ ● old      ● web-1    ● web-2       │',
    '│                                      │ │ ● web-3                             │',
  ]);
  assert.equal(text[9], '└─ 0 pods ─────────────────────────────┘ └─ 4 pods ────────────────────────────┘');
  const podRow = map.rows[4]!;
  const cells = [...podRow, ...map.rows[5]!].filter((s) => s.text === '● ').map((s) => s.color);
  assert.deepEqual(cells, ['gray', 'green', 'yellow', 'red']);
  assert.ok(map.rows[0]!.some((s) => s.text === 'Ready' && s.color === 'green'));
});

test('buildClusterMap marks NotReady and cordoned nodes, boxes unscheduled pods, and scrolls when boxes do not fit', () => {
  const nodes = [node('node1', { ready: false }), node('node2', { unschedulable: true }), node('node3')];
  const map = buildClusterMap(nodes, [pod('waiting', undefined, 'pending')], { width: 40, height: 12, now });
  const titles = map.rows.map(rowText).filter((line) => line.startsWith('┌'));
  assert.deepEqual(titles, ['┌─ node1 NotReady ─────────────────────┐', '┌─ node2 Ready,SchedulingDisabled ─────┐']);
  assert.deepEqual([map.gridRows, map.visibleGridRows, map.scroll], [4, 2, 0]);
  assert.ok(map.rows[0]!.some((s) => s.text === 'NotReady' && s.color === 'red'));
  const scrolled = buildClusterMap(nodes, [pod('waiting', undefined, 'pending')], { width: 40, height: 12, now, scroll: 9 });
  assert.equal(scrolled.scroll, 2);
  const text = scrolled.rows.map(rowText);
  assert.ok(text.includes('┌─ unscheduled ────────────────────────┐'), text.join('\n'));
  assert.ok(text.includes('│ pods waiting for a node              │'));
  assert.ok(scrolled.rows.length <= 12);
});

test('buildClusterMap says how many pods did not fit', () => {
  const pods = Array.from({ length: 9 }, (_, i) => pod(`p${i}`, 'node1'));
  const map = buildClusterMap([node('node1')], pods, { width: 36, height: 7, now });
  const text = map.rows.map(rowText);
  assert.deepEqual(text.slice(2, 6), [
    '│ cpu █████░░░░░░ 900m/2 (45%)     │',
    '│ mem ███░░░░░░░░ 1152Mi/4Gi (28%) │',
    '│ ● p0       ● p1       ● p2       │',
    '│ ● p3       ● p4       +4 more    │',
  ]);
  assert.deepEqual(buildClusterMap([], [], { width: 40, height: 10, now }).rows, []);
});

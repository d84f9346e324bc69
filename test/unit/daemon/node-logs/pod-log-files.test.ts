// The nodes' container log files: CRI lines written once per turn of the event loop, read back
// with the same timestamps, files made on the first line only, 0600 in 0700 directories, the
// instance before the previous one removed, and a pod's or a node's files removed with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rfc3339NanoFixed } from '../../../../shared/clock.js';
import { decodeLogLines, encodeLogLine } from '../../../../daemon/node-logs/cri-log-line.js';
import { PodLogFiles } from '../../../../daemon/node-logs/pod-log-files.js';
import type { LogLine } from '../../../../daemon/runtime/container.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function tempRoot(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-pod-logs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'pod-logs');
}

// 2026-01-05T01:16:38.123Z and a fraction below the millisecond, as Clock.nowPrecise gives it (a
// double this size keeps about a quarter of a microsecond: .456789 is held as .456787…).
const t0 = Date.UTC(2026, 0, 5, 1, 16, 38, 123) + 0.456789;
const lines: LogLine[] = [
  { time: t0, stream: 'stdout', text: 'one' },
  { time: t0 + 1000.25, stream: 'stderr', text: 'two: with spaces  and tabs\t' },
  { time: t0 + 2000, stream: 'stdout', text: 'no newline', partial: true },
];

test('a line is written in the CRI format and read back with the same timestamp', () => {
  assert.equal(encodeLogLine(lines[0]!), '2026-01-05T01:16:38.123456787Z stdout F one\n');
  assert.equal(encodeLogLine(lines[2]!), '2026-01-05T01:16:40.123456787Z stdout P no newline\n');
  const back = decodeLogLines(lines.map(encodeLogLine).join('') + '2026-01-05T01:16:4');
  assert.deepEqual(back, lines, 'a torn last line is skipped');
  assert.deepEqual(back.map((l) => rfc3339NanoFixed(l.time)), lines.map((l) => rfc3339NanoFixed(l.time)));
  assert.equal(rfc3339NanoFixed(back[1]!.time), '2026-01-05T01:16:39.123706787Z');
});

test('lines go to <node>/<pod uid>/<container>/<restartCount>.log, batched per turn, 0600 in 0700', async (t) => {
  const root = tempRoot(t);
  const files = new PodLogFiles(root);
  const node = files.forNode('node1');
  const file = { podUid: 'uid-1', container: 'main', restartCount: 0 };
  assert.deepEqual(node.read(file), [], 'no file yet');
  node.create(file);
  for (const line of lines) node.append(file, line);
  const path = join(root, 'node1', 'uid-1', 'main', '0.log');
  assert.deepEqual(node.read(file), lines, 'what is not written yet is read too');
  await turn();
  assert.equal(
    readFileSync(path, 'utf8'),
    '2026-01-05T01:16:38.123456787Z stdout F one\n' +
      '2026-01-05T01:16:39.123706787Z stderr F two: with spaces  and tabs\t\n' +
      '2026-01-05T01:16:40.123456787Z stdout P no newline\n',
  );
  assert.equal(statSync(path).mode & 0o777, 0o600);
  for (const dir of [root, join(root, 'node1'), join(root, 'node1', 'uid-1'), join(root, 'node1', 'uid-1', 'main')]) assert.equal(statSync(dir).mode & 0o777, 0o700, dir);
  // A daemon that starts again reads the same lines from the file.
  assert.deepEqual(new PodLogFiles(root).forNode('node1').read(file), lines);
});

test('a rotation rewrites the file; a new instance starts empty and removes the one before the previous', async (t) => {
  const root = tempRoot(t);
  const files = new PodLogFiles(root);
  const node = files.forNode('node1');
  const at = (restartCount: number) => ({ podUid: 'uid-1', container: 'main', restartCount });
  for (const count of [0, 1, 2]) {
    node.create(at(count));
    node.append(at(count), { ...lines[0]!, text: `run ${count}` });
  }
  node.rewrite(at(2), [{ ...lines[0]!, text: 'kept' }]);
  await turn();
  assert.deepEqual(readdirSync(join(root, 'node1', 'uid-1', 'main')).sort(), ['1.log', '2.log']);
  assert.deepEqual(node.read(at(2)).map((l) => l.text), ['kept']);
  node.create(at(2));
  assert.deepEqual(node.read(at(2)), [], 'a new instance with that count starts empty');
  await turn();
  assert.equal(readFileSync(join(root, 'node1', 'uid-1', 'main', '2.log'), 'utf8'), '');
});

test("a pod's files go with the pod, a node's with the node, and what was queued for them is dropped", async (t) => {
  const root = tempRoot(t);
  const files = new PodLogFiles(root);
  const node = files.forNode('node1');
  const file = { podUid: 'uid-1', container: 'main', restartCount: 0 };
  node.create(file);
  node.append(file, lines[0]!);
  node.removePod('uid-1');
  await turn();
  assert.equal(existsSync(join(root, 'node1', 'uid-1')), false);
  node.create(file);
  node.append(file, lines[0]!);
  files.flush();
  files.forNode('node2').create({ ...file, podUid: 'uid-2' });
  files.flush();
  files.forNode('node2').create({ ...file, podUid: 'uid-3' });
  files.flush();
  // Pods deleted while the daemon was down: a new daemon's kubelet keeps only the bound ones.
  new PodLogFiles(root).forNode('node2').retainPods(new Set(['uid-2']));
  assert.deepEqual(readdirSync(join(root, 'node2')), ['uid-2']);
  files.removeNode('node1');
  assert.deepEqual(readdirSync(root), ['node2']);
  assert.deepEqual(files.forNode('node1').read(file), []);
});

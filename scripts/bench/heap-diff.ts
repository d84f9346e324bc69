/**
 * Compares two V8 heap snapshots (the soak's, taken with --heapsnapshot-signal) by constructor:
 * objects and self size per group in each, sorted by growth, so what a leak keeps shows on top.
 * Groups are DevTools' "Summary" rows, roughly: an object's constructor name, `(closure) fn`,
 * `(string)`, `(array) <name>`, `(code)`, `(hidden) <name>`.
 *
 * Self size only: retained sizes need the dominator tree, which a leak hunt rarely needs once the
 * growing constructor is known. Hand-written because the format is a few flat arrays; memlab
 * (@memlab/heap-analysis) reads it too but brings a browser driver along for a one-off diagnostic.
 *
 * Usage: node dist/scripts/bench/heap-diff.js <before.heapsnapshot> <after.heapsnapshot> [rows]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface GroupTotals {
  count: number;
  selfSize: number;
}

const groupedByName = new Set(['object', 'native', 'closure', 'array', 'hidden', 'object shape', 'synthetic']);

/** Totals per group of one snapshot's JSON text. */
export function summarizeHeapSnapshot(text: string): Map<string, GroupTotals> {
  const file = JSON.parse(text) as HeapSnapshotFile;
  const fields = file.snapshot.meta.node_fields;
  const types = file.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, GroupTotals>();
  for (let i = 0; i < file.nodes.length; i += width) {
    const type = types[file.nodes[i + typeAt]];
    const name = file.strings[file.nodes[i + nameAt]];
    const key = type === 'object' || type === 'native' ? name : groupedByName.has(type) ? `(${type}) ${name}` : type.endsWith('string') ? '(string)' : `(${type})`;
    const group = groups.get(key) ?? { count: 0, selfSize: 0 };
    group.count++;
    group.selfSize += file.nodes[i + sizeAt];
    groups.set(key, group);
  }
  return groups;
}

export interface GroupDiff {
  group: string;
  before: GroupTotals;
  after: GroupTotals;
}

/** Every group of either snapshot, the largest self-size growth first. */
export function diffHeapSummaries(before: Map<string, GroupTotals>, after: Map<string, GroupTotals>): GroupDiff[] {
  const none: GroupTotals = { count: 0, selfSize: 0 };
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .map((group) => ({ group, before: before.get(group) ?? none, after: after.get(group) ?? none }))
    .sort((a, b) => b.after.selfSize - b.before.selfSize - (a.after.selfSize - a.before.selfSize));
}

function formatDiff(diffs: GroupDiff[], rows: number): string {
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
  const total = (pick: (d: GroupDiff) => GroupTotals): number => diffs.reduce((sum, d) => sum + pick(d).selfSize, 0);
  const lines = [`total self size: ${kib(total((d) => d.before))} → ${kib(total((d) => d.after))}`, 'Δ SELF SIZE  Δ COUNT  COUNT (before → after)  GROUP'];
  for (const d of diffs.slice(0, rows)) {
    const sizeDelta = d.after.selfSize - d.before.selfSize;
    const countDelta = d.after.count - d.before.count;
    lines.push(`${(sizeDelta >= 0 ? '+' : '') + kib(sizeDelta)}`.padStart(11) + `  ${(countDelta >= 0 ? '+' : '') + countDelta}`.padStart(9) + `  ${`${d.before.count} → ${d.after.count}`.padEnd(23)}  ${d.group.slice(0, 100)}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [beforePath, afterPath, rows = '40'] = process.argv.slice(2);
  if (!beforePath || !afterPath) {
    process.stderr.write('usage: heap-diff <before.heapsnapshot> <after.heapsnapshot> [rows]\n');
    process.exit(2);
  }
  const before = summarizeHeapSnapshot(readFileSync(beforePath, 'utf8'));
  const after = summarizeHeapSnapshot(readFileSync(afterPath, 'utf8'));
  process.stdout.write(formatDiff(diffHeapSummaries(before, after), Number(rows)) + '\n');
}

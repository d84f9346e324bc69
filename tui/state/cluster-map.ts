/**
 * The cluster map (`:map`, issue #8 "Beyond k9s"): one box per node, laid out in a grid that fits
 * the view, each with the node's STATUS as `kubectl get nodes` prints it, its taints, cpu and
 * memory requested against allocatable as bars (computed as `kubectl describe node`'s Allocated
 * resources), and its pods as coloured cells with their names. Pods not yet on a node get a box
 * of their own. Plain data: the view only prints the rows.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { taintString, type Taint } from '../../shared/describe/multiline.js';
import { nodeStatus } from '../../shared/printers/nodes.js';
import { allocatedResources, type AllocatedResource } from './pod-requests.js';
import { healthColors, podHealth } from './pod-colors.js';
import { ellipsis, fitRow, type Color, type Row } from './segments.js';

/** Narrower than this a box cannot show a bar and a pod name side by side. */
export const minBoxWidth = 30;
/** Border, taints, cpu, memory and at least one row of pods. */
export const minBoxHeight = 6;
const unscheduledTitle = 'unscheduled';

export interface ClusterMapOptions {
  width: number;
  height: number;
  now: number;
  /** The first grid row shown when the boxes do not all fit. */
  scroll?: number;
}

export interface ClusterMap {
  rows: Row[];
  /** Grid rows of boxes in all, and how many fit at once. */
  gridRows: number;
  visibleGridRows: number;
  scroll: number;
}

interface Box {
  title: string;
  status?: string;
  node?: Readonly<KubeObject>;
  pods: Readonly<KubeObject>[];
}

const byName = (a: Readonly<KubeObject>, b: Readonly<KubeObject>): number =>
  `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`);

function boxesOf(nodes: readonly Readonly<KubeObject>[], pods: readonly Readonly<KubeObject>[]): Box[] {
  const podsByNode = new Map<string, Readonly<KubeObject>[]>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName ?? '';
    let list = podsByNode.get(node);
    if (!list) podsByNode.set(node, (list = []));
    list.push(pod);
  }
  const boxes: Box[] = [...nodes]
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
    .map((node) => ({ title: node.metadata.name ?? '', status: nodeStatus(node as KubeObject), node, pods: (podsByNode.get(node.metadata.name ?? '') ?? []).sort(byName) }));
  const unscheduled = (podsByNode.get('') ?? []).sort(byName);
  if (unscheduled.length > 0) boxes.push({ title: unscheduledTitle, pods: unscheduled });
  return boxes;
}

export function buildClusterMap(nodes: readonly Readonly<KubeObject>[], pods: readonly Readonly<KubeObject>[], options: ClusterMapOptions): ClusterMap {
  const { width, height, now } = options;
  const boxes = boxesOf(nodes, pods);
  if (width <= 0 || height <= 0 || boxes.length === 0) return { rows: [], gridRows: 0, visibleGridRows: 0, scroll: 0 };
  const columns = Math.max(1, Math.min(boxes.length, Math.floor((width + 1) / (minBoxWidth + 1))));
  // Columns share the width; the first ones take the remainder, so the grid fills the view.
  const spare = width - (columns - 1);
  const boxWidths = Array.from({ length: columns }, (_, i) => Math.floor(spare / columns) + (i < spare % columns ? 1 : 0));
  const gridRows = Math.ceil(boxes.length / columns);
  const boxHeight = Math.min(height, Math.max(minBoxHeight, Math.floor(height / gridRows)));
  const visibleGridRows = Math.max(1, Math.floor(height / boxHeight));
  const scroll = Math.min(Math.max(0, options.scroll ?? 0), gridRows - visibleGridRows);
  const rows: Row[] = [];
  for (let g = scroll; g < Math.min(gridRows, scroll + visibleGridRows); g++) {
    const drawn = boxes.slice(g * columns, (g + 1) * columns).map((box, i) => drawBox(box, boxWidths[i]!, boxHeight, now));
    for (let line = 0; line < boxHeight; line++) {
      const row: Row = [];
      drawn.forEach((box, i) => {
        if (i > 0) row.push({ text: ' ' });
        row.push(...box[line]!);
      });
      rows.push(fitRow(row, width));
    }
  }
  return { rows: rows.slice(0, height), gridRows, visibleGridRows, scroll };
}

function statusColor(status: string): Color {
  if (status.startsWith('Ready')) return status.includes('SchedulingDisabled') ? 'yellow' : 'green';
  return 'red';
}

function taintsText(node: Readonly<KubeObject> | undefined): string {
  const taints = (node?.spec?.taints ?? []) as Taint[];
  if (taints.length === 0) return '<none>';
  return taints.map(taintString).join(', ');
}

const figuresOf = (resource: AllocatedResource): string => ` ${resource.requested}/${resource.allocatable} (${resource.percent}%)`;

/** `cpu ████░░░░ 400m/2 (20%)`; both bars of a box get the same length so they compare at a glance. */
function barRow(label: string, resource: AllocatedResource, inner: number, figuresWidth: number): Row {
  const figures = figuresOf(resource);
  const barWidth = Math.max(0, inner - label.length - figuresWidth - 1);
  const filled = Math.min(barWidth, Math.round((Math.min(100, resource.percent) / 100) * barWidth));
  const color: Color = resource.percent >= 90 ? 'red' : resource.percent >= 70 ? 'yellow' : 'green';
  return [{ text: `${label} ` }, { text: '█'.repeat(filled), color }, { text: '░'.repeat(barWidth - filled), color: 'gray' }, { text: figures }];
}

/** The pods as cells `● name`, as many per line as fit, the last line saying how many did not. */
function podLines(pods: readonly Readonly<KubeObject>[], inner: number, lines: number, now: number): Row[] {
  if (lines <= 0) return [];
  if (pods.length === 0) return [[{ text: 'no pods', color: 'gray' }]];
  const longest = Math.max(...pods.map((p) => (p.metadata.name ?? '').length));
  const cellWidth = Math.min(inner, Math.max(10, longest + 2));
  const perLine = Math.max(1, Math.floor((inner + 1) / (cellWidth + 1)));
  const capacity = perLine * lines;
  const shown = pods.length <= capacity ? pods.length : capacity - 1;
  const rows: Row[] = [];
  for (let i = 0; i < shown; i++) {
    if (i % perLine === 0) rows.push([]);
    const row = rows[rows.length - 1]!;
    if (i % perLine > 0) row.push({ text: ' ' });
    const pod = pods[i]!;
    const name = ellipsis(pod.metadata.name ?? '', cellWidth - 2).padEnd(cellWidth - 2);
    row.push({ text: '● ', color: healthColors[podHealth(pod, now)] }, { text: name });
  }
  if (shown < pods.length) {
    if (shown % perLine === 0) rows.push([]);
    else rows[rows.length - 1]!.push({ text: ' ' });
    rows[rows.length - 1]!.push({ text: `+${pods.length - shown} more`, color: 'gray' });
  }
  return rows;
}

/** One box: `height` rows of exactly `width` columns. */
function drawBox(box: Box, width: number, height: number, now: number): Row[] {
  const inner = Math.max(0, width - 4);
  const title: Row = [{ text: ' ' }, { text: box.title, bold: true }];
  if (box.status) title.push({ text: ' ' }, { text: box.status, color: statusColor(box.status) });
  title.push({ text: ' ' });
  const top = fitRow([{ text: '┌─' }, ...title, { text: '─'.repeat(width) }], width - 1);
  top.push({ text: '┐' });
  const count = ` ${box.pods.length} pod${box.pods.length === 1 ? '' : 's'} `;
  const bottom: Row = [{ text: `└─${count}${'─'.repeat(Math.max(0, width - 3 - count.length))}`.slice(0, width - 1) }, { text: '┘' }];

  const body: Row[] = [];
  if (box.node) {
    const allocated = allocatedResources(box.node, box.pods);
    body.push([{ text: 'taints ', color: 'gray' }, { text: ellipsis(taintsText(box.node), inner - 'taints '.length) }]);
    const figuresWidth = Math.max(figuresOf(allocated.cpu).length, figuresOf(allocated.memory).length);
    body.push(barRow('cpu', allocated.cpu, inner, figuresWidth));
    body.push(barRow('mem', allocated.memory, inner, figuresWidth));
  } else {
    body.push([{ text: 'pods waiting for a node', color: 'gray' }]);
  }
  body.push(...podLines(box.pods, inner, height - 2 - body.length, now));
  const rows: Row[] = [top];
  for (let i = 0; i < height - 2; i++) rows.push([{ text: '│ ' }, ...fitRow(body[i] ?? [], inner), { text: ' │' }]);
  rows.push(bottom);
  return rows.slice(0, height).map((row) => fitRow(row, width));
}

/**
 * ClusterMapView (`:map`): every node as a box with its status, taints, cpu/memory requested vs
 * allocatable and its pods as coloured cells (tui/state/cluster-map.ts), live from watches on
 * nodes and pods (throttled to 10 Hz), so a learner sees pods go Terminating on a dead node and
 * come up elsewhere. j/k scroll when the boxes do not all fit.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Clock } from '../../shared/clock.js';
import { SegmentRow } from '../components/segment-row.js';
import { buildClusterMap } from '../state/cluster-map.js';
import { healthColors } from '../state/pod-colors.js';
import { fitRow, type Row } from '../state/segments.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import type { ViewProps } from './view-props.js';

export interface ClusterMapViewProps extends ViewProps {
  clock?: Clock;
}

const hints: Array<[string, string]> = [
  ['j/k', 'scroll'],
  ['esc', 'back'],
];

function legend(nodes: number, pods: number, width: number): Row {
  const row: Row = [];
  for (const [label, color] of [
    ['Running', healthColors.running],
    ['Pending', healthColors.pending],
    ['Failing', healthColors.failing],
    ['Terminating', healthColors.terminating],
    ['Completed', healthColors.completed],
  ] as const) {
    row.push({ text: '● ', color }, { text: `${label} ` });
  }
  row.push({ text: ` ${nodes} node${nodes === 1 ? '' : 's'}, ${pods} pod${pods === 1 ? '' : 's'}`, color: 'gray' });
  return fitRow(row, width);
}

export function ClusterMapView(props: ClusterMapViewProps) {
  const { client, width, height, isActive } = props;
  const clock = props.clock ?? defaultViewClock;
  const [scroll, setScroll] = useState(0);
  const live = useInformers(
    client,
    [
      { ref: { group: '', version: 'v1', resource: 'nodes' } },
      { ref: { group: '', version: 'v1', resource: 'pods' } },
    ],
    { clock, flash: props.flash },
  );
  const nodes = live.informers[0]?.list() ?? [];
  const pods = live.informers[1]?.list() ?? [];
  const map = buildClusterMap(nodes, pods, { width, height: height - 1, now: clock.now(), scroll });

  useEffect(() => props.setHints(hints), []); // eslint-disable-line react-hooks/exhaustive-deps
  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      if (input === 'j' || key.downArrow) setScroll(Math.min(map.scroll + 1, Math.max(0, map.gridRows - map.visibleGridRows)));
      if (input === 'k' || key.upArrow) setScroll(Math.max(0, map.scroll - 1));
    },
    { isActive },
  );

  if (height <= 0) return null;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <SegmentRow row={legend(nodes.length, pods.length, width)} />
      {!live.synced ? (
        <Text color="gray">loading…</Text>
      ) : (
        map.rows.map((row, i) => <SegmentRow key={i} row={row} />)
      )}
    </Box>
  );
}

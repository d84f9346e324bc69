/**
 * XrayView (`:xray deploy`): each workload as a tree of what it controls (tui/state/xray-tree.ts),
 * e.g. Deployment → ReplicaSets → Pods → containers, drawn with `├─`/`└─`, live from watches on
 * each level. j/k move the selection, enter describes the selected object (a container's pod)
 * in place, esc goes back.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ResourceRef } from '../../shared/client/client.js';
import type { Clock } from '../../shared/clock.js';
import { SegmentRow } from '../components/segment-row.js';
import { kindOf } from '../state/object-target.js';
import { ellipsis, fitRow, type Row } from '../state/segments.js';
import { clampTop } from '../state/text-viewport.js';
import { buildXrayTree, flattenXray, xrayLevels, type XrayLine } from '../state/xray-tree.js';
import { DescribeView } from './describe.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface XrayViewProps extends ViewProps {
  /** deployments, statefulsets, daemonsets, replicasets, replicationcontrollers, jobs or cronjobs. */
  ref: ResourceRef;
  /** Omit for all namespaces. */
  namespace?: string;
  clock?: Clock;
}

const hints: Array<[string, string]> = [
  ['j/k', 'select'],
  ['g/G', 'first/last'],
  ['enter', 'describe'],
  ['esc', 'back'],
];

function lineRow(line: XrayLine, selected: boolean, width: number, showNamespace: boolean): Row {
  const { item } = line;
  const name = showNamespace && !line.prefix && item.namespace ? `${item.namespace}/${item.name}` : item.name;
  const row: Row = [{ text: line.prefix, color: 'gray' }, { text: `${item.kind} `, color: 'cyan' }, { text: name, bold: line.prefix === '' }, { text: '  ' }, { text: item.status, color: item.color }];
  const fitted = fitRow(row, width);
  return selected ? fitted.map((segment) => ({ ...segment, inverse: true })) : fitted;
}

export function XrayView(props: XrayViewProps) {
  const { client, ref, namespace, width, height, isActive } = props;
  const clock = props.clock ?? defaultViewClock;
  const levels = xrayLevels[ref.resource];
  const [cursor, setCursor] = useState(0);
  const [describing, setDescribing] = useState<ObjectTarget | undefined>();
  const live = useInformers(client, [{ ref, namespace }, ...(levels ?? []).map((level) => ({ ref: level, namespace }))], { clock, flash: props.flash });
  const lines = useMemo(() => {
    if (!levels) return [];
    const [roots, ...below] = live.informers.map((informer) => informer.list());
    const kinds = [ref, ...levels].map(kindOf);
    return flattenXray(buildXrayTree(ref, roots ?? [], below, kinds, clock.now()));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.version, live.informers]);
  const selected = Math.min(cursor, Math.max(0, lines.length - 1));
  // Read at key time: a key can arrive before Ink re-subscribes the handler of the latest render.
  const current = useRef({ lines });
  current.current = { lines };
  const cursorRef = useRef(cursor);
  const bodyHeight = Math.max(0, height - 1);
  const top = clampTop(selected - Math.floor(bodyHeight / 2), lines.length, bodyHeight);

  useEffect(() => {
    if (!levels) props.flash(`xray does not know ${ref.resource}; try deployments, statefulsets, daemonsets, replicasets, jobs or cronjobs`, 'error');
    if (!describing) props.setHints(hints);
  }, [describing]); // eslint-disable-line react-hooks/exhaustive-deps

  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      // The cursor moves in a ref first, so keys typed faster than a render all count.
      const shown = current.current.lines;
      const last = Math.max(0, shown.length - 1);
      const from = Math.min(cursorRef.current, last);
      let to = from;
      if (input === 'j' || key.downArrow) to = Math.min(last, from + 1);
      if (input === 'k' || key.upArrow) to = Math.max(0, from - 1);
      if (input === 'g') to = 0;
      if (input === 'G') to = last;
      cursorRef.current = to;
      setCursor(to);
      if (key.return && shown[to]) setDescribing(shown[to]!.item.target);
    },
    { isActive: isActive && !describing },
  );

  if (describing) return <DescribeView {...props} target={describing} back={() => setDescribing(undefined)} />;
  if (height <= 0) return null;
  const title = `xray ${ref.resource}${namespace ? ` in ${namespace}` : ' (all namespaces)'}`;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {ellipsis(title, width)}
      </Text>
      {live.synced && lines.length === 0 ? (
        <Text color="gray" wrap="truncate">
          {ellipsis(namespace ? `No resources found in ${namespace} namespace.` : 'No resources found', width)}
        </Text>
      ) : (
        lines.slice(top, top + bodyHeight).map((line, i) => <SegmentRow key={top + i} row={lineRow(line, top + i === selected, width, !namespace)} />)
      )}
    </Box>
  );
}

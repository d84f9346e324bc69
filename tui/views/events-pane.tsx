/**
 * EventsPane: the events of one object, as `kubectl get events --field-selector
 * involvedObject.name=…,involvedObject.kind=…` prints them (LAST SEEN TYPE REASON OBJECT
 * MESSAGE; tui/state/event-lines.ts), live from a watch with that selector. Shown under a table
 * in the split view, and usable alone. Pinned to the newest event unless scrolled.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Clock } from '../../shared/clock.js';
import { TextLines } from '../components/scroll-text.js';
import { eventLines } from '../state/event-lines.js';
import { eventsFieldSelector, kindOf, targetTitle } from '../state/object-target.js';
import { clampTop, fitLine, scrollMoveOf, scrollTop } from '../state/text-viewport.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface EventsPaneProps extends ViewProps {
  target: ObjectTarget;
  clock?: Clock;
}

export const eventsHints: Array<[string, string]> = [
  ['j/k', 'scroll'],
  ['g/G', 'oldest/newest'],
  ['esc', 'back'],
];

export function EventsPane(props: EventsPaneProps) {
  const { client, target, width, height, isActive } = props;
  const clock = props.clock ?? defaultViewClock;
  const live = useInformers(client, [{ ref: { group: '', version: 'v1', resource: 'events' }, namespace: target.namespace, fieldSelector: eventsFieldSelector(target) }], {
    clock,
    flash: props.flash,
  });
  const events = live.informers[0]?.list() ?? [];
  const lines = events.length === 0 ? [] : eventLines(events, clock.now());
  const bodyHeight = Math.max(0, height - 1);
  // The header stays; the event lines scroll under it, pinned to the newest unless moved.
  const rows = lines.slice(1);
  const rowsHeight = Math.max(0, bodyHeight - 1);
  const [pinned, setPinned] = useState<number | undefined>(undefined);
  const top = pinned === undefined ? Math.max(0, rows.length - rowsHeight) : clampTop(pinned, rows.length, rowsHeight);

  useEffect(() => {
    if (isActive) props.setHints(eventsHints);
  }, [isActive]); // eslint-disable-line react-hooks/exhaustive-deps
  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      const move = scrollMoveOf(input, key);
      if (move === 'bottom') return setPinned(undefined);
      if (move) setPinned(scrollTop(top, move, rows.length, rowsHeight));
    },
    { isActive },
  );

  if (height <= 0) return null;
  const title = `events ${kindOf(target.ref).toLowerCase()}/${targetTitle(target)}`;
  const empty = target.namespace ? `No resources found in ${target.namespace} namespace.` : 'No resources found';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {fitLine(title, width)}
      </Text>
      {!live.synced ? (
        <Text color="gray">loading…</Text>
      ) : lines.length === 0 ? (
        <Text wrap="truncate">{fitLine(empty, width)}</Text>
      ) : (
        <>
          {bodyHeight > 0 && <Text wrap="truncate">{fitLine(lines[0]!, width)}</Text>}
          <TextLines lines={rows} top={top} width={width} height={rowsHeight} />
        </>
      )}
    </Box>
  );
}

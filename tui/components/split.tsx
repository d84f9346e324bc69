/**
 * The split view (issue #8; k9s issues #351, #1430, #4217): any element on top (a resource table)
 * and, below, the logs or the events of the current selection. `+`/`-` move the divider, `tab`
 * gives the keys to the lower pane and back, `E`/`L` switch the lower pane between events and
 * logs (logs only for a pod; upper case, as the table already uses `e` and `l`). Both panes always fit: the lower one gets `ratio` of the rows.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import type { Clock } from '../../shared/clock.js';
import { fitLine } from '../state/text-viewport.js';
import { EventsPane, eventsHints } from '../views/events-pane.js';
import { LogsView, logsHints } from '../views/logs.js';
import type { ObjectTarget, ViewProps } from '../views/view-props.js';

export type SplitPane = 'logs' | 'events';

export interface SplitProps extends ViewProps {
  /** Renders the upper element at the size it is given; it has the keys while `active`. */
  top(size: { width: number; height: number; isActive: boolean }): ReactNode;
  /** The selection whose logs or events show below; none shows a hint. */
  target?: ObjectTarget;
  pane?: SplitPane;
  /** The lower pane's share of the rows, 0.2–0.8 (default 0.4). */
  ratio?: number;
  clock?: Clock;
}

export const minRatio = 0.2;
export const maxRatio = 0.8;
const ratioStep = 0.1;

/** Rows of the upper element, the divider and the lower pane, for a body of `height` rows. */
export function splitHeights(height: number, ratio: number): { top: number; bottom: number } {
  const usable = Math.max(0, height - 1);
  const bottom = Math.min(usable, Math.max(usable > 1 ? 1 : 0, Math.round(usable * ratio)));
  return { top: usable - bottom, bottom };
}

export const splitHints: Array<[string, string]> = [
  ['tab', 'switch pane'],
  ['+/-', 'resize split'],
  ['E', 'events below'],
  ['L', 'logs below'],
];

export function Split(props: SplitProps) {
  const { width, height, isActive, target } = props;
  const [ratio, setRatio] = useState(props.ratio ?? 0.4);
  const [pane, setPane] = useState<SplitPane>(props.pane ?? 'events');
  const [lowerActive, setLowerActive] = useState(false);
  const sizes = splitHeights(height, ratio);
  const isPod = target?.ref.group === '' && target.ref.resource === 'pods';
  const shownPane: SplitPane = pane === 'logs' && !isPod ? 'events' : pane;

  // The split declares the keys of whichever pane has them; the panes' own setHints are ignored.
  useEffect(() => {
    if (!isActive) return;
    if (!lowerActive) props.setHints(splitHints);
    else props.setHints([['tab', 'back to the table'], ...(shownPane === 'logs' ? logsHints : eventsHints)]);
  }, [isActive, lowerActive, shownPane]); // eslint-disable-line react-hooks/exhaustive-deps

  useInput(
    (input, key) => {
      if (key.tab) return setLowerActive((lower) => !lower && target !== undefined);
      if (lowerActive) return;
      if (input === '+') setRatio((r) => Math.min(maxRatio, Math.round((r + ratioStep) * 10) / 10));
      if (input === '-') setRatio((r) => Math.max(minRatio, Math.round((r - ratioStep) * 10) / 10));
      if (input === 'E') setPane('events');
      if (input === 'L') {
        if (isPod) setPane('logs');
        else props.flash('logs are shown for pods only', 'info');
      }
    },
    { isActive },
  );

  const lowerProps = { ...props, height: sizes.bottom, isActive: isActive && lowerActive, back: () => setLowerActive(false), setHints: () => undefined };
  const divider = `── ${shownPane}${target ? ` of ${target.name}` : ''} ${lowerActive ? '(tab: back to the table) ' : '(tab: focus) '}`;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box height={sizes.top} width={width} overflow="hidden">
        {props.top({ width, height: sizes.top, isActive: isActive && !lowerActive })}
      </Box>
      {height > 0 && (
        <Text color="gray" wrap="truncate">
          {fitLine(divider.padEnd(width, '─'), width)}
        </Text>
      )}
      {!target || sizes.bottom === 0 ? (
        sizes.bottom > 0 && <Text color="gray">{fitLine('select an object to see its events', width)}</Text>
      ) : shownPane === 'logs' ? (
        <LogsView key={`${target.namespace}/${target.name}`} {...lowerProps} target={target} />
      ) : (
        <EventsPane key={`${target.ref.resource}/${target.namespace}/${target.name}`} {...lowerProps} target={target} />
      )}
    </Box>
  );
}

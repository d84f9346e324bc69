/**
 * DescribeView (`d`): the text `kubectl describe` prints for the object (describeObject from
 * shared/describe/), refreshed when the object or its events change (two watches, throttled to
 * two refreshes a second), keeping the scroll position. API errors show as kubectl prints them
 * (`Error from server (NotFound): pods "web" not found`).
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Clock } from '../../shared/clock.js';
import { describeObject } from '../../shared/describe/describe.js';
import { TextLines, useScroll } from '../components/scroll-text.js';
import { errorText } from '../state/api-error-text.js';
import { eventsFieldSelector, objectFieldSelector, targetTitle } from '../state/object-target.js';
import { fitLine, wrapWords } from '../state/text-viewport.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface DescribeViewProps extends ViewProps {
  target: ObjectTarget;
  clock?: Clock;
}

const refreshIntervalMs = 500;

const hints: Array<[string, string]> = [
  ['j/k', 'scroll'],
  ['g/G', 'top/bottom'],
  ['ctrl-f/b', 'page down/up'],
  ['esc', 'back'],
];

export function DescribeView(props: DescribeViewProps) {
  const { client, target, width, height, isActive } = props;
  const clock = props.clock ?? defaultViewClock;
  const live = useInformers(
    client,
    [
      { ref: target.ref, namespace: target.namespace, fieldSelector: objectFieldSelector(target) },
      { ref: { group: '', version: 'v1', resource: 'events' }, namespace: target.namespace, fieldSelector: eventsFieldSelector(target) },
    ],
    { clock, intervalMs: refreshIntervalMs, flash: props.flash },
  );
  const [text, setText] = useState<{ lines: string[]; error?: boolean }>({ lines: ['loading…'] });

  useEffect(() => {
    if (!live.synced) return;
    let current = true;
    const render = async (): Promise<void> => {
      const described = await describeObject(client, target, { now: clock.now() });
      if (current) setText({ lines: described.replace(/\n$/, '').split('\n') });
    };
    render().catch((err: unknown) => {
      if (!current) return;
      const message = errorText(err);
      setText({ lines: [message], error: true });
      props.flash(message, 'error');
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.version, live.synced]);

  const title = `describe ${targetTitle(target)}`;
  const bodyHeight = Math.max(0, height - 1);
  const scroll = useScroll(text.lines.length, bodyHeight);

  useEffect(() => props.setHints(hints), []); // eslint-disable-line react-hooks/exhaustive-deps
  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      scroll.handleKey(input, key);
    },
    { isActive },
  );

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {height > 0 && (
        <Text bold wrap="truncate">
          {fitLine(title, width)}
        </Text>
      )}
      <TextLines lines={text.error ? text.lines.flatMap((line) => wrapWords(line, width)) : text.lines} top={scroll.top} width={width} height={bodyHeight} color={text.error ? 'red' : undefined} />
    </Box>
  );
}

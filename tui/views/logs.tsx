/**
 * LogsView (`l`, `p`): a container's log followed live (`kubectl logs -f`), with k9s' log keys:
 * 0 autoscroll, t timestamps, w wrap, c container (multi-container pods), p previous, `/` filter
 * (regex), j/k/g/G/ctrl-f/ctrl-b to scroll. The stream and its bounded buffer live in
 * tui/state/log-session.ts; refusals show as kubectl prints them (`Error from server
 * (BadRequest): previous terminated container "app" in pod "web" not found`). A container that
 * is still waiting starts streaming by itself once the pod says it runs.
 */
import { Box, Text, useInput, type Key } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { Clock } from '../../shared/clock.js';
import { ChoiceList } from '../components/choice-list.js';
import { LinePrompt } from '../components/line-prompt.js';
import { TextLines } from '../components/scroll-text.js';
import { errorText } from '../state/api-error-text.js';
import { LogSession, defaultContainer, podContainers } from '../state/log-session.js';
import { displayLines, logWindow, parseLogFilter, type LogWindow } from '../state/log-viewport.js';
import { objectFieldSelector, targetNotFound, targetTitle } from '../state/object-target.js';
import { fitLine, scrollMoveOf, wrapWords } from '../state/text-viewport.js';
import { createThrottle } from '../state/throttle.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface LogsViewProps extends ViewProps {
  /** A pod. */
  target: ObjectTarget;
  container?: string;
  previous?: boolean;
  clock?: Clock;
  /** Lines kept (default 5,000). */
  capacity?: number;
}

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const onOff = (on: boolean): string => (on ? 'On' : 'Off');

export const logsHints: Array<[string, string]> = [
  ['0', 'toggle autoscroll'],
  ['t', 'toggle timestamps'],
  ['w', 'toggle wrap'],
  ['c', 'choose container'],
  ['p', 'toggle previous'],
  ['/', 'filter'],
  ['j/k', 'scroll'],
  ['g/G', 'top/bottom'],
  ['ctrl-f/b', 'page down/up'],
  ['esc', 'back'],
];

export function LogsView(props: LogsViewProps) {
  const { client, target, width, height, isActive } = props;
  const namespace = target.namespace ?? 'default';
  const clock = props.clock ?? defaultViewClock;
  const [container, setContainer] = useState(props.container);
  const [previous, setPrevious] = useState(props.previous ?? false);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [follow, setFollow] = useState(true);
  const [top, setTop] = useState(0);
  const [filter, setFilter] = useState<{ text: string; pattern: RegExp } | undefined>();
  const [mode, setMode] = useState<'normal' | 'filter' | 'containers'>('normal');
  const [, setTick] = useState(0);
  const session = useRef<LogSession | undefined>(undefined);
  const windowRef = useRef<LogWindow>({ rows: [], top: 0, maxTop: 0 });

  const live = useInformers(client, [{ ref: podsRef, namespace, fieldSelector: objectFieldSelector(target) }], { clock, flash: props.flash });
  const pod = live.informers[0]?.list()[0];
  const missing = live.synced && !pod && !session.current?.buffer.size ? errorText(targetNotFound({ ...target, ref: podsRef })) : undefined;
  const podRef = useRef(pod);
  podRef.current = pod;

  useEffect(() => {
    if (!container && pod) setContainer(defaultContainer(pod));
  }, [pod, container]);

  useEffect(() => {
    if (!container) return;
    const throttle = createThrottle(clock, () => setTick((t) => t + 1), 50);
    const current = new LogSession({ client, namespace, pod: target.name, container, previous, capacity: props.capacity, onChange: () => throttle.notify() });
    session.current = current;
    void current.start(podRef.current);
    return () => {
      current.stop();
      throttle.cancel();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, namespace, target.name, container, previous]);

  useEffect(() => {
    if (pod) session.current?.podChanged(pod);
  }, [live.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const error = missing ?? (session.current?.state === 'error' ? session.current.error : undefined);
  useEffect(() => {
    if (error) props.flash(error, 'error');
  }, [error]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => props.setHints(logsHints), []); // eslint-disable-line react-hooks/exhaustive-deps

  const bodyHeight = Math.max(0, height - 1 - (mode === 'filter' ? 1 : 0));
  const lines = displayLines(session.current?.buffer.lines() ?? [], { timestamps, filter: filter?.pattern });
  const view = logWindow(lines, { width, height: bodyHeight, wrap, follow, top });
  windowRef.current = view;

  const scroll = (input: string, key: Key): void => {
    const move = scrollMoveOf(input, key);
    if (!move) return;
    if (move === 'bottom') return setFollow(true);
    const page = Math.max(1, bodyHeight - 1);
    const from = windowRef.current.top;
    const to = { down: from + 1, up: from - 1, top: 0, pageDown: from + page, pageUp: from - page }[move];
    setFollow(false);
    setTop(Math.min(windowRef.current.maxTop, Math.max(0, to)));
  };

  const chooseContainer = (): void => {
    const names = pod ? podContainers(pod) : [];
    if (names.length < 2) return props.flash(`pod ${target.name} has only one container`, 'info');
    setMode('containers');
  };

  useInput(
    (input, key) => {
      if (key.escape) return filter ? setFilter(undefined) : props.back();
      if (input === '0') {
        setTop(windowRef.current.top);
        return setFollow((on) => !on);
      }
      if (input === 't') return setTimestamps((on) => !on);
      if (input === 'w') return setWrap((on) => !on);
      if (input === 'p') return setPrevious((on) => !on);
      if (input === 'c') return chooseContainer();
      if (input === '/') return setMode('filter');
      scroll(input, key);
    },
    { isActive: isActive && mode === 'normal' },
  );

  const applyFilter = (text: string): void => {
    setMode('normal');
    try {
      const pattern = parseLogFilter(text);
      setFilter(pattern ? { text, pattern } : undefined);
    } catch (err) {
      props.flash((err as Error).message, 'error');
    }
  };

  const state = session.current?.state;
  const status = [
    `logs ${targetTitle({ ...target, namespace })}${container ? `:${container}` : ''}${previous ? ' (previous)' : ''}`,
    `Autoscroll:${onOff(follow)} Timestamps:${onOff(timestamps)} Wrap:${onOff(wrap)}`,
    filter ? `Filter:/${filter.text}/` : '',
    state === 'ended' ? '[stream closed]' : state === 'connecting' ? '[connecting]' : '',
  ]
    .filter(Boolean)
    .join('  ');

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {height > 0 && (
        <Text bold wrap="truncate">
          {fitLine(status, width)}
        </Text>
      )}
      {mode === 'containers' ? (
        <ChoiceList
          title="container:"
          choices={pod ? podContainers(pod) : []}
          initial={container}
          width={width}
          height={bodyHeight}
          isActive={isActive}
          onChoose={(name) => {
            setMode('normal');
            setContainer(name);
          }}
          onCancel={() => setMode('normal')}
        />
      ) : error && lines.length === 0 ? (
        <TextLines lines={wrapWords(error, width)} top={0} width={width} height={bodyHeight} color="red" />
      ) : (
        <TextLines lines={view.rows} top={0} width={width} height={bodyHeight} />
      )}
      {mode === 'filter' && <LinePrompt prefix="/" initial={filter?.text} width={width} isActive={isActive} onSubmit={applyFilter} onCancel={() => setMode('normal')} />}
    </Box>
  );
}

/**
 * RulesView (`:rules node1`): a node's kube-proxy table as `iptables-save -t nat` prints it, from
 * the daemon's `GET /kubelab/v1/nodes/<name>/rules`, fetched again (throttled to twice a second)
 * whenever a watch says Services or EndpointSlices changed: no timed polling. A daemon without
 * that endpoint answers 405, shown as a flash; a stopped node as the daemon's 503 message.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { isStatusError } from '../../shared/api/errors.js';
import { canGetText } from '../../shared/client/log-stream.js';
import type { Clock } from '../../shared/clock.js';
import { TextLines, useScroll } from '../components/scroll-text.js';
import { errorText } from '../state/api-error-text.js';
import { fitLine, wrapWords } from '../state/text-viewport.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import type { ViewProps } from './view-props.js';

export interface RulesViewProps extends ViewProps {
  node: string;
  clock?: Clock;
}

export const rulesUnavailableMessage = 'rules are not available from this daemon';
const refreshIntervalMs = 500;

const hints: Array<[string, string]> = [
  ['j/k', 'scroll'],
  ['g/G', 'top/bottom'],
  ['ctrl-f/b', 'page down/up'],
  ['esc', 'back'],
];

export function RulesView(props: RulesViewProps) {
  const { client, node, width, height, isActive } = props;
  const clock = props.clock ?? defaultViewClock;
  const [text, setText] = useState<{ lines: string[]; error?: boolean }>({ lines: ['loading…'] });
  const live = useInformers(
    client,
    [
      { ref: { group: '', version: 'v1', resource: 'services' } },
      { ref: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' } },
      { ref: { group: '', version: 'v1', resource: 'nodes' }, fieldSelector: `metadata.name=${node}` },
    ],
    { clock, intervalMs: refreshIntervalMs, flash: props.flash },
  );

  useEffect(() => {
    let current = true;
    const fail = (message: string): void => {
      if (!current) return;
      setText({ lines: [message], error: true });
      props.flash(message, 'error');
    };
    if (!canGetText(client)) {
      fail(rulesUnavailableMessage);
      return;
    }
    client.getText(`/kubelab/v1/nodes/${encodeURIComponent(node)}/rules`).then(
      (rules) => current && setText({ lines: rules.replace(/\n$/, '').split('\n') }),
      // 405/404 on the path itself: a daemon from before the rules endpoint.
      (err: unknown) => fail(isStatusError(err) && (err.code === 405 || (err.code === 404 && err.status.details?.group === 'kubelab')) ? rulesUnavailableMessage : errorText(err)),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, node, live.version]);

  const bodyHeight = Math.max(0, height - 1);
  const lines = text.error ? text.lines.flatMap((line) => wrapWords(line, width)) : text.lines;
  const scroll = useScroll(lines.length, bodyHeight);
  useEffect(() => props.setHints(hints), []); // eslint-disable-line react-hooks/exhaustive-deps
  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      scroll.handleKey(input, key);
    },
    { isActive },
  );

  if (height <= 0) return null;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {fitLine(`rules ${node} (iptables-save -t nat)`, width)}
      </Text>
      <TextLines lines={lines} top={scroll.top} width={width} height={bodyHeight} color={text.error ? 'red' : undefined} />
    </Box>
  );
}

/**
 * The `?` screen: every key of the view it was opened from, with its description, generated from
 * keys/bindings.ts and keys/commands.ts (k9s' help is generated the same way), then the `:`
 * commands and their aliases. Scrolls with j/k; esc goes back.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo } from 'react';
import { TextLines, useScroll } from '../components/scroll-text.js';
import type { Scope } from '../keys/bindings.js';
import { helpLines } from '../keys/dispatch.js';
import { aliasList } from '../state/aliases.js';
import type { ViewProps } from './view-props.js';

export interface HelpViewProps extends ViewProps {
  scopes: readonly Scope[];
}

/** The help text for some scopes: keys, then commands, then resource aliases. */
export function helpText(scopes: readonly Scope[]): string[] {
  const byResource = new Map<string, string[]>();
  for (const [alias, resource] of aliasList()) byResource.set(resource, [...(byResource.get(resource) ?? []), alias]);
  return [
    'KEYS',
    ...helpLines(scopes).map((l) => `  ${l}`),
    '',
    'COMMANDS',
    '  :<resource> [namespace|-A] [label-selector]   a table, e.g. :po, :pod kube-system, :pod app=web, :deploy -A',
    '  :map                                          cluster map: nodes and their pods',
    '  :xray <resource> [namespace]                  tree: Deployment → ReplicaSets → Pods',
    '  :rules <node>                                 the node\'s kube-proxy rules',
    '  :lab                                          the active guided lab (kubelab lab start a), ticked as you go',
    '  :q                                            quit (the daemon keeps running; `kubelab down` stops it)',
    '',
    'RESOURCES',
    ...[...byResource.entries()].map(([resource, aliases]) => `  ${resource.padEnd(40)} ${aliases.join(', ')}`),
  ];
}

export function HelpView(props: HelpViewProps) {
  const { width, height, isActive } = props;
  const lines = useMemo(() => helpText(props.scopes), [props.scopes]);
  const scroll = useScroll(lines.length, height - 1);
  useEffect(() => props.setHints([['esc', 'back'], ['j/k', 'scroll']]), []); // eslint-disable-line react-hooks/exhaustive-deps
  useInput(
    (input, key) => {
      if (key.escape || input === 'q' || input === '?') return props.back();
      scroll.handleKey(input, key);
    },
    { isActive },
  );
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text color="#00FFFF" bold wrap="truncate">
        {' help '}
      </Text>
      <TextLines lines={lines} top={scroll.top} width={width} height={height - 1} />
    </Box>
  );
}

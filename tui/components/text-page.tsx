/**
 * TextPage: the frame of the TUI's read-only text views (describe, YAML, decoded Secret, node
 * rules), as k9s' details view: a bold title line over the scrollable text, k9s' movement keys,
 * `esc` back, and the view's key hints announced once on mount. The views only decide what text
 * to show; error text is wrapped so a long API message stays readable.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect } from 'react';
import { fitLine, wrapWords } from '../state/text-viewport.js';
import { TextLines, useScroll } from './scroll-text.js';

export interface TextPageProps {
  title: string;
  lines: readonly string[];
  /** `error` shows red, word-wrapped text; `loading` grey. */
  tone?: 'error' | 'loading';
  width: number;
  height: number;
  isActive: boolean;
  hints: Array<[string, string]>;
  setHints(hints: Array<[string, string]>): void;
  back(): void;
  /** A view's own keys, tried before scrolling; true when the key was handled. */
  onKey?(input: string): boolean;
}

/** The hints of a text page that adds no keys of its own. */
export const scrollHints: Array<[string, string]> = [
  ['j/k', 'scroll'],
  ['g/G', 'top/bottom'],
  ['ctrl-f/b', 'page down/up'],
  ['esc', 'back'],
];

export function TextPage(props: TextPageProps) {
  const { width, height, tone } = props;
  const bodyHeight = Math.max(0, height - 1);
  const lines = tone === 'error' ? props.lines.flatMap((line) => wrapWords(line, width)) : props.lines;
  const scroll = useScroll(lines.length, bodyHeight);

  useEffect(() => props.setHints(props.hints), []); // eslint-disable-line react-hooks/exhaustive-deps
  useInput(
    (input, key) => {
      if (key.escape) return props.back();
      if (props.onKey?.(input)) return;
      scroll.handleKey(input, key);
    },
    { isActive: props.isActive },
  );

  if (height <= 0) return null;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {fitLine(props.title, width)}
      </Text>
      <TextLines lines={lines} top={scroll.top} width={width} height={bodyHeight} color={tone === 'error' ? 'red' : tone === 'loading' ? 'gray' : undefined} />
    </Box>
  );
}

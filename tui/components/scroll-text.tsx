/**
 * A scrollable block of text lines (describe, YAML, rules, events): useScroll() keeps the top line
 * valid as the text or the height changes and maps k9s' movement keys; <TextLines> prints only the
 * visible window, one <Text> per line, each cut to the width, so the frame never outgrows the view.
 */
import { Box, Text, type Key } from 'ink';
import { useCallback, useRef, useState } from 'react';
import { clampTop, scrollMoveOf, scrollTop, visibleLines } from '../state/text-viewport.js';

export interface Scroll {
  top: number;
  /** Handles a movement key; false when the key is not one. */
  handleKey(input: string, key: Key): boolean;
  setTop(top: number): void;
}

export function useScroll(total: number, height: number): Scroll {
  const [rawTop, setTop] = useState(0);
  const top = clampTop(rawTop, total, height);
  // Read at key time: a key can arrive before Ink re-subscribes the handler of the latest render.
  const size = useRef({ total, height });
  size.current = { total, height };
  const handleKey = useCallback((input: string, key: Key): boolean => {
    // `jj` in one chunk (keys typed faster than read, tmux send-keys) is two moves.
    const chunk = input.length > 1 && !key.ctrl && !key.meta && /^[jkgG]+$/.test(input) ? [...input] : [input];
    const moves = chunk.map((ch) => scrollMoveOf(ch, key));
    if (moves.some((move) => move === undefined)) return false;
    const { total: lines, height: rows } = size.current;
    setTop((current) => moves.reduce((top, move) => scrollTop(top, move!, lines, rows), clampTop(current, lines, rows)));
    return true;
  }, []);
  return { top, handleKey, setTop };
}

export interface TextLinesProps {
  lines: readonly string[];
  top: number;
  width: number;
  height: number;
  color?: string;
}

export function TextLines({ lines, top, width, height, color }: TextLinesProps) {
  const shown = visibleLines(lines, top, width, height);
  return (
    <Box flexDirection="column" width={width} height={Math.max(0, height)} overflow="hidden">
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" color={color}>
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}

/**
 * A short list to pick one entry from (the logs view's container choice): j/k or arrows move,
 * enter picks, esc cancels. Shows at most `height` rows, scrolled to keep the cursor in view.
 */
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { ellipsis } from '../state/segments.js';

export interface ChoiceListProps {
  title: string;
  choices: readonly string[];
  initial?: string;
  width: number;
  height: number;
  isActive: boolean;
  onChoose(choice: string): void;
  onCancel(): void;
}

export function ChoiceList({ title, choices, initial, width, height, isActive, onChoose, onCancel }: ChoiceListProps) {
  const [cursor, setCursor] = useState(Math.max(0, choices.indexOf(initial ?? '')));
  useInput(
    (input, key) => {
      if (key.escape) return onCancel();
      if (key.return) return choices[cursor] !== undefined && onChoose(choices[cursor]!);
      if (input === 'j' || key.downArrow) setCursor((c) => Math.min(choices.length - 1, c + 1));
      if (input === 'k' || key.upArrow) setCursor((c) => Math.max(0, c - 1));
    },
    { isActive },
  );
  const rows = Math.max(0, height - 1);
  const first = Math.max(0, Math.min(cursor - rows + 1, choices.length - rows));
  return (
    <Box flexDirection="column" width={width} height={Math.max(0, height)} overflow="hidden">
      {height > 0 && (
        <Text bold wrap="truncate">
          {ellipsis(title, width)}
        </Text>
      )}
      {choices.slice(first, first + rows).map((choice, i) => (
        <Text key={choice} inverse={first + i === cursor} wrap="truncate">
          {ellipsis(`${first + i === cursor ? '>' : ' '} ${choice}`, width)}
        </Text>
      ))}
    </Box>
  );
}

/**
 * Draws a table window from the model: the header line, then one <Text> per visible row with its
 * precomputed string and colour (STYLE "Ink facts": element count, not cell count, is the cost).
 * The selected row is drawn inverse across the full width, as k9s' cursor bar. Never taller than
 * `height`, never wider than `width`.
 */
import { Box, Text } from 'ink';
import type { TableWindow } from '../state/table-model.js';

export interface TableProps {
  window: TableWindow;
  width: number;
  height: number;
  /** Shown when the table has no row (still listing, or nothing matches). */
  emptyText?: string;
}

/** Cut to `width` with an ellipsis; padded to the full width only for the inverse cursor bar
 * (Ink turns every character into a styled cell each frame: trailing spaces are not free). */
function fit(text: string, width: number, isPadded = false): string {
  if (text.length > width) return text.slice(0, Math.max(0, width - 1)) + '…';
  return isPadded ? text.padEnd(width) : text;
}

export function Table({ window, width, height, emptyText }: TableProps) {
  if (height <= 0) return null;
  const rows = window.rows.slice(0, height - 1);
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold color="white" wrap="truncate">
        {fit(window.header, width)}
      </Text>
      {rows.map((row) => (
        <Text key={row.key} color={row.color} inverse={row.isSelected} wrap="truncate">
          {fit(row.text, width, row.isSelected)}
        </Text>
      ))}
      {rows.length === 0 && height > 1 && emptyText ? (
        <Text dimColor wrap="truncate">
          {fit(emptyText, width)}
        </Text>
      ) : null}
    </Box>
  );
}

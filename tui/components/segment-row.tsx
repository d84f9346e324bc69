/**
 * Prints one row of coloured segments (tui/state/segments.ts) as a single <Text> line with nested
 * coloured parts: the models already cut each row to the width, so Ink never wraps it.
 */
import { Text } from 'ink';
import type { Row } from '../state/segments.js';

export function SegmentRow({ row }: { row: Row }) {
  return (
    <Text wrap="truncate">
      {row.length === 0
        ? ' '
        : row.map((segment, i) =>
            segment.color || segment.bold || segment.inverse ? (
              <Text key={i} color={segment.color} bold={segment.bold} inverse={segment.inverse}>
                {segment.text}
              </Text>
            ) : (
              segment.text
            ),
          )}
    </Text>
  );
}

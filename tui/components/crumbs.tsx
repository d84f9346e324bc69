/**
 * The crumbs bar: the view stack from root to the current view (`<pods(default)> <describe …>`),
 * with the current table's row count and active filter, as k9s' title and crumbs.
 */
import { Text } from 'ink';

export interface CrumbsProps {
  crumbs: string[];
  /** `[12]` after the last crumb, and the filter text when one is set. */
  count?: number;
  filter?: string;
  width: number;
}

export function Crumbs({ crumbs, count, filter, width }: CrumbsProps) {
  const last = crumbs.length - 1;
  const parts = crumbs.map((c, i) => (i === last && count !== undefined ? `<${c}[${count}]>` : `<${c}>`));
  const text = parts.join(' ') + (filter ? `  </${filter}>` : '');
  return (
    <Text color="#00FFFF" bold wrap="truncate">
      {text.slice(0, width)}
    </Text>
  );
}

/**
 * The header, k9s' top block in two lines: where the learner is (context, cluster, server,
 * namespace, the clock and --speed when known), then the keys of the current view as
 * `<key> Description` pairs, as many as fit.
 */
import { Box, Text } from 'ink';

export interface HeaderInfo {
  context: string;
  cluster: string;
  server: string;
  /** undefined: all namespaces. */
  namespace: string | undefined;
  speed?: number;
}

export interface HeaderProps {
  info: HeaderInfo;
  /** HH:MM of the cluster clock. */
  time: string;
  hints: Array<[string, string]>;
  width: number;
}

/** The hint pairs that fit in `width`, separated by two spaces. */
export function hintLine(hints: Array<[string, string]>, width: number): string {
  let line = '';
  for (const [key, description] of hints) {
    const item = `<${key}> ${description}`;
    const next = line ? `${line}  ${item}` : item;
    if (next.length > width) break;
    line = next;
  }
  return line;
}

export function Header({ info, time, hints, width }: HeaderProps) {
  // Shown whenever known (a kubelab daemon's record), 1x included: the learner sees time is real.
  const speed = info.speed !== undefined ? `  Speed: ${info.speed}x` : '';
  const line = `Context: ${info.context}  Cluster: ${info.cluster}  Namespace: ${info.namespace ?? 'all'}  Clock: ${time}${speed}  Server: ${info.server}`;
  return (
    <Box flexDirection="column" width={width} height={2} overflowY="hidden">
      <Text color="#FF8C00" wrap="truncate">
        {line.slice(0, width)}
      </Text>
      <Text color="#1E90FF" wrap="truncate">
        {hintLine(hints, width)}
      </Text>
    </Box>
  );
}

/**
 * The one-line flash at the bottom: the last message (info, warn, error), or the connection
 * banner while the daemon does not answer, which wins over any message.
 */
import { Text } from 'ink';

export type FlashLevel = 'info' | 'warn' | 'error';

export interface FlashMessage {
  text: string;
  level: FlashLevel;
}

const colors: Record<FlashLevel, string> = { info: '#ADFF2F', warn: '#FF8C00', error: '#FF4500' };

export function Flash({ message, banner, width }: { message?: FlashMessage; banner?: string; width: number }) {
  if (banner) {
    return (
      <Text color="white" backgroundColor="red" wrap="truncate">
        {banner.slice(0, width).padEnd(width)}
      </Text>
    );
  }
  const line = message?.text.split('\n')[0] ?? '';
  return (
    <Text color={message ? colors[message.level] : undefined} wrap="truncate">
      {line.slice(0, width) || ' '}
    </Text>
  );
}

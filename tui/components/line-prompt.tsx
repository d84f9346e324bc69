/**
 * A one-line input at the bottom of a view (the logs view's `/` filter): printable keys add,
 * backspace removes, enter submits, esc cancels. The text shown is cut from the left so the
 * cursor end stays visible in a narrow view.
 */
import { Text, useInput } from 'ink';
import { useState } from 'react';

export interface LinePromptProps {
  prefix: string;
  initial?: string;
  width: number;
  isActive: boolean;
  onSubmit(text: string): void;
  onCancel(): void;
}

export function LinePrompt({ prefix, initial = '', width, isActive, onSubmit, onCancel }: LinePromptProps) {
  const [text, setText] = useState(initial);
  useInput(
    (input, key) => {
      if (key.escape) return onCancel();
      if (key.return) return onSubmit(text);
      if (key.backspace || key.delete) return setText((t) => t.slice(0, -1));
      if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      if (input) setText((t) => t + input);
    },
    { isActive },
  );
  const shown = `${prefix}${text}█`;
  return <Text wrap="truncate">{shown.length <= width ? shown : shown.slice(shown.length - width)}</Text>;
}

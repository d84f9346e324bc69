/**
 * The bottom-line prompts: `:` commands, `/` filters and questions (replicas, image) read a line;
 * a confirmation (delete, kill, node kill) reads `y` or anything else for no, as k9s' dialogs.
 * While a prompt is open it holds the keyboard (the views are inactive).
 */
import { Text, useInput } from 'ink';
import { useRef, useState } from 'react';

export type PromptRequest =
  | { type: 'line'; prefix: string; initial?: string; onSubmit(text: string): void }
  | { type: 'confirm'; question: string; onYes(): void };

export interface PromptProps {
  request: PromptRequest;
  width: number;
  /** Called after submit, cancel or an answer: the app closes the prompt. */
  onClose(): void;
}

function Confirm({ question, onYes, onClose, width }: { question: string; onYes(): void; onClose(): void; width: number }) {
  useInput((input, key) => {
    onClose();
    if (!key.escape && (input === 'y' || input === 'Y')) onYes();
  });
  return (
    <Text color="#FF8C00" bold wrap="truncate">
      {`${question} (y/n)`.slice(0, width)}
    </Text>
  );
}

/**
 * Reads a line. The text lives in a ref as well as in state: keys typed faster than React
 * re-renders (a paste, `kubectl`-speed typists, tests) all reach the handler before the next
 * render, and enter must submit what was typed, not the last rendered text.
 */
function LineInput({ prefix, initial = '', width, onSubmit, onClose }: { prefix: string; initial?: string; width: number; onSubmit(text: string): void; onClose(): void }) {
  const text = useRef(initial);
  const [shown, setShown] = useState(initial);
  const set = (next: string): void => {
    text.current = next;
    setShown(next);
  };
  useInput((input, key) => {
    if (key.escape) return onClose();
    if (key.return) {
      onClose();
      return onSubmit(text.current);
    }
    if (key.backspace || key.delete) return set(text.current.slice(0, -1));
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    // A chunk may end with the enter that submits it (a paste, or keys typed in one burst).
    const newline = input.search(/[\r\n]/);
    if (newline >= 0) {
      onClose();
      return onSubmit(text.current + input.slice(0, newline));
    }
    if (input) set(text.current + input);
  });
  const line = `${prefix}${shown}█`;
  return <Text wrap="truncate">{line.length <= width ? line : line.slice(line.length - width)}</Text>;
}

export function Prompt({ request, width, onClose }: PromptProps) {
  if (request.type === 'confirm') return <Confirm question={request.question} onYes={request.onYes} onClose={onClose} width={width} />;
  return <LineInput prefix={request.prefix} initial={request.initial} width={width} onSubmit={request.onSubmit} onClose={onClose} />;
}

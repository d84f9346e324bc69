/**
 * From a key press to a command: Ink's (input, key) pair is normalised to one key name (`j`,
 * `down`, `ctrl-d`, `shift-n`, `enter`, `esc`, `space`), then looked up in the bindings of the
 * active scopes, most specific first. Also generates the header hints and the `?` help text.
 */
import type { Key } from 'ink';
import { bindings, type Scope } from './bindings.js';
import { commands, type CommandId } from './commands.js';

/** The key's name, or undefined for keys no binding can name (a lone shift, a mouse report). */
export function keyName(input: string, key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageDown) return 'pagedown';
  if (key.pageUp) return 'pageup';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input.length === 1 && /[A-Z]/.test(input)) return `shift-${input.toLowerCase()}`;
  return input.length === 1 ? input : undefined;
}

/**
 * Every key of an input chunk. A terminal delivers keys typed faster than they are read (and
 * `tmux send-keys jj`, and a paste) as one string of plain characters, which Ink hands on whole:
 * `jj` is two downs, not an unknown key.
 */
export function keyNames(input: string, key: Key): string[] {
  // A chunk with an escape sequence in it (arrows, alt-keys) cannot be cut by characters.
  const isChunk = input.length > 1 && !key.ctrl && !key.meta && !key.escape && !input.includes('\x1b');
  if (!isChunk) {
    const name = keyName(input, key);
    return name === undefined ? [] : [name];
  }
  return [...input].flatMap((ch) => {
    const name = controlKeyName(ch) ?? keyName(ch, { ...key, return: false, tab: false, backspace: false, delete: false, shift: ch !== ch.toLowerCase() });
    return name === undefined ? [] : [name];
  });
}

/** The key a control character of a chunk stands for: `G` then ctrl-k read together arrive as `G\x0b`. */
function controlKeyName(ch: string): string | undefined {
  const code = ch.charCodeAt(0);
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === '\x7f' || ch === '\b') return 'backspace';
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  return undefined;
}

/** Commands that a chunk may repeat (`jjj`, `  ` marks): the others open a prompt or another view, which takes the rest. */
export function isRepeatable(id: CommandId): boolean {
  return (id.startsWith('nav.') && !['nav.enter', 'nav.back', 'nav.historyBack', 'nav.historyForward'].includes(id)) || id.startsWith('table.');
}

/** The command bound to a key in the given scopes (the last scope is the most specific). */
export function commandFor(scopes: readonly Scope[], name: string): CommandId | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const binding = bindings.find((b) => b.scope === scopes[i] && b.keys.includes(name));
    if (binding) return binding.command;
  }
  return undefined;
}

/** `ctrl-d` → `ctrl-d`, `shift-g` → `G`, as help screens write them. */
function displayKey(name: string): string {
  return name.startsWith('shift-') ? name.slice(6).toUpperCase() : name;
}

function displayKeys(keys: string[], separator: string): string {
  if (keys.length === 9 && keys[0] === '1' && keys[8] === '9') return '1-9';
  return keys.map(displayKey).join(separator);
}

/** Bindings in effect for the scopes (a key bound in a more specific scope hides the general one). */
function effective(scopes: readonly Scope[]): { keys: string[]; command: CommandId; isQuiet: boolean }[] {
  const taken = new Set<string>();
  const out: { keys: string[]; command: CommandId; isQuiet: boolean }[] = [];
  for (let i = scopes.length - 1; i >= 0; i--) {
    for (const b of bindings.filter((x) => x.scope === scopes[i])) {
      const keys = b.keys.filter((k) => !taken.has(k));
      keys.forEach((k) => taken.add(k));
      if (keys.length > 0) out.push({ keys, command: b.command, isQuiet: b.isQuiet ?? false });
    }
  }
  return out;
}

/** The header's hints: `[key, description]` of the scopes' commands, most specific first. */
export function hintsFor(scopes: readonly Scope[]): Array<[string, string]> {
  return effective(scopes)
    .filter((b) => !b.isQuiet)
    .map((b): [string, string] => [displayKeys(b.keys, '/'), commands[b.command].replace(/ \(.*\)$/, '')]);
}

/** The `?` help: every key of the scopes with its description, one per line, keys padded. */
export function helpLines(scopes: readonly Scope[]): string[] {
  const rows = effective(scopes).map((b) => [displayKeys(b.keys, ' '), commands[b.command]] as const);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, d]) => `${k.padEnd(width)}   ${d}`);
}

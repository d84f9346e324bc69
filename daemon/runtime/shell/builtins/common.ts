/**
 * What the simulated programs share: busybox-style option parsing (`-la`, `--`), messages
 * prefixed with the program's name as busybox prints them (`ls: /x: No such file or directory`),
 * and path resolution against the process's working directory. The programs imitate busybox, the
 * userland of the busybox and alpine images most labs use.
 */
import { errnoText, resolvePath, baseName } from '../../fs/paths.js';
import { VfsError } from '../../fs/vfs.js';
import type { ProcessContext } from '../../process.js';
import { isGnu } from '../userland.js';

/** busybox's usage banner (the busybox image of the Kubernetes 1.32 era). */
export const busyboxBanner = 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.';

export interface ParsedArgs {
  flags: Set<string>;
  /** Values of options that take one (`-n 5`, `-o file`). */
  values: Map<string, string>;
  operands: string[];
}

/** The name busybox prints before a message: the basename of argv[0]. */
export function appletOf(ctx: ProcessContext): string {
  return baseName(ctx.argv[0] ?? 'sh');
}

/** Writes `applet: message` to stderr (GNU programs name themselves by argv[0] as given). */
export function complain(ctx: ProcessContext, message: string): void {
  ctx.stderr(`${isGnu(ctx) ? (ctx.argv[0] ?? 'sh') : appletOf(ctx)}: ${message}\n`);
}

/** strerror of a filesystem error (rethrows anything else). */
export function errnoOf(error: unknown): string {
  if (error instanceof VfsError) return errnoText[error.code];
  throw error;
}

export function resolve(ctx: ProcessContext, path: string): string {
  return resolvePath(ctx.cwd, path);
}

/**
 * Parses getopt-style arguments: `flags` are single letters, `withValue` letters take an argument
 * (attached or next). Options stop at `--` or, unless `permute`, at the first operand. Returns the
 * unknown letter as a string when there is one (the caller prints busybox's usage error).
 */
export function parseArgs(args: readonly string[], flags: string, withValue = '', permute = true): ParsedArgs | string {
  const result: ParsedArgs = { flags: new Set(), values: new Map(), operands: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      result.operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      result.operands.push(arg);
      if (!permute) {
        result.operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (withValue.includes(letter)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return letter;
        result.values.set(letter, value);
        break;
      }
      if (!flags.includes(letter)) return letter;
      result.flags.add(letter);
    }
  }
  return result;
}

/** busybox's getopt error: `ls: unrecognized option: Z`, then exit 1. */
export function badOption(ctx: ProcessContext, letter: string): number {
  complain(ctx, `unrecognized option: ${letter}`);
  return 1;
}

/** Reads a named file, or stdin for `-` (and for no operand, when the caller passes '-'). */
export async function readInput(ctx: ProcessContext, name: string): Promise<string> {
  return name === '-' ? ctx.readStdin() : ctx.fs.readFile(resolve(ctx, name));
}

/** Splits text into lines, dropping the empty string after a final newline. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Redirections (`>`, `>>`, `<`, `2>&1`, `>&2`, `&>`, here-documents) applied to a command's
 * streams. Files are written as the command writes, so `>> /data/log` in a loop grows line by line.
 * Failures use busybox ash's texts: `can't create /x/y: nonexistent directory`,
 * `can't open /x: no such file`, or the errno text (`Read-only file system`, `Is a directory`).
 */
import type { Redirect } from './ast.js';
import { errnoText, resolvePath } from '../fs/paths.js';
import { VfsError, type VirtualFs } from '../fs/vfs.js';
import { InputStream, type ShellIo } from './io.js';

/** A redirection that could not be set up; the command does not run and its status is 2. */
export class RedirectError extends Error {}

export interface RedirectTarget {
  fs: VirtualFs;
  cwd: string;
  /** Expands a target word (no splitting). */
  expand(redirect: Redirect, heredoc: boolean): Promise<string>;
}

export async function applyRedirects(target: RedirectTarget, redirects: readonly Redirect[], io: ShellIo): Promise<ShellIo> {
  let result = io;
  for (const redirect of redirects) result = await applyOne(target, redirect, result);
  return result;
}

async function applyOne(target: RedirectTarget, redirect: Redirect, io: ShellIo): Promise<ShellIo> {
  const { op, fd } = redirect;
  if (op === '<<' || op === '<<-') return withInput(io, fd, InputStream.of(await target.expand(redirect, true)));
  const word = await target.expand(redirect, false);
  if (op === '>&' || op === '<&') {
    if (word === '-') return withOutput(io, fd, () => {});
    if (/^\d+$/.test(word)) return duplicate(io, fd, Number(word));
    // `>&file` is bash's (and ash's) spelling of `&>file`.
    if (op === '<&') throw new RedirectError(`${word}: bad fd number`);
  }
  if (op === '<' || op === '<>') return withInput(io, fd, InputStream.of(readInput(target, word)));
  const writer = openOutput(target, word, op === '>>', io);
  if (op === '&>' || op === '>&') return { ...io, stdout: writer, stderr: writer };
  return withOutput(io, fd, writer);
}

function openOutput(target: RedirectTarget, name: string, append: boolean, io: ShellIo): (data: string) => void {
  if (name === '/dev/stdout') return io.stdout;
  if (name === '/dev/stderr') return io.stderr;
  if (name === '/dev/null') return () => {};
  const path = resolvePath(target.cwd, name);
  try {
    target.fs.writeFile(path, '', { append });
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    const text = error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'nonexistent directory' : errnoText[error.code];
    throw new RedirectError(`can't create ${name}: ${text}`);
  }
  return (data) => target.fs.writeFile(path, data, { append: true });
}

function readInput(target: RedirectTarget, name: string): string {
  if (name === '/dev/null') return '';
  try {
    return target.fs.readFile(resolvePath(target.cwd, name));
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    const text = error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'no such file' : errnoText[error.code];
    throw new RedirectError(`can't open ${name}: ${text}`);
  }
}

function withOutput(io: ShellIo, fd: number, writer: (data: string) => void): ShellIo {
  if (fd === 1) return { ...io, stdout: writer };
  if (fd === 2) return { ...io, stderr: writer };
  return io;
}

function withInput(io: ShellIo, fd: number, stdin: InputStream): ShellIo {
  return fd === 0 ? { ...io, stdin } : io;
}

function duplicate(io: ShellIo, fd: number, from: number): ShellIo {
  if (from === 1) return withOutput(io, fd, io.stdout);
  if (from === 2) return withOutput(io, fd, io.stderr);
  if (from === 0 && fd === 0) return io;
  throw new RedirectError(`${from}: bad file descriptor`);
}

/**
 * Shell pattern matching (`*`, `?`, `[…]`, `[!…]`) for `case`, `${x%pattern}` and pathname
 * expansion, as fnmatch(3) does it. Quoted characters of a word match only themselves: callers
 * pass a pattern where such characters are escaped with a backslash.
 */
import { resolvePath } from '../fs/paths.js';
import type { VirtualFs } from '../fs/vfs.js';

/** Compiles a pattern; `anchored` false leaves the ends open for prefix/suffix removal. */
export function patternToRegExp(pattern: string, anchored = true): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === '*') source += '[^]*';
    else if (c === '?') source += '[^]';
    else if (c === '[') {
      const end = findClassEnd(pattern, i);
      if (end < 0) source += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        source += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = end;
      }
    } else source += escapeRegExp(c);
  }
  return new RegExp(anchored ? `^${source}$` : source, 's');
}

export function matchPattern(pattern: string, text: string): boolean {
  return patternToRegExp(pattern).test(text);
}

export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || (c === '[' && findClassEnd(pattern, i) > 0)) return true;
  }
  return false;
}

/**
 * Pathname expansion: the sorted paths matching the pattern, or [] when none does (the shell then
 * keeps the word as it was). Names starting with `.` match only a pattern that starts with `.`.
 */
export function expandPathname(fs: VirtualFs, cwd: string, pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let paths = [absolute ? '/' : ''];
  for (const segment of absolute ? segments.slice(1) : segments) {
    const next: string[] = [];
    for (const base of paths) {
      if (!hasGlobChars(segment)) {
        const path = join(base, unescape(segment));
        if (fs.stat(resolvePath(cwd, path))) next.push(path);
        continue;
      }
      const dir = resolvePath(cwd, base === '' ? '.' : base);
      if (fs.stat(dir)?.type !== 'dir') continue;
      const regexp = patternToRegExp(segment);
      for (const name of fs.readdir(dir)) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (regexp.test(name)) next.push(join(base, name));
      }
    }
    paths = next;
  }
  return paths.filter((p) => p !== '/' || pattern === '/').sort();
}

/** Joins without normalising, so a relative pattern gives relative paths (`config/a`). */
function join(base: string, name: string): string {
  if (base === '') return name;
  return base.endsWith('/') ? `${base}${name}` : `${base}/${name}`;
}

function findClassEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) if (pattern[i] === ']') return i;
  return -1;
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

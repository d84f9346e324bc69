/**
 * POSIX path helpers for the virtual filesystems, and the C library's text for each errno (what
 * `cat`, `ls` and the shell print after the colon). Paths inside a container are always absolute
 * and normalised before they reach a VirtualFs; nothing here looks at the host's filesystem.
 */
import { posix } from 'node:path';
import type { VfsErrorCode } from './vfs.js';

/** An empty segment (`//`), `.` or `..` as a segment, or a trailing slash: what normalising changes. */
const unnormalized = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

/** `/a/./b/../c/` → `/a/c`; the root stays `/`. */
export function normalizePath(path: string): string {
  // Nearly every path here is already normal (the runtime builds them): one regex test instead of
  // posix.normalize's walk and copy, which container start-up and every stat otherwise pay.
  if (path.charCodeAt(0) === 47 && !unnormalized.test(path)) return path;
  const normalized = posix.normalize(path.startsWith('/') ? path : `/${path}`);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** `child` under the normalised directory `dir`, for a name with no slash, `.` or `..` (no re-normalising). */
export function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Resolves a path a process typed against its working directory. */
export function resolvePath(cwd: string, path: string): string {
  return normalizePath(path.startsWith('/') ? path : posix.join(cwd, path));
}

export function parentOf(path: string): string {
  return posix.dirname(path);
}

export function baseName(path: string): string {
  return posix.basename(path);
}

export function joinPath(...parts: string[]): string {
  return normalizePath(posix.join(...parts));
}

/** The path's segments: `/a/b` → [`a`, `b`]; the root has none. */
export function segmentsOf(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

/** Whether `path` is `ancestor` or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(`${ancestor}/`);
}

/**
 * strerror() as glibc and musl print it (identical for these codes except EBUSY, where musl — the
 * libc of alpine and busybox:musl — says "Resource busy" and glibc "Device or resource busy").
 */
export const errnoText: Readonly<Record<VfsErrorCode, string>> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
  EROFS: 'Read-only file system',
  EBUSY: 'Resource busy',
  EINVAL: 'Invalid argument',
};

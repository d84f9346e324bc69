/**
 * Builds a filesystem from a map of files: a configMap or secret volume (one file per key, or per
 * `items[].path`), a downwardAPI volume, or an image's root filesystem. Kubernetes writes these
 * files through a timestamped directory and a `..data` symlink so that updates swap atomically;
 * here the files are plain, so `ls` shows only the keys (what a learner sees either way).
 */
import type { Clock } from '../../../shared/clock.js';
import { MemoryFs, defaultDirMode, defaultFileMode } from './memory-fs.js';
import { normalizePath, parentOf } from './paths.js';

export interface FileMapOptions {
  /** Directories that exist even when empty. */
  dirs?: readonly string[];
  /** Permission bits of each file (configMap/secret `defaultMode`, 0644 unless given). */
  mode?: number | ((path: string, data: string) => number);
  clock?: Pick<Clock, 'now'>;
}

/** Keys may be relative (`game.properties`) or absolute (`/etc/nginx/nginx.conf`). */
export function fsFromFiles(files: Readonly<Record<string, string>>, options: FileMapOptions = {}): MemoryFs {
  const fs = new MemoryFs({ clock: options.clock });
  for (const dir of options.dirs ?? []) fs.mkdir(normalizePath(dir), { recursive: true, mode: defaultDirMode });
  for (const [key, data] of Object.entries(files)) {
    const path = normalizePath(key);
    fs.mkdir(parentOf(path), { recursive: true });
    const mode = typeof options.mode === 'function' ? options.mode(path, data) : (options.mode ?? defaultFileMode);
    fs.writeFile(path, data, { mode });
  }
  return fs;
}

const binaryDirs = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);

/**
 * The mode an image file gets when the image gives only contents: executables (files in the bin
 * directories, ELF binaries, scripts with a `#!` line) are 0755, everything else 0644.
 */
export function imageFileMode(path: string, data: string): number {
  if (binaryDirs.has(parentOf(path)) || data.startsWith('\x7fELF') || data.startsWith('#!')) return 0o755;
  return defaultFileMode;
}

/**
 * A container's root filesystem as overlayfs builds it: the image's files as a shared read-only
 * lower layer, a per-container writable upper layer, and whiteouts for what the container deleted.
 * Writes copy a lower file (and its parent directories) up first. Throwing the upper layer away is
 * what a container restart does (the kubelet creates a new container, so its writes are gone);
 * the lower layer is shared by every container of the image and never changes.
 */
import type { Clock } from '../../../shared/clock.js';
import { MemoryFs } from './memory-fs.js';
import { childPath, isWithin, joinPath, normalizePath, parentOf, segmentsOf } from './paths.js';
import { moveAcross } from './tree-copy.js';
import { VfsError, type VfsStat, type VirtualFs } from './vfs.js';

export class OverlayFs implements VirtualFs {
  private readonly upper: MemoryFs;
  /** Paths whose lower-layer entry (and everything below it) is hidden. */
  private readonly whiteouts = new Set<string>();

  constructor(
    private readonly lower: VirtualFs,
    options: { clock?: Pick<Clock, 'now'> } = {},
  ) {
    this.upper = new MemoryFs({ clock: options.clock });
  }

  readFile(path: string): string {
    const p = this.checkWalk(path);
    const stat = this.stat(p);
    if (!stat) throw new VfsError('ENOENT', path);
    if (stat.type === 'dir') throw new VfsError('EISDIR', path);
    return this.upper.stat(p) ? this.upper.readFile(p) : this.lower.readFile(p);
  }

  writeFile(path: string, data: string, options: { append?: boolean } = {}): void {
    const p = this.checkParentDir(path);
    const upperStat = this.upper.stat(p);
    const stat = upperStat ?? (this.lowerVisible(p) ? this.lower.stat(p) : undefined);
    if (stat?.type === 'dir') throw new VfsError('EISDIR', path);
    const copiedUp = !upperStat && stat;
    this.copyUpDirs(parentOf(p));
    const mode = copiedUp ? stat.mode : undefined;
    const content = options.append && copiedUp ? this.lower.readFile(p) + data : data;
    this.upper.writeFile(p, content, { append: options.append && !copiedUp, mode });
    this.whiteouts.delete(p);
  }

  mkdir(path: string, options: { recursive?: boolean } = {}): void {
    const p = normalizePath(path);
    if (options.recursive) {
      let current = '/';
      for (const segment of segmentsOf(p)) {
        current = childPath(current, segment);
        const stat = this.stat(current);
        if (stat?.type === 'file') throw new VfsError(current === p ? 'EEXIST' : 'ENOTDIR', path);
        // The walk has just checked every parent: no second walk from the root per level.
        if (!stat) this.createDir(current);
      }
      return;
    }
    this.checkParentDir(p);
    if (this.stat(p)) throw new VfsError('EEXIST', path);
    this.createDir(p);
  }

  /** Makes the directory p, whose parent exists and p does not. */
  private createDir(p: string): void {
    this.copyUpDirs(parentOf(p));
    this.upper.mkdir(p);
    this.unhide(p);
  }

  readdir(path: string): string[] {
    const p = this.checkWalk(path);
    const stat = this.stat(p);
    if (!stat) throw new VfsError('ENOENT', path);
    if (stat.type !== 'dir') throw new VfsError('ENOTDIR', path);
    const names = new Set(this.upper.stat(p)?.type === 'dir' ? this.upper.readdir(p) : []);
    if (this.lowerVisible(p) && this.lower.stat(p)?.type === 'dir' && this.upper.stat(p)?.type !== 'file') {
      for (const name of this.lower.readdir(p)) if (!this.whiteouts.has(joinPath(p, name))) names.add(name);
    }
    return [...names].sort();
  }

  stat(path: string): VfsStat | undefined {
    const p = normalizePath(path);
    const upper = this.upper.stat(p);
    if (upper) return upper;
    return this.lowerVisible(p) ? this.lower.stat(p) : undefined;
  }

  unlink(path: string): void {
    const p = this.checkWalk(path);
    const stat = this.stat(p);
    if (!stat) throw new VfsError('ENOENT', path);
    if (stat.type === 'dir') throw new VfsError('EISDIR', path);
    this.remove(p);
  }

  rmdir(path: string, options: { recursive?: boolean } = {}): void {
    const p = this.checkWalk(path);
    if (p === '/') throw new VfsError('EBUSY', path);
    const stat = this.stat(p);
    if (!stat) throw new VfsError('ENOENT', path);
    if (stat.type !== 'dir') throw new VfsError('ENOTDIR', path);
    if (!options.recursive && this.readdir(p).length > 0) throw new VfsError('ENOTEMPTY', path);
    this.remove(p);
  }

  rename(from: string, to: string): void {
    this.checkWalk(from);
    this.checkParentDir(to);
    if (normalizePath(from) === normalizePath(to)) return;
    moveAcross(this, from, this, to);
  }

  private remove(p: string): void {
    if (this.upper.stat(p)) {
      if (this.upper.stat(p)?.type === 'dir') this.upper.rmdir(p, { recursive: true });
      else this.upper.unlink(p);
    }
    if (this.lowerVisible(p) && this.lower.stat(p)) this.whiteouts.add(p);
  }

  /** A directory re-created over a deleted lower one is opaque: the old lower entries stay hidden. */
  private unhide(p: string): void {
    if (!this.whiteouts.delete(p)) return;
    if (this.lower.stat(p)?.type === 'dir') for (const name of this.lower.readdir(p)) this.whiteouts.add(joinPath(p, name));
  }

  private lowerVisible(p: string): boolean {
    if (this.whiteouts.size === 0) return true;
    for (const hidden of this.whiteouts) if (isWithin(p, hidden)) return false;
    return true;
  }

  /** Makes the upper layer hold every directory on the way to p, as overlayfs copies up parents. */
  private copyUpDirs(p: string): void {
    // Usually the whole parent is in the upper layer already (a second file in /etc): one lookup.
    if (this.upper.isDirectory(p)) return;
    let current = '/';
    for (const segment of segmentsOf(p)) {
      current = childPath(current, segment);
      if (this.upper.stat(current)) continue;
      const mode = this.lower.stat(current)?.mode;
      this.upper.mkdir(current, { mode });
    }
  }

  /** Throws ENOENT/ENOTDIR when a directory on the way to path is missing or a file. */
  private checkWalk(path: string): string {
    const p = normalizePath(path);
    // A parent directory in the upper layer has every ancestor there too, and upper entries are
    // never hidden: nothing to check level by level (the usual case once a directory was written).
    const slash = p.lastIndexOf('/');
    if (slash > 0 && this.upper.isDirectory(p.slice(0, slash))) return p;
    let current = '/';
    const segments = segmentsOf(p);
    for (const segment of segments.slice(0, -1)) {
      current = childPath(current, segment);
      const stat = this.stat(current);
      if (!stat) throw new VfsError('ENOENT', path);
      if (stat.type !== 'dir') throw new VfsError('ENOTDIR', path);
    }
    return p;
  }

  private checkParentDir(path: string): string {
    const p = this.checkWalk(path);
    if (p === '/') throw new VfsError('EISDIR', path);
    return p;
  }
}

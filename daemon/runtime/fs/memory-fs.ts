/**
 * An in-memory VirtualFs: a tree of directories and text files with POSIX errors (ENOENT for a
 * missing parent, ENOTDIR through a file, EISDIR when reading a directory, ENOTEMPTY…). It backs
 * every volume (emptyDir, hostPath, PVC data), a container's writable layer and its image layer.
 * It holds no host paths: it is a JavaScript object and nothing else. No symlinks, owners or
 * permission checks (every process runs as root, which may do anything but write read-only mounts).
 */
import type { Clock } from '../../../shared/clock.js';
import { normalizePath, segmentsOf } from './paths.js';
import { VfsError, type VfsStat, type VirtualFs } from './vfs.js';

interface FileNode {
  type: 'file';
  data: string;
  mode: number;
  mtimeMs: number;
}

interface DirNode {
  type: 'dir';
  children: Map<string, Node>;
  mode: number;
  mtimeMs: number;
}

type Node = FileNode | DirNode;

export const defaultFileMode = 0o644;
export const defaultDirMode = 0o755;

export interface MemoryFsOptions {
  /** Where modification times come from; files are stamped 0 (1970) without one. */
  clock?: Pick<Clock, 'now'>;
}

export class MemoryFs implements VirtualFs {
  private readonly root: DirNode;
  private readonly clock?: Pick<Clock, 'now'>;

  constructor(options: MemoryFsOptions = {}) {
    this.clock = options.clock;
    this.root = { type: 'dir', children: new Map(), mode: defaultDirMode, mtimeMs: this.now() };
  }

  readFile(path: string): string {
    const node = this.lookup(path);
    if (node.type === 'dir') throw new VfsError('EISDIR', path);
    return node.data;
  }

  writeFile(path: string, data: string, options: { append?: boolean; mode?: number } = {}): void {
    const { parent, name } = this.parentOf(path);
    const existing = parent.children.get(name);
    if (existing?.type === 'dir') throw new VfsError('EISDIR', path);
    const now = this.now();
    if (existing) {
      existing.data = options.append ? existing.data + data : data;
      existing.mtimeMs = now;
      if (options.mode !== undefined) existing.mode = options.mode;
    } else {
      parent.children.set(name, { type: 'file', data, mode: options.mode ?? defaultFileMode, mtimeMs: now });
      parent.mtimeMs = now;
    }
  }

  mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): void {
    const normalized = normalizePath(path);
    if (options.recursive) {
      let dir = this.root;
      const segments = segmentsOf(normalized);
      for (const [i, segment] of segments.entries()) {
        const child = dir.children.get(segment);
        // mkdir -p over a file: EEXIST for the last component, ENOTDIR for one on the way.
        if (child?.type === 'file') throw new VfsError(i === segments.length - 1 ? 'EEXIST' : 'ENOTDIR', path);
        if (child) {
          dir = child;
          continue;
        }
        const created: DirNode = { type: 'dir', children: new Map(), mode: options.mode ?? defaultDirMode, mtimeMs: this.now() };
        dir.children.set(segment, created);
        dir = created;
      }
      return;
    }
    const { parent, name } = this.parentOf(path);
    if (parent.children.has(name)) throw new VfsError('EEXIST', path);
    parent.children.set(name, { type: 'dir', children: new Map(), mode: options.mode ?? defaultDirMode, mtimeMs: this.now() });
    parent.mtimeMs = this.now();
  }

  readdir(path: string): string[] {
    const node = this.lookup(path);
    if (node.type !== 'dir') throw new VfsError('ENOTDIR', path);
    return [...node.children.keys()].sort();
  }

  stat(path: string): VfsStat | undefined {
    const node = this.find(path);
    if (!node) return undefined;
    return {
      type: node.type,
      size: node.type === 'file' ? Buffer.byteLength(node.data) : 4096,
      mode: node.mode,
      mtimeMs: node.mtimeMs,
    };
  }

  /** Whether path is a directory here (stat without building the stat). */
  isDirectory(path: string): boolean {
    return this.find(path)?.type === 'dir';
  }

  unlink(path: string): void {
    const { parent, name } = this.parentOf(path);
    const node = parent.children.get(name);
    if (!node) throw new VfsError('ENOENT', path);
    if (node.type === 'dir') throw new VfsError('EISDIR', path);
    parent.children.delete(name);
    parent.mtimeMs = this.now();
  }

  rmdir(path: string, options: { recursive?: boolean } = {}): void {
    if (normalizePath(path) === '/') throw new VfsError('EBUSY', path);
    const { parent, name } = this.parentOf(path);
    const node = parent.children.get(name);
    if (!node) throw new VfsError('ENOENT', path);
    if (node.type !== 'dir') throw new VfsError('ENOTDIR', path);
    if (node.children.size > 0 && !options.recursive) throw new VfsError('ENOTEMPTY', path);
    parent.children.delete(name);
    parent.mtimeMs = this.now();
  }

  rename(from: string, to: string): void {
    const source = this.parentOf(from);
    const node = source.parent.children.get(source.name);
    if (!node) throw new VfsError('ENOENT', from);
    const target = this.parentOf(to);
    const fromPath = normalizePath(from);
    const toPath = normalizePath(to);
    if (fromPath === toPath) return;
    if (node.type === 'dir' && toPath.startsWith(`${fromPath}/`)) throw new VfsError('EINVAL', to);
    const existing = target.parent.children.get(target.name);
    if (existing) {
      if (node.type === 'dir' && existing.type !== 'dir') throw new VfsError('ENOTDIR', to);
      if (node.type === 'file' && existing.type === 'dir') throw new VfsError('EISDIR', to);
      if (existing.type === 'dir' && existing.children.size > 0) throw new VfsError('ENOTEMPTY', to);
    }
    source.parent.children.delete(source.name);
    target.parent.children.set(target.name, node);
    source.parent.mtimeMs = target.parent.mtimeMs = this.now();
  }

  /** Sets a path's permission bits (chmod); image layers use it for executables. */
  chmod(path: string, mode: number): void {
    this.lookup(path).mode = mode;
  }

  private now(): number {
    return this.clock?.now() ?? 0;
  }

  /**
   * The node at path, or undefined (missing, or below a file). Walks the path's segments in place
   * rather than splitting it into an array: a container's start walks these trees a hundred times.
   */
  private find(path: string): Node | undefined {
    const p = normalizePath(path);
    let node: Node = this.root;
    for (let start = 1; start < p.length; ) {
      if (node.type !== 'dir') return undefined;
      let end = p.indexOf('/', start);
      if (end < 0) end = p.length;
      const child: Node | undefined = node.children.get(p.slice(start, end));
      if (!child) return undefined;
      node = child;
      start = end + 1;
    }
    return node;
  }

  /** The node at path, or the errno a walk to it meets (ENOENT, or ENOTDIR through a file). */
  private lookup(path: string): Node {
    const node = this.find(path);
    if (node) return node;
    // The rare failure: walk again to tell a missing entry from a file on the way.
    let current: Node = this.root;
    for (const segment of segmentsOf(normalizePath(path))) {
      if (current.type !== 'dir') throw new VfsError('ENOTDIR', path);
      const child: Node | undefined = current.children.get(segment);
      if (!child) throw new VfsError('ENOENT', path);
      current = child;
    }
    return current;
  }

  private parentOf(path: string): { parent: DirNode; name: string } {
    const p = normalizePath(path);
    if (p === '/') throw new VfsError('EBUSY', path);
    const slash = p.lastIndexOf('/');
    // A missing or non-directory parent is reported with the parent's path, as its lookup names it.
    const parent = this.lookup(slash === 0 ? '/' : p.slice(0, slash));
    if (parent.type !== 'dir') throw new VfsError('ENOTDIR', path);
    return { parent, name: p.slice(slash + 1) };
  }
}

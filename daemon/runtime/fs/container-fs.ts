/**
 * The filesystem a container sees: its image's files under a writable layer (overlay-fs.ts), the
 * pod's volumes mounted over it (emptyDir, hostPath, PVC, configMap, secret… each just another
 * VirtualFs, optionally read-only → EROFS, optionally a subPath of the volume), `/proc` with the
 * container's processes, and `/dev/null`. The kubelet builds a new view for every container it
 * starts, so a restart loses what the container wrote outside its volumes, while the volumes live
 * on. Errors carry the path as the container named it, never a path inside a volume.
 */
import type { Clock } from '../../../shared/clock.js';
import type { Mount } from '../container.js';
import { fsFromFiles, imageFileMode } from './file-map.js';
import { OverlayFs } from './overlay-fs.js';
import { baseName, childPath, isWithin, normalizePath, parentOf } from './paths.js';
import { ProcessTable } from './proc-fs.js';
import { moveAcross } from './tree-copy.js';
import { VfsError, type VfsStat, type VirtualFs } from './vfs.js';

export interface ImageFiles {
  /** Regular files by absolute path. */
  files: Readonly<Record<string, string>>;
  /** Directories that exist even when empty. */
  dirs?: readonly string[];
}

export interface ContainerFsOptions {
  image: ImageFiles;
  mounts?: readonly Mount[];
  clock?: Pick<Clock, 'now'>;
  /** A process table shared with another container (one PID namespace); a fresh one when absent. */
  processes?: ProcessTable;
}

interface Resolved {
  fs: VirtualFs;
  path: string;
  mount?: Mount;
}

const devNull = '/dev/null';
/** Directories every container has, whatever its image (the runtime creates them). */
const skeletonDirs = ['/dev', '/etc', '/proc', '/sys', '/tmp'];

/** One lower layer per image, shared by all its containers (a WeakMap: unused images are freed). */
const imageLayers = new WeakMap<ImageFiles['files'], VirtualFs>();

function imageLayer(image: ImageFiles, clock?: Pick<Clock, 'now'>): VirtualFs {
  let layer = imageLayers.get(image.files);
  if (!layer) {
    layer = fsFromFiles(image.files, { dirs: [...skeletonDirs, ...(image.dirs ?? [])], mode: imageFileMode, clock });
    imageLayers.set(image.files, layer);
  }
  return layer;
}

export class ContainerFs implements VirtualFs {
  readonly processes: ProcessTable;
  private readonly root: OverlayFs;
  /** Deepest mount first, so /a/b wins over /a. */
  private readonly mounts: Mount[];

  constructor(options: ContainerFsOptions) {
    this.processes = options.processes ?? new ProcessTable();
    this.root = new OverlayFs(imageLayer(options.image, options.clock), { clock: options.clock });
    this.root.writeFile(devNull, '');
    // /proc is mounted read-write, as in a real container; its files refuse writes themselves (EACCES).
    const proc: Mount = { mountPath: '/proc', fs: this.processes, source: '/', readOnly: false };
    this.mounts = [...(options.mounts ?? []), proc]
      .map((m) => ({ ...m, mountPath: normalizePath(m.mountPath), source: normalizePath(m.source) }))
      .sort((a, b) => b.mountPath.length - a.mountPath.length);
    for (const mount of [...this.mounts].reverse()) this.createMountPoint(mount);
  }

  readFile(path: string): string {
    if (normalizePath(path) === devNull) return '';
    return this.on(path, (r) => r.fs.readFile(r.path));
  }

  writeFile(path: string, data: string, options?: { append?: boolean }): void {
    if (normalizePath(path) === devNull) return;
    this.on(path, (r) => {
      this.checkWritable(r, path);
      r.fs.writeFile(r.path, data, options);
    });
  }

  mkdir(path: string, options?: { recursive?: boolean }): void {
    this.on(path, (r) => {
      const existing = r.fs.stat(r.path);
      if (existing?.type === 'dir' && options?.recursive) return;
      if (existing) throw new VfsError('EEXIST', path);
      this.checkWritable(r, path);
      r.fs.mkdir(r.path, options);
    });
  }

  readdir(path: string): string[] {
    const p = normalizePath(path);
    const names = new Set(this.on(p, (r) => r.fs.readdir(r.path)));
    for (const mount of this.mounts) if (mount.mountPath !== '/' && parentOf(mount.mountPath) === p) names.add(baseName(mount.mountPath));
    return [...names].sort();
  }

  stat(path: string): VfsStat | undefined {
    const p = normalizePath(path);
    if (p === devNull) return { type: 'file', size: 0, mode: 0o666, mtimeMs: 0 };
    const r = this.resolve(p);
    return r.fs.stat(r.path);
  }

  unlink(path: string): void {
    this.on(path, (r) => {
      if (!r.fs.stat(r.path)) throw new VfsError('ENOENT', path);
      this.checkRemovable(r, path);
      r.fs.unlink(r.path);
    });
  }

  rmdir(path: string, options?: { recursive?: boolean }): void {
    const p = normalizePath(path);
    this.on(p, (r) => {
      if (!r.fs.stat(r.path)) throw new VfsError('ENOENT', path);
      this.checkRemovable(r, path);
      if (options?.recursive && this.mounts.some((m) => m.mountPath !== p && isWithin(m.mountPath, p))) throw new VfsError('EBUSY', path);
      r.fs.rmdir(r.path, options);
    });
  }

  rename(from: string, to: string): void {
    const source = this.resolve(from);
    const target = this.resolve(to);
    this.on(from, () => {
      if (!source.fs.stat(source.path)) throw new VfsError('ENOENT', from);
      this.checkRemovable(source, from);
    });
    this.on(to, () => this.checkRemovable(target, to));
    // rename(2) across mounts fails with EXDEV and mv falls back to copy + delete; do that here.
    this.on(to, () => (source.fs === target.fs ? source.fs.rename(source.path, target.path) : moveAcross(source.fs, source.path, target.fs, target.path)));
  }

  private resolve(path: string): Resolved {
    const p = normalizePath(path);
    for (const mount of this.mounts) {
      if (!isWithin(p, mount.mountPath)) continue;
      const rest = mount.mountPath === '/' ? p : p.slice(mount.mountPath.length);
      // Both parts are normal already (rest starts with a slash): concatenating is joining.
      return { fs: mount.fs, path: !rest ? mount.source : mount.source === '/' ? rest : mount.source + rest, mount };
    }
    return { fs: this.root, path: p };
  }

  /** Runs an operation on the resolved path and reports errors with the container's path. */
  private on<T>(path: string, operation: (resolved: Resolved) => T): T {
    try {
      return operation(this.resolve(path));
    } catch (error) {
      if (error instanceof VfsError && error.path !== path) throw new VfsError(error.code, path);
      throw error;
    }
  }

  private checkWritable(r: Resolved, path: string): void {
    if (r.mount?.readOnly) throw new VfsError('EROFS', path);
  }

  /** A mount point cannot be removed or renamed while mounted (EBUSY), nor anything in a read-only mount. */
  private checkRemovable(r: Resolved, path: string): void {
    if (r.mount && normalizePath(path) === r.mount.mountPath) throw new VfsError('EBUSY', path);
    this.checkWritable(r, path);
  }

  /**
   * As runc does: the mount point is created in the root filesystem (a directory, or an empty file
   * for a file subPath), and a missing subPath is created in a writable volume (the kubelet does).
   */
  private createMountPoint(mount: Mount): void {
    if (mount.mountPath === '/') return;
    let sourceType = mount.fs.stat(mount.source)?.type;
    if (!sourceType && !mount.readOnly) {
      mount.fs.mkdir(mount.source, { recursive: true });
      sourceType = 'dir';
    }
    const parentPath = parentOf(mount.mountPath);
    // Mounts are created shallowest first, so the parent resolves to the root or an outer mount.
    const parent = this.resolve(parentPath);
    const point = childPath(parent.path, baseName(mount.mountPath));
    if (parent.mount?.readOnly || parent.fs.stat(point)) return;
    this.mkdir(parentPath, { recursive: true });
    if (sourceType === 'file') parent.fs.writeFile(point, '');
    else parent.fs.mkdir(point);
  }
}

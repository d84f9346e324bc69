/**
 * Whole-tree operations written against the VirtualFs interface, so they work between any two
 * filesystems: a rename that crosses a mount (what `mv` does when rename(2) says EXDEV: copy, then
 * delete), `cp -r`, and copy-up of a file from an image layer into the writable layer.
 */
import { joinPath, normalizePath } from './paths.js';
import { VfsError, type VirtualFs } from './vfs.js';

/** Copies a file or a directory tree; an existing target directory is merged into, files are overwritten. */
export function copyTree(source: VirtualFs, from: string, target: VirtualFs, to: string): void {
  const stat = source.stat(from);
  if (!stat) throw new VfsError('ENOENT', from);
  if (stat.type === 'file') {
    target.writeFile(to, source.readFile(from));
    return;
  }
  const existing = target.stat(to);
  if (existing?.type === 'file') throw new VfsError('ENOTDIR', to);
  if (!existing) target.mkdir(to);
  for (const name of source.readdir(from)) copyTree(source, joinPath(from, name), target, joinPath(to, name));
}

/** Deletes a file or a directory tree. */
export function removeTree(fs: VirtualFs, path: string): void {
  const stat = fs.stat(path);
  if (!stat) throw new VfsError('ENOENT', path);
  if (stat.type === 'file') fs.unlink(path);
  else fs.rmdir(path, { recursive: true });
}

/**
 * rename(2) semantics across two filesystems: the same type checks as a rename, then copy and
 * delete. A directory may only replace an empty directory.
 */
export function moveAcross(source: VirtualFs, from: string, target: VirtualFs, to: string): void {
  const stat = source.stat(from);
  if (!stat) throw new VfsError('ENOENT', from);
  const existing = target.stat(to);
  if (existing) {
    if (stat.type === 'dir' && existing.type !== 'dir') throw new VfsError('ENOTDIR', to);
    if (stat.type === 'file' && existing.type === 'dir') throw new VfsError('EISDIR', to);
    if (existing.type === 'dir' && target.readdir(to).length > 0) throw new VfsError('ENOTEMPTY', to);
  }
  if (source === target && stat.type === 'dir' && normalizePath(to).startsWith(`${normalizePath(from)}/`)) throw new VfsError('EINVAL', to);
  copyTree(source, from, target, to);
  removeTree(source, from);
}

/**
 * The interface of a container's virtual filesystem (the implementation is in this folder). Paths
 * are absolute POSIX paths inside the container. Errors are VfsError with the errno code a shell
 * reports (`ENOENT` → "No such file or directory").
 */

export type VfsErrorCode = 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EACCES' | 'EROFS' | 'EBUSY' | 'EINVAL';

export class VfsError extends Error {
  constructor(
    readonly code: VfsErrorCode,
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
  }
}

export interface VfsStat {
  type: 'file' | 'dir';
  size: number;
  mode: number;
  mtimeMs: number;
}

export interface VirtualFs {
  readFile(path: string): string;
  writeFile(path: string, data: string, options?: { append?: boolean }): void;
  mkdir(path: string, options?: { recursive?: boolean }): void;
  readdir(path: string): string[];
  stat(path: string): VfsStat | undefined;
  unlink(path: string): void;
  rmdir(path: string, options?: { recursive?: boolean }): void;
  rename(from: string, to: string): void;
}

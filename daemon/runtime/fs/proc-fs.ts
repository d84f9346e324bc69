/**
 * A container's process table and the `/proc` it shows: one directory per PID with `cmdline`
 * (arguments separated by NUL, as the kernel writes it), `comm` and `status`. PIDs count from 1 in
 * each container, as in a fresh PID namespace; `ps` reads them from here. The runtime adds a
 * process when it starts one (the main process first, so it is PID 1) and removes it when it ends.
 * Read-only: writing here is EACCES, as for most of the real /proc. As the namespace, it also
 * routes kill(2) to the container whose process a PID is: with `shareProcessNamespace` or a
 * debug container's `--target`, a shell signals the processes of its pod's other containers.
 */
import { baseName, normalizePath, segmentsOf } from './paths.js';
import { VfsError, type VfsStat, type VirtualFs } from './vfs.js';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  argv: readonly string[];
  /** Cluster time the process started, in ms. */
  startedAt: number;
  /** The user it runs as: root, except the sandbox's /pause (65535). */
  uid?: number;
}

const processFiles = ['cmdline', 'comm', 'status'];
/** The pause image runs as 65535:65535 (its Dockerfile's USER). */
const pauseUid = 65535;

/**
 * The PID namespace of a pod with `shareProcessNamespace: true`: the sandbox's `/pause` is PID 1
 * and every container's processes join it (so none of them is PID 1, as on a real node).
 */
export function podPidNamespace(startedAt: number): ProcessTable {
  const table = new ProcessTable();
  table.add(['/pause'], startedAt, 0, pauseUid);
  return table;
}

export class ProcessTable implements VirtualFs {
  private readonly entries = new Map<number, ProcessEntry>();
  private readonly signalTargets = new Map<number, (signal: string) => void>();
  private nextPid = 1;

  /** Registers a process and returns its PID. */
  add(argv: readonly string[], startedAt: number, ppid = 0, uid?: number): number {
    const pid = this.nextPid++;
    this.entries.set(pid, { pid, ppid, argv: [...argv], startedAt, ...(uid !== undefined ? { uid } : {}) });
    return pid;
  }

  remove(pid: number): void {
    this.entries.delete(pid);
    this.signalTargets.delete(pid);
  }

  /** Where a signal to pid goes: its container's runtime, which registers each process it starts. */
  onSignal(pid: number, deliver: (signal: string) => void): void {
    if (this.entries.has(pid)) this.signalTargets.set(pid, deliver);
  }

  /**
   * kill(2) in the namespace: false when no process has that PID (ESRCH). A process no runtime
   * delivers to (the sandbox's /pause) takes the signal and goes on.
   */
  signal(pid: number, signal: string): boolean {
    if (!this.entries.has(pid)) return false;
    this.signalTargets.get(pid)?.(signal);
    return true;
  }

  list(): ProcessEntry[] {
    return [...this.entries.values()].sort((a, b) => a.pid - b.pid);
  }

  readFile(path: string): string {
    const { entry, file } = this.locate(path);
    if (!entry) throw new VfsError('ENOENT', path);
    if (!file) throw new VfsError('EISDIR', path);
    const comm = baseName(entry.argv[0] ?? '').slice(0, 15);
    if (file === 'cmdline') return entry.argv.map((arg) => `${arg}\0`).join('');
    if (file === 'comm') return `${comm}\n`;
    const uid = entry.uid ?? 0;
    return `Name:\t${comm}\nState:\tS (sleeping)\nPid:\t${entry.pid}\nPPid:\t${entry.ppid}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${uid}\t${uid}\t${uid}\t${uid}\n`;
  }

  readdir(path: string): string[] {
    const segments = segmentsOf(normalizePath(path));
    if (segments.length === 0) return this.list().map((e) => String(e.pid));
    const { entry, file } = this.locate(path);
    if (!entry) throw new VfsError('ENOENT', path);
    if (file) throw new VfsError('ENOTDIR', path);
    return [...processFiles];
  }

  stat(path: string): VfsStat | undefined {
    const segments = segmentsOf(normalizePath(path));
    if (segments.length === 0) return { type: 'dir', size: 0, mode: 0o555, mtimeMs: 0 };
    const { entry, file } = this.locate(path);
    if (!entry) return undefined;
    if (!file) return { type: 'dir', size: 0, mode: 0o555, mtimeMs: entry.startedAt };
    return { type: 'file', size: 0, mode: 0o444, mtimeMs: entry.startedAt };
  }

  writeFile(path: string): void {
    throw new VfsError('EACCES', path);
  }

  mkdir(path: string): void {
    throw new VfsError('EACCES', path);
  }

  unlink(path: string): void {
    throw new VfsError('EACCES', path);
  }

  rmdir(path: string): void {
    throw new VfsError('EACCES', path);
  }

  rename(from: string): void {
    throw new VfsError('EACCES', from);
  }

  /** `/7/status` → the entry of PID 7 and `status`; an unknown PID or file gives no entry. */
  private locate(path: string): { entry?: ProcessEntry; file?: string } {
    const [pidText, file, ...rest] = segmentsOf(normalizePath(path));
    const entry = /^\d+$/.test(pidText ?? '') ? this.entries.get(Number(pidText)) : undefined;
    if (!entry || rest.length > 0 || (file !== undefined && !processFiles.includes(file))) return {};
    return { entry, file };
  }
}

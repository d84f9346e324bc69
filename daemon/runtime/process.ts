/**
 * What a simulated process is: a program (an async function) run with a context that gives it
 * everything a process on a node would have — argv, environment, a working directory on the
 * container's virtual filesystem, stdout/stderr (the container log), stdin, a termination signal,
 * the cluster clock and the pod's network. Nothing here reaches the host: no host processes, no
 * host files, no host sockets (DESIGN "Runtime"). Images (images/catalog.ts) map binaries to
 * programs; the shell (shell/) runs command lines by resolving argv[0] through the same table.
 */
import type { Clock } from '../../shared/clock.js';
import type { VirtualFs } from './fs/vfs.js';
import type { PodNetwork } from './network.js';

export interface ProcessContext {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  fs: VirtualFs;
  stdout(data: string): void;
  stderr(data: string): void;
  /** Reads stdin to its end; resolves '' when there is none (containers run without stdin). */
  readStdin(): Promise<string>;
  /** Aborted when the process is asked to stop (SIGTERM); a program that ignores it is killed. */
  signal: AbortSignal;
  clock: Clock;
  net: PodNetwork;
  /** Runs another program of the same container (how a shell runs `ls`), sharing fs and network. */
  spawn(argv: string[], overrides?: Partial<Pick<ProcessContext, 'env' | 'cwd' | 'stdout' | 'stderr' | 'readStdin'>>): Promise<number>;
  /** The hostname the process sees: the pod name. */
  hostname: string;
}

/** A program: resolves to its exit code (0 success; 126/127 as a shell reports them). */
export type Program = (ctx: ProcessContext) => Promise<number>;

/** Binaries a container image provides, by name (`nginx`, `sh`, `echo`, …). */
export type ProgramTable = ReadonlyMap<string, Program>;

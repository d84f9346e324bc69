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
import type { ProcessDns } from './dns/stub-resolver.js';
import type { PodNetwork } from './network.js';
import type { Terminal } from './tty/terminal.js';

export interface ProcessContext {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  fs: VirtualFs;
  stdout(data: string): void;
  stderr(data: string): void;
  /** Reads stdin to its end; resolves '' when there is none (containers run without stdin). */
  readStdin(): Promise<string>;
  /**
   * Present only when stdin is a terminal (`kubectl exec -it`): the next line typed, without its
   * newline, or undefined at the end of input. A shell started without a script prompts and reads
   * with it. The terminal side echoes what is typed; the program does not.
   */
  readLine?(): Promise<string | undefined>;
  /**
   * Present when stdin is a live stream (`kubectl exec -i`, a terminal): the next line as it
   * arrives, with its newline (the last may lack it), or undefined at the end. A shell reading its
   * script from stdin runs each command as soon as its line is complete.
   */
  readStdinLine?(): Promise<string | undefined>;
  /** The controlling terminal (`kubectl exec -it`): window size and Ctrl-C; absent without a tty. */
  terminal?: Terminal;
  /**
   * Aborted when the process is asked to stop (SIGTERM); a program that ignores it is killed. The
   * abort reason is the signal's name: `SIGTERM`, or the image's STOPSIGNAL (`SIGQUIT` for nginx).
   */
  signal: AbortSignal;
  /**
   * Aborted when the process is killed (SIGKILL, the end of the grace period): the program must
   * stop at once, and whatever it returns the runtime reports 137. Optional for callers that
   * cannot kill; programs then treat `signal` as the only way to stop.
   */
  killed?: AbortSignal;
  /**
   * The PID inside the container (1 for the main process). The kernel does not apply SIGTERM's
   * default action to a namespace's PID 1, so `sleep` or `sh` as PID 1 ignore `signal` and are
   * killed at the end of the grace period (exit 137), as on a real node.
   */
  pid?: number;
  clock: Clock;
  net: PodNetwork;
  /**
   * The container's resolver: `lookup` is getaddrinfo over its /etc/hosts and /etc/resolv.conf
   * (net.request already resolves names with it); `query` sends one DNS question to a server, as
   * nslookup does. Absent where no cluster DNS is wired (unit tests of single programs).
   */
  dns?: ProcessDns;
  /**
   * Runs another program of the same container (how a shell runs `ls`), sharing fs and network.
   * A child inherits the terminal's line reading only when the caller passes `readLine` (a shell
   * does for a command whose stdin and stdout are still the terminal: `exec sh`, a nested `bash`).
   * argv[0] is a name looked up on PATH or a path; rejects with ProgramNotFoundError when the
   * container has no such program (execve's ENOENT), so the caller can print its own message.
   */
  spawn(argv: string[], overrides?: Partial<Pick<ProcessContext, 'env' | 'cwd' | 'stdout' | 'stderr' | 'readStdin' | 'readLine' | 'readStdinLine'>>): Promise<number>;
  /**
   * kill(2) inside the container: sends a signal (`SIGTERM`, `SIGKILL`, …) to a process of its PID
   * namespace; false when there is no such process (ESRCH). Absent where nothing can be signalled.
   */
  kill?(pid: number, signal: string): boolean;
  /** The hostname the process sees: the pod name. */
  hostname: string;
  /**
   * Sets the process's simulated resident memory in bytes. When the container's processes together
   * pass its memory limit the runtime OOM-kills the container (exit 137, OOMKilled).
   */
  reportMemory?(bytes: number): void;
  /**
   * The userland the program imitates (shell/userland.ts): busybox or GNU coreutils + procps,
   * set by the image for its own binaries. Absent means busybox.
   */
  userland?: Userland;
}

/** Which family of command-line tools an image ships, and the versions whose wording differs. */
export interface Userland {
  family: 'busybox' | 'gnu';
  /** GNU coreutils version (`9.1` in Debian 12, `8.22` in CentOS 7). */
  coreutils?: string;
  /** `id`'s groups= list for root. */
  groups: string;
  /** ps's output shape; undefined when the image has no ps (Debian slim). */
  ps?: 'busybox' | 'procps' | 'procps-narrow';
  /** Whether `uname -p`/`-i` know the platform (RHEL's patched uname says x86_64; others `unknown`). */
  unamePlatform?: boolean;
  /** What /bin/sh is: busybox ash (absent), Debian's dash, or bash (CentOS). */
  sh?: 'dash' | 'bash';
  /** The bash version, where its messages changed (5.1 added `line N:` to `bash -c` errors). */
  bash?: string;
}

/** spawn() found no program for argv[0] in the container (the shell then prints `sh: x: not found`). */
export class ProgramNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`${command}: not found`);
  }
}

/** A program: resolves to its exit code (0 success; 126/127 as a shell reports them). */
export type Program = (ctx: ProcessContext) => Promise<number>;

/** Binaries a container image provides, by name (`nginx`, `sh`, `echo`, …). */
export type ProgramTable = ReadonlyMap<string, Program>;

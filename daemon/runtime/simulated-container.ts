/**
 * One running container: its processes (the main one is PID 1; `spawn` and `exec` add others),
 * their output (the main process's goes to the log, an exec's to its caller), signals (the stop
 * signal goes to PID 1 only, SIGKILL to everyone), the memory cgroup (processes report usage;
 * past the limit the whole container is OOM-killed, as with cgroup v2's memory.oom.group), and the
 * final status. Imitates containerd + runc behind the CRI; never touches a host process.
 */
import type { Clock, Timer } from '../../shared/clock.js';
import { logger } from '../../shared/log.js';
import { ContainerStartError, ExecTimeoutError, type ContainerHandle, type ExecIO, type ExitStatus } from './container.js';
import { LineLog } from './container-log.js';
import { resolveExecutable, type Resolution } from './exec-path.js';
import type { ContainerFs } from './fs/container-fs.js';
import type { BinaryTable, StopSignal } from './images/image.js';
import type { PodNetwork } from './network.js';
import { ProgramNotFoundError, type ProcessContext, type Program } from './process.js';

const log = logger('runtime');
const sigkill = 9;

export interface ContainerSetup {
  id: string;
  clock: Clock;
  fs: ContainerFs;
  binaries: BinaryTable;
  env: Record<string, string>;
  cwd: string;
  net: PodNetwork;
  hostname: string;
  stopSignal: StopSignal;
  memoryLimitBytes: number;
}

type Overrides = Partial<Pick<ProcessContext, 'env' | 'cwd' | 'stdout' | 'stderr' | 'readStdin'>>;

interface Process {
  pid: number;
  term: AbortController;
  kill: AbortController;
  memory: number;
}

interface Stdio {
  stdout(data: string): void;
  stderr(data: string): void;
  readStdin(): Promise<string>;
}

export class SimulatedContainer implements ContainerHandle {
  readonly id: string;
  readonly startedAt: number;
  readonly log: LineLog;
  private readonly processes = new Map<number, Process>();
  private status?: ExitStatus;
  private readonly finished: Promise<ExitStatus>;
  private resolveFinished!: (status: ExitStatus) => void;
  private killTimer?: { timer: Timer; at: number };
  private mainPid = 0;
  /** The container's sockets: a dead container's ports are free again, whatever its programs did. */
  private readonly listeners = new Set<() => void>();
  private readonly net: PodNetwork;

  constructor(private readonly setup: ContainerSetup) {
    this.id = setup.id;
    this.startedAt = setup.clock.now();
    this.log = new LineLog(setup.clock);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.net = {
      podIP: setup.net.podIP,
      request: (host, port, req) => setup.net.request(host, port, req),
      listen: (port, handler) => {
        const close = setup.net.listen(port, handler);
        const closeOnce = (): void => {
          this.listeners.delete(closeOnce);
          close();
        };
        this.listeners.add(closeOnce);
        return closeOnce;
      },
    };
  }

  /** Starts PID 1; its end (or a kill) ends the container. */
  start(main: Extract<Resolution, { found: true }>): void {
    const stdio: Stdio = {
      stdout: (data) => this.log.write('stdout', data),
      stderr: (data) => this.log.write('stderr', data),
      readStdin: () => Promise.resolve(''),
    };
    const { pid, exit } = this.run(main.program, main.argv, stdio, {}, 0);
    this.mainPid = pid;
    void exit.then((code) => this.finish({ exitCode: code, reason: code === 0 ? 'Completed' : 'Error' }));
  }

  wait(): Promise<ExitStatus> {
    return this.finished;
  }

  stop(graceMs: number): Promise<ExitStatus> {
    if (this.status) return this.finished;
    const main = this.processes.get(this.mainPid);
    if (main && !main.term.signal.aborted) main.term.abort(this.setup.stopSignal);
    const at = this.setup.clock.now() + Math.max(0, graceMs);
    if (graceMs <= 0) this.killAll();
    else if (!this.killTimer || at < this.killTimer.at) {
      this.killTimer?.timer.cancel();
      this.killTimer = { at, timer: this.setup.clock.after(graceMs, () => this.killAll()) };
    }
    return this.finished;
  }

  async exec(argv: string[], io: ExecIO, timeoutMs?: number): Promise<number> {
    if (this.status) throw new ContainerStartError('OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown');
    const resolution = resolveExecutable(argv, this.setup.env['PATH'], this.setup.cwd, this.setup.binaries, this.setup.fs);
    if (!resolution.found) {
      throw new ContainerStartError(`OCI runtime exec failed: exec failed: unable to start container process: ${resolution.error}: unknown`);
    }
    let done = false;
    const stdio: Stdio = {
      stdout: (data) => done || io.stdout(data),
      stderr: (data) => done || io.stderr(data),
      readStdin: () => Promise.resolve(io.stdin ?? ''),
    };
    const { pid, exit } = this.run(resolution.program, resolution.argv, stdio, {}, 0);
    if (timeoutMs === undefined) return exit.finally(() => (done = true));
    return new Promise<number>((resolve, reject) => {
      const timer = this.setup.clock.after(timeoutMs, () => {
        done = true;
        this.killProcess(pid);
        reject(new ExecTimeoutError(timeoutMs));
      });
      void exit.then((code) => {
        timer.cancel();
        done = true;
        resolve(code);
      });
    });
  }

  /** Runs a program as a new process; `exit` settles with its code, or 137 when it is killed. */
  private run(program: Program, argv: string[], stdio: Stdio, overrides: Overrides, ppid: number): { pid: number; exit: Promise<number> } {
    const { clock, fs } = this.setup;
    const pid = fs.processes.add(argv, clock.now(), ppid);
    const proc: Process = { pid, term: new AbortController(), kill: new AbortController(), memory: 0 };
    this.processes.set(pid, proc);
    const alive = (): boolean => !proc.kill.signal.aborted;
    const ctx: ProcessContext = {
      argv,
      env: overrides.env ?? this.setup.env,
      cwd: overrides.cwd ?? this.setup.cwd,
      fs,
      // A killed process's last writes are lost, as a SIGKILLed process's unflushed buffers are.
      stdout: (data) => alive() && (overrides.stdout ?? stdio.stdout)(data),
      stderr: (data) => alive() && (overrides.stderr ?? stdio.stderr)(data),
      readStdin: overrides.readStdin ?? stdio.readStdin,
      signal: proc.term.signal,
      killed: proc.kill.signal,
      pid,
      clock,
      net: this.net,
      hostname: this.setup.hostname,
      spawn: (childArgv, childOverrides) => this.spawn(ctx, childArgv, childOverrides ?? {}, pid),
      reportMemory: (bytes) => this.setMemory(proc, bytes),
    };
    const killed = new Promise<number>((resolve) => proc.kill.signal.addEventListener('abort', () => resolve(137), { once: true }));
    const ran = Promise.resolve()
      .then(() => program(ctx))
      .then(
        (code) => ((code % 256) + 256) % 256,
        (error: unknown) => {
          log.error('program failed', { container: this.id, argv: argv.join(' '), error: String((error as Error)?.stack ?? error) });
          return 1;
        },
      );
    const exit = Promise.race([ran, killed]).finally(() => {
      fs.processes.remove(pid);
      this.processes.delete(pid);
    });
    return { pid, exit };
  }

  private spawn(parent: ProcessContext, argv: string[], overrides: Overrides, ppid: number): Promise<number> {
    const env = overrides.env ?? parent.env;
    const cwd = overrides.cwd ?? parent.cwd;
    const resolution = resolveExecutable(argv, env['PATH'], cwd, this.setup.binaries, this.setup.fs);
    // Whatever execve refused (missing, not executable, no interpreter), the caller decides what
    // to say: a shell falls back to running the file as a script or prints its own message.
    if (!resolution.found) return Promise.reject(new ProgramNotFoundError(argv[0] ?? ''));
    const stdio: Stdio = { stdout: parent.stdout, stderr: parent.stderr, readStdin: parent.readStdin };
    return this.run(resolution.program, resolution.argv, stdio, { ...overrides, env, cwd }, ppid).exit;
  }

  private setMemory(proc: Process, bytes: number): void {
    if (!this.processes.has(proc.pid) || this.status) return;
    proc.memory = Math.max(0, bytes);
    let total = 0;
    for (const p of this.processes.values()) total += p.memory;
    if (total > this.setup.memoryLimitBytes) this.finish({ exitCode: 137, reason: 'OOMKilled', signal: sigkill });
  }

  private killProcess(pid: number): void {
    const proc = this.processes.get(pid);
    if (!proc) return;
    if (!proc.term.signal.aborted) proc.term.abort('SIGKILL');
    proc.kill.abort('SIGKILL');
  }

  private killAll(): void {
    this.finish({ exitCode: 137, reason: 'Error', signal: sigkill });
  }

  /** The container is over: every process left is killed (PID 1's end takes the namespace down). */
  private finish(status: Omit<ExitStatus, 'finishedAt'>): void {
    if (this.status) return;
    this.status = { ...status, finishedAt: this.setup.clock.now() };
    this.killTimer?.timer.cancel();
    for (const pid of [...this.processes.keys()]) this.killProcess(pid);
    for (const close of [...this.listeners]) close();
    this.log.close();
    this.resolveFinished(this.status);
  }
}

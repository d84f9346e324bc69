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
import { LineLog, type LogPersistence } from './container-log.js';
import { resolveExecutable, type Resolution } from './exec-path.js';
import type { ContainerFs } from './fs/container-fs.js';
import type { BinaryTable, StopSignal } from './images/image.js';
import { containerDns, requestByName } from './dns/container-dns.js';
import type { DnsTransport } from './dns/dns-message.js';
import type { ProcessDns } from './dns/stub-resolver.js';
import type { PodNetwork } from './network.js';
import { ProgramNotFoundError, type ProcessContext, type Program } from './process.js';
import type { Terminal, TerminalDevice } from './tty/terminal.js';
import { ContainerConsole, type AttachSink, type Attachment, type ConsoleOptions } from './tty/container-console.js';

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
  /** The cluster DNS as the pod reaches it; without it, names go to the network unresolved. */
  dns?: DnsTransport;
  /** The instance's log file beyond the daemon (log-store.ts); without it the log is in memory only. */
  log?: LogPersistence;
}

type Overrides = Partial<Pick<ProcessContext, 'env' | 'cwd' | 'stdout' | 'stderr' | 'readStdin' | 'readLine' | 'readStdinLine'>>;

interface Process {
  pid: number;
  ppid: number;
  term: AbortController;
  kill: AbortController;
  memory: number;
  /** The controlling terminal as the runtime holds it (each process sees its own view of it). */
  terminal?: Terminal;
  /** The process catches SIGINT itself (it subscribed to Ctrl-C): a job's Ctrl-C spares it. */
  handlesInterrupt?: boolean;
  /** Its Ctrl-C handlers, each with its unsubscribe: `kill -INT` runs them; its exit drops them. */
  interruptHandlers: Map<object, { fn: () => void; unsubscribe: () => void }>;
}

interface Stdio {
  stdout(data: string): void;
  stderr(data: string): void;
  readStdin(): Promise<string>;
  readLine?(): Promise<string | undefined>;
  readStdinLine?(): Promise<string | undefined>;
  terminal?: Terminal;
}

/** The signals a program sees as `signal` (asked to stop); SIGKILL goes to `killed`. */
const stoppingSignals = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT']);

/** Exit codes of a process ended by a signal: 128 + its number, as the shell reports it. */
const signalExitCodes: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGKILL: 137 };

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
  private readonly dns?: ProcessDns;
  private containerConsole?: ContainerConsole;

  constructor(private readonly setup: ContainerSetup) {
    this.id = setup.id;
    this.startedAt = setup.clock.now();
    this.log = new LineLog(setup.clock, setup.log);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    const dns = setup.dns ? containerDns({ fs: setup.fs, transport: setup.dns, podIP: setup.net.podIP, clock: setup.clock }) : undefined;
    this.dns = dns;
    this.net = {
      podIP: setup.net.podIP,
      request: (host, port, req, options) => (dns ? requestByName(dns, setup.net, host, port, req, options) : setup.net.request(host, port, req, options)),
      ping: (ip) => setup.net.ping?.(ip),
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

  /**
   * Starts PID 1; its end (or a kill) ends the container. Its output goes through the console
   * (the log, and clients of `kubectl attach`); with `stdin`/`tty` in the spec it reads the
   * console's stdin and owns its terminal.
   */
  start(main: Extract<Resolution, { found: true }>, options?: ConsoleOptions): void {
    const containerConsole = new ContainerConsole(options ?? { stdin: false, stdinOnce: false, tty: false }, (stream, data) => this.log.write(stream, data));
    this.containerConsole = containerConsole;
    const pty = containerConsole.pty;
    const job = pty?.terminal ? this.jobTerminal(pty.terminal) : undefined;
    const stdio: Stdio = {
      stdout: containerConsole.stdout,
      stderr: containerConsole.stderr,
      readStdin: pty && options?.stdin ? () => pty.stdin.readAll() : () => Promise.resolve(''),
      ...(pty && options?.stdin ? { readStdinLine: () => pty.stdin.readLine() } : {}),
      ...(pty && options?.stdin && job ? { readLine: pty.readLine } : {}),
      ...(job ? { terminal: job.terminal } : {}),
    };
    const { pid, exit } = this.run(main.program, main.argv, stdio, {}, 0);
    job?.start(pid);
    this.mainPid = pid;
    void exit.then((code) => this.finish({ exitCode: code, reason: code === 0 ? 'Completed' : 'Error' }));
  }

  /** The container's PID namespace (its /proc), which an ephemeral container targeting it joins. */
  get processTable(): ContainerFs['processes'] {
    return this.setup.fs.processes;
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

  /** Joins the main process's console (kubectl attach); undefined once the container has ended. */
  attach(sink: AttachSink, withStdin: boolean): Attachment | undefined {
    if (this.status) return undefined;
    return this.containerConsole?.attach(sink, withStdin);
  }

  /**
   * The terminal a job's programs see, and Ctrl-C delivered to the job once it runs: a program
   * that subscribes handles SIGINT itself (an interactive shell, ping); any other dies of it. Each
   * process's own subscription counts (processTerminal): a `sh -c` whose ping catches Ctrl-C
   * still gets the signal itself.
   */
  private jobTerminal(device: TerminalDevice): { terminal: Terminal; start(pid: number): () => void } {
    const terminal: Terminal = { size: () => device.size(), onInterrupt: (fn) => device.onInterrupt(fn) };
    return { terminal, start: (pid) => device.onInterrupt(() => this.signalJob(pid, 'SIGINT', !this.processes.get(pid)?.handlesInterrupt)) };
  }

  async exec(argv: string[], io: ExecIO, timeoutMs?: number): Promise<number> {
    if (this.status) throw new ContainerStartError('OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown');
    const resolution = resolveExecutable(argv, this.setup.env['PATH'], this.setup.cwd, this.setup.binaries, this.setup.fs);
    if (!resolution.found) {
      throw new ContainerStartError(`OCI runtime exec failed: exec failed: unable to start container process: ${resolution.error}: unknown`);
    }
    let done = false;
    const stream = io.stdinStream;
    const job = io.terminal ? this.jobTerminal(io.terminal) : undefined;
    const terminal = job?.terminal;
    const stdio: Stdio = {
      stdout: (data) => done || io.stdout(data),
      stderr: (data) => done || io.stderr(data),
      readStdin: stream ? () => stream.readAll() : () => Promise.resolve(io.stdin ?? ''),
      readLine: io.readLine,
      ...(stream ? { readStdinLine: () => stream.readLine() } : {}),
      ...(terminal ? { terminal } : {}),
    };
    const { pid, exit } = this.run(resolution.program, resolution.argv, stdio, {}, 0);
    const unsubscribe = job?.start(pid);
    const hangUp = (): void => this.signalJob(pid, 'SIGHUP', true);
    io.hangup?.addEventListener('abort', hangUp, { once: true });
    void exit.finally(() => {
      unsubscribe?.();
      io.hangup?.removeEventListener('abort', hangUp);
    });
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
    const proc: Process = { pid, ppid, term: new AbortController(), kill: new AbortController(), memory: 0, interruptHandlers: new Map(), ...(stdio.terminal ? { terminal: stdio.terminal } : {}) };
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
      ...(overrides.readLine ?? stdio.readLine ? { readLine: overrides.readLine ?? stdio.readLine } : {}),
      ...(overrides.readStdinLine ? { readStdinLine: overrides.readStdinLine } : stdio.readStdinLine && !overrides.readStdin ? { readStdinLine: stdio.readStdinLine } : {}),
      ...(stdio.terminal ? { terminal: this.processTerminal(stdio.terminal, proc) } : {}),
      signal: proc.term.signal,
      killed: proc.kill.signal,
      pid,
      clock,
      net: this.net,
      ...(this.dns ? { dns: this.dns } : {}),
      hostname: this.setup.hostname,
      spawn: (childArgv, childOverrides) => this.spawn(ctx, childArgv, childOverrides ?? {}, pid),
      // Through the namespace: with a shared one, the PID may be another container's process.
      kill: (target, signal) => fs.processes.signal(target, signal),
      reportMemory: (bytes) => this.setMemory(proc, bytes),
    };
    fs.processes.onSignal(pid, (signal) => this.sendSignal(pid, signal));
    const killed = new Promise<number>((resolve) =>
      proc.kill.signal.addEventListener('abort', () => resolve(signalExitCodes[String(proc.kill.signal.reason)] ?? 137), { once: true }),
    );
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
      // A killed program never gets to unsubscribe: its handler must not outlive it on the terminal.
      for (const { unsubscribe } of proc.interruptHandlers.values()) unsubscribe();
      proc.interruptHandlers.clear();
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
    // Children share the controlling terminal (`stty size` run by an interactive shell reads it).
    const terminal = this.processes.get(ppid)?.terminal;
    const stdio: Stdio = { stdout: parent.stdout, stderr: parent.stderr, readStdin: parent.readStdin, ...(terminal ? { terminal } : {}) };
    return this.run(resolution.program, resolution.argv, stdio, { ...overrides, env, cwd }, ppid).exit;
  }

  /**
   * A process's view of the terminal: subscribing to Ctrl-C marks it as catching SIGINT (busybox
   * ping prints its statistics), so the job's Ctrl-C spares it, and a shell can ask whether the
   * command it waits for catches it: then, as ash and bash do, it lets the command finish and
   * goes on instead of abandoning the command line.
   */
  private processTerminal(shared: Terminal, proc: Process): Terminal {
    return {
      size: () => shared.size(),
      onInterrupt: (fn) => {
        proc.handlesInterrupt = true;
        const key = {};
        proc.interruptHandlers.set(key, { fn, unsubscribe: shared.onInterrupt(fn) });
        return () => {
          proc.interruptHandlers.get(key)?.unsubscribe();
          proc.interruptHandlers.delete(key);
        };
      },
      childHandlesInterrupt: () => [...this.processes.values()].some((p) => p.handlesInterrupt && this.isDescendant(p, proc.pid)),
    };
  }

  /**
   * A signal sent from inside the container (`kill 1`). The kernel delivers nothing to the
   * namespace's PID 1 that it has no handler for, and never SIGKILL from inside: so `kill 1` stops
   * nginx (it handles SIGTERM and exits) but not `sleep`, whose programs ignore `signal` as PID 1.
   */
  private sendSignal(pid: number, signal: string): void {
    const proc = this.processes.get(pid);
    if (!proc) return;
    // Delivered on the next tick, as the kernel does once kill(2) has returned: `sh -c 'kill 1'`
    // exits 0 before nginx's shutdown takes the container (and the exec'd shell) down.
    this.setup.clock.after(0, () => {
      if (signal === 'SIGKILL') {
        if (pid !== 1) this.killProcess(pid);
      } else if (signal === 'SIGINT' && proc.interruptHandlers.size > 0) {
        // A process that catches SIGINT (ping, an interactive shell) runs its handler, as on Ctrl-C.
        for (const { fn } of [...proc.interruptHandlers.values()]) fn();
      } else if (stoppingSignals.has(signal) && !proc.term.signal.aborted) proc.term.abort(signal);
      // Other signals (STOP, CONT, HUP, USR1, 0) reach a process that goes on as it was.
    });
  }

  private isDescendant(proc: Process, root: number): boolean {
    for (let p: Process | undefined = proc; p; p = this.processes.get(p.ppid)) if (p.ppid === root) return true;
    return false;
  }

  private setMemory(proc: Process, bytes: number): void {
    if (!this.processes.has(proc.pid) || this.status) return;
    proc.memory = Math.max(0, bytes);
    let total = 0;
    for (const p of this.processes.values()) total += p.memory;
    if (total > this.setup.memoryLimitBytes) this.finish({ exitCode: 137, reason: 'OOMKilled', signal: sigkill });
  }

  private killProcess(pid: number, signal = 'SIGKILL'): void {
    const proc = this.processes.get(pid);
    if (!proc) return;
    if (!proc.term.signal.aborted) proc.term.abort(signal);
    proc.kill.abort(signal);
  }

  /**
   * A terminal signal to an exec's job: every descendant of root (the foreground process group,
   * which has no separate identity here) and root itself unless it handles the signal.
   */
  private signalJob(root: number, signal: string, includeRoot: boolean): void {
    const spared = (proc: Process): boolean => signal === 'SIGINT' && proc.handlesInterrupt === true;
    let waitsForSpared = false;
    for (const proc of [...this.processes.values()]) {
      if (!this.isDescendant(proc, root)) continue;
      if (spared(proc)) waitsForSpared = true;
      else this.killProcess(proc.pid, signal);
    }
    if (!includeRoot) return;
    // A shell waiting for a command that catches SIGINT (ping) acts on its own SIGINT once that
    // command returns, as ash does (INT_OFF while it waits): the statistics print, then
    // `sh -c 'ping …; echo done'` ends with 130 instead of going on.
    const rootProc = this.processes.get(root);
    if (waitsForSpared && rootProc) {
      if (!rootProc.term.signal.aborted) rootProc.term.abort(signal);
    } else this.killProcess(root, signal);
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

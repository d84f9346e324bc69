// A container for the shell's tests: a ContainerFs, a ManualClock, a pod on a ClusterNetwork, and
// a spawn() that runs the programs of a ProgramTable as the runtime would (by name, or by path in
// a bin directory; PID 1 for the first process; SIGTERM only to PID 1, SIGKILL to all).
import { ManualClock } from '../../../../../shared/clock.js';
import { ContainerFs, type ImageFiles } from '../../../../../daemon/runtime/fs/container-fs.js';
import { ClusterNetwork } from '../../../../../daemon/runtime/network.js';
import { ProgramNotFoundError, type ProcessContext, type ProgramTable } from '../../../../../daemon/runtime/process.js';
import type { Mount } from '../../../../../daemon/runtime/container.js';
import { coreutilsPrograms } from '../../../../../daemon/runtime/shell/coreutils.js';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface ContainerOptions {
  programs?: ProgramTable;
  image?: ImageFiles;
  mounts?: Mount[];
  env?: Record<string, string>;
  podIP?: string;
  hostname?: string;
  clock?: ManualClock;
  network?: ClusterNetwork;
}

const binDirs = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);

export class TestContainer {
  readonly fs: ContainerFs;
  readonly clock: ManualClock;
  readonly network: ClusterNetwork;
  readonly term = new AbortController();
  readonly kill = new AbortController();
  private readonly programs: ProgramTable;
  private started = false;

  constructor(readonly options: ContainerOptions = {}) {
    this.clock = options.clock ?? new ManualClock(Date.UTC(2024, 0, 1));
    this.network = options.network ?? new ClusterNetwork();
    this.programs = options.programs ?? coreutilsPrograms;
    this.fs = new ContainerFs({ image: options.image ?? { files: {}, dirs: ['/root', '/bin'] }, mounts: options.mounts, clock: this.clock });
  }

  /** Starts argv as a process of this container (the first one is PID 1) and collects its output. */
  run(argv: string[], extra: Partial<ProcessContext> = {}): Promise<RunResult> & { output: RunResult } {
    const output: RunResult = { stdout: '', stderr: '', code: -1 };
    const ctx: ProcessContext = {
      argv,
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: this.options.hostname ?? 'mypod', HOME: '/root', ...this.options.env },
      cwd: '/',
      fs: this.fs,
      stdout: (d) => (output.stdout += d),
      stderr: (d) => (output.stderr += d),
      readStdin: async () => '',
      signal: this.started ? new AbortController().signal : this.term.signal,
      killed: this.kill.signal,
      clock: this.clock,
      net: this.network.forPod(this.options.podIP ?? '10.244.1.5'),
      hostname: this.options.hostname ?? 'mypod',
      spawn: (args, overrides) => this.spawn(ctx, args, overrides),
      ...extra,
    };
    this.started = true;
    const promise = this.start(ctx).then((code) => {
      output.code = code;
      return output;
    });
    return Object.assign(promise, { output });
  }

  private async start(ctx: ProcessContext): Promise<number> {
    const program = this.lookup(ctx.argv[0] ?? '');
    if (!program) throw new ProgramNotFoundError(ctx.argv[0] ?? '');
    const pid = this.fs.processes.add(ctx.argv, this.clock.now());
    try {
      return await program({ ...ctx, pid: ctx.pid ?? pid });
    } finally {
      this.fs.processes.remove(pid);
    }
  }

  private spawn(parent: ProcessContext, argv: string[], overrides: Parameters<ProcessContext['spawn']>[1] = {}): Promise<number> {
    // Only PID 1 gets SIGTERM; children keep running until SIGKILL, as in a PID namespace.
    const child: ProcessContext = { ...parent, ...overrides, argv, pid: undefined, signal: new AbortController().signal, readLine: overrides.readLine, spawn: (a, o) => this.spawn(child, a, o) };
    return this.start(child);
  }

  private lookup(name: string) {
    if (!name.includes('/')) return this.programs.get(name);
    const slash = name.lastIndexOf('/');
    return binDirs.has(name.slice(0, slash)) ? this.programs.get(name.slice(slash + 1)) : undefined;
  }
}

/** Lets promise chains and setImmediate callbacks run (the shell yields with setImmediate). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs `sh -c script` in a fresh container and returns its output once it ends. */
export async function sh(script: string, options: ContainerOptions = {}): Promise<RunResult> {
  return new TestContainer(options).run(['sh', '-c', script]);
}

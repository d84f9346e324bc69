/**
 * What an image is to the simulated runtime: its config (what `docker inspect` shows: entrypoint,
 * cmd, env, working directory, stop signal), its root filesystem's files, and its binaries, each
 * an absolute path bound to a simulated program. One file per image family builds these; the
 * catalog (catalog.ts) maps references to families. Images never hold host paths or host code.
 */
import type { Program, ProgramTable, Userland } from '../process.js';

export type StopSignal = 'SIGTERM' | 'SIGQUIT' | 'SIGINT';

/** Binaries by absolute path (`/bin/sh`, `/usr/sbin/nginx`, `/hello`). */
export type BinaryTable = ReadonlyMap<string, Program>;

export interface ImageConfig {
  entrypoint: readonly string[];
  cmd: readonly string[];
  /** The image's ENV, in Dockerfile order (PATH first, as `env` prints it). */
  env: Readonly<Record<string, string>>;
  /** WORKDIR; `/` when the image sets none. */
  workingDir: string;
  /** STOPSIGNAL, which containerd sends on StopContainer (nginx uses SIGQUIT since 1.19). */
  stopSignal: StopSignal;
  /** Compressed size in bytes, the Pulled event's "Image size". */
  size: number;
  /** Regular files of the root filesystem, by absolute path. */
  files: Readonly<Record<string, string>>;
  /** Directories that exist even when empty (`/tmp`, `/root`…). */
  dirs: readonly string[];
  /** Loads the image's binaries (lazily: the shell's programs load on the first container). */
  binaries(): Promise<BinaryTable>;
}

export interface ImageFamily {
  /** Normalised repository names this family answers for: `docker.io/library/nginx`. */
  names: readonly string[];
  /** Whether the registry has this tag; any other tag fails to pull with "not found". */
  hasTag(tag: string): boolean;
  /** The config of one tag (called only for tags that exist). */
  config(tag: string): ImageConfig;
}

/** The usual PATH of Linux images. */
export const standardPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Directories every root filesystem has. */
export const baseDirs = ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local/bin', '/var', '/var/log'];

/** Tools some images have and others lack (busybox has wget but not curl; ubuntu has neither). */
export const optionalTools = ['curl', 'wget', 'git', 'bash', 'python', 'python3', 'nslookup', 'ping'] as const;

export interface BinaryLayout {
  /** Directories where every common tool (the shell's programs) is installed. */
  dirs: readonly string[];
  /** Optional tools this image has (the rest are left out even if the shell provides them). */
  tools?: readonly (typeof optionalTools)[number][];
  /** Image-specific programs by absolute path (`/usr/sbin/nginx`, `/docker-entrypoint.sh`). */
  extra?: Readonly<Record<string, Program>>;
  /** Set for images without any shell or tools (hello-world is one binary and nothing else). */
  noTools?: boolean;
  /**
   * The userland the common tools imitate (shell/userland.ts); busybox when absent. A GNU userland
   * without procps (`ps: undefined`, Debian slim) gets no `ps`, as `exec: "ps": executable file not
   * found in $PATH` says on a real node.
   */
  userland?: Userland;
  /** Common tools this image lacks (CentOS 7 has no `which`). */
  omit?: readonly string[];
}

let coreutils: Promise<ProgramTable> | undefined;
let loadTools = (): Promise<ProgramTable> => import('../shell/coreutils.js').then((module) => module.coreutilsPrograms);

/**
 * The shell's programs, imported on first use: the daemon starts without loading the shell
 * (DESIGN "Build and start-up": the shell loads lazily).
 */
export function loadCoreutils(): Promise<ProgramTable> {
  coreutils ??= loadTools();
  return coreutils;
}

/** Replaces the shell's programs: for tests of the runtime that must not depend on the shell. */
export function setToolLoader(loader: () => Promise<ProgramTable>): void {
  loadTools = loader;
  coreutils = undefined;
}

/** Builds (once) the binary table of a layout. */
export function binariesOf(layout: BinaryLayout): () => Promise<BinaryTable> {
  let table: Promise<BinaryTable> | undefined;
  return () => {
    table ??= buildBinaries(layout);
    return table;
  };
}

async function buildBinaries(layout: BinaryLayout): Promise<BinaryTable> {
  const table = new Map<string, Program>();
  if (!layout.noTools) {
    const tools = await loadCoreutils();
    const optional = new Set<string>(optionalTools);
    const wanted = new Set<string>(layout.tools ?? []);
    const userland = layout.userland;
    for (const [name, program] of tools) {
      if (optional.has(name) && !wanted.has(name)) continue;
      // /bin/ps and /bin/kill both come with procps: an image without it has neither (the shells' kill builtin remains).
      if (((name === 'ps' || name === 'kill') && userland && !userland.ps) || layout.omit?.includes(name)) continue;
      // The same simulated program speaks the image's userland: the context carries which one.
      const speaking: Program = userland ? (ctx) => program({ ...ctx, userland }) : program;
      for (const dir of layout.dirs) table.set(`${dir}/${name}`, speaking);
    }
  }
  for (const [path, program] of Object.entries(layout.extra ?? {})) table.set(path, program);
  return table;
}

/** A placeholder for a binary file's content, so that `ls`/`cat` see something sensible. */
export const binaryFileContent = '\x7fELF\x02\x01\x01\0';

/** Compares dotted versions numerically: `1.14` < `1.19.10` < `1.27`. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** A family whose configs are built once per tag (so each tag's files keep one identity and one shared image layer). */
export function cachedFamily(names: readonly string[], hasTag: (tag: string) => boolean, build: (tag: string) => ImageConfig): ImageFamily {
  const configs = new Map<string, ImageConfig>();
  return {
    names,
    hasTag,
    config: (tag) => {
      let config = configs.get(tag);
      if (!config) configs.set(tag, (config = build(tag)));
      return config;
    },
  };
}

/** Resolves when the process is signalled (or at once if it already was). */
export function untilSignalled(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * The signal that ends a process without its own handlers: as PID 1 the kernel drops SIGTERM, so
 * only the kill at the end of the grace period (`killed`) stops it; any other PID dies on SIGTERM.
 */
export function defaultTermination(ctx: { pid?: number; signal: AbortSignal; killed?: AbortSignal }): AbortSignal {
  return ctx.pid === 1 && ctx.killed ? ctx.killed : ctx.signal;
}

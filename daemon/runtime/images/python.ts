/**
 * The `python` image family (Debian-based, with curl, wget and git; `-slim` without them) and its
 * interpreter, simulated for what labs run: `--version`, `-c`/script/stdin code made of prints,
 * `time.sleep`, `sys.exit` and `while True:` loops (a loop that appends grows the process's memory
 * until the runtime OOM-kills it: limits.yaml), and `-m http.server`. Other Python is ignored.
 * Python installs no SIGTERM handler: as PID 1 it is killed at the end of the grace period.
 */
import { alpineUserland, gnuUserland } from '../shell/userland.js';
import type { ProcessContext, Program } from '../process.js';
import { baseDirs, binariesOf, cachedFamily, defaultTermination, type ImageConfig } from './image.js';
import { debianBookwormRelease, debianPasswd } from './os-release.js';

const newestPatch: Record<string, number> = { '2.7': 18, '3.5': 10, '3.6': 15, '3.7': 17, '3.8': 20, '3.9': 21, '3.10': 16, '3.11': 11, '3.12': 9, '3.13': 2 };
const latest = '3.13.2';
const variants = new Set(['', 'slim', 'alpine', 'bookworm', 'slim-bookworm', 'bullseye', 'slim-bullseye', 'buster', 'slim-buster', 'alpine3.21', 'alpine3.20']);

/** The Python version a tag names (`3.7` → 3.7.17), or undefined when Docker Hub has no such tag. */
export function pythonVersionOf(tag: string): { version: string; variant: string } | undefined {
  const [base = '', ...rest] = tag.split('-');
  const variant = rest.join('-');
  if (!variants.has(variant)) return undefined;
  if (base === 'latest' || base === '3') return { version: latest, variant };
  if (variants.has(base) && base) return { version: latest, variant: base };
  if (base === '2') return { version: '2.7.18', variant };
  const m = /^(\d\.\d+)(?:\.(\d+))?$/.exec(base);
  const newest = m ? newestPatch[m[1]!] : undefined;
  if (!m || newest === undefined || Number(m[2] ?? 0) > newest) return undefined;
  return { version: `${m[1]}.${m[2] ?? newest}`, variant };
}

/** Memory a growing list adds per 100 ms: CPython appends tens of millions of objects a second. */
/** Debian's curl loads with the shell's programs (the daemon starts without the shell). */
const debianCurl: Program = (ctx) => import('../shell/builtins/curl.js').then((m) => m.debianCurlProgram(ctx));

const growthPerTick = 64 * 1024 * 1024;
const baselineMemory = 9 * 1024 * 1024;

function pythonProgram(version: string): Program {
  return async (ctx) => {
    const args = ctx.argv.slice(1).filter((a) => a !== '-u');
    const self = ctx.argv[0]?.split('/').pop() ?? 'python';
    ctx.reportMemory?.(baselineMemory);
    if (args[0] === '--version' || args[0] === '-V') {
      ctx.stdout(`Python ${version}\n`);
      return 0;
    }
    if (args[0] === '-c') return runCode(ctx, args[1] ?? '');
    if (args[0] === '-m') return args[1] === 'http.server' ? serveDirectory(ctx, Number(args[2] ?? 8000), version) : moduleMissing(ctx, self, args[1] ?? '');
    if (args[0]) {
      let code: string;
      try {
        code = ctx.fs.readFile(args[0].startsWith('/') ? args[0] : `${ctx.cwd.replace(/\/$/, '')}/${args[0]}`);
      } catch {
        ctx.stderr(`${self}: can't open file '${args[0]}': [Errno 2] No such file or directory\n`);
        return 2;
      }
      return runCode(ctx, code);
    }
    // No terminal: the REPL reads its program from stdin, which is empty in a container.
    return runCode(ctx, await ctx.readStdin());
  };
}

function moduleMissing(ctx: ProcessContext, self: string, module: string): number {
  ctx.stderr(`/usr/local/bin/${self}: No module named ${module}\n`);
  return 1;
}

/** Runs the statements it understands, top to bottom. */
async function runCode(ctx: ProcessContext, code: string): Promise<number> {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const loop = /^while\s+(True|1)\s*:\s*(.*)$/.exec(line.trim());
    if (loop) {
      const body = [loop[2]!, ...lines.slice(i + 1).filter((l) => /^\s+\S/.test(l))].filter((l) => l.trim());
      return runForever(ctx, body);
    }
    for (const statement of line.split(';')) {
      const exit = await runStatement(ctx, statement.trim());
      if (exit !== undefined) return exit;
    }
  }
  return 0;
}

async function runForever(ctx: ProcessContext, body: string[]): Promise<number> {
  const end = defaultTermination(ctx);
  const grows = body.some((l) => /\.append\(|\+=\s*\[|\.extend\(/.test(l));
  let memory = baselineMemory;
  while (!end.aborted) {
    if (grows) {
      memory += growthPerTick;
      ctx.reportMemory?.(memory);
      await ctx.clock.sleep(100, end);
      continue;
    }
    let slept = false;
    for (const statement of body.flatMap((l) => l.split(';'))) {
      if (end.aborted) break;
      if (/time\.sleep/.test(statement)) slept = true;
      const exit = await runStatement(ctx, statement.trim());
      if (exit !== undefined) return exit;
    }
    // A loop without a sleep spins a CPU; one pass a second stands for it.
    if (!slept) await ctx.clock.sleep(1000, end);
  }
  return 143;
}

async function runStatement(ctx: ProcessContext, statement: string): Promise<number | undefined> {
  const print = /^print\s*\((.*)\)$/.exec(statement);
  if (print) {
    ctx.stdout(splitArguments(print[1]!).map(literalValue).join(' ') + '\n');
    return undefined;
  }
  const sleep = /^time\.sleep\(\s*([\d.]+)\s*\)$/.exec(statement);
  if (sleep) {
    await ctx.clock.sleep(Number(sleep[1]) * 1000, defaultTermination(ctx));
    return undefined;
  }
  const exit = /^(?:sys\.)?exit\(\s*(\d*)\s*\)$/.exec(statement);
  if (exit) return Number(exit[1] || 0);
  return undefined;
}

function splitArguments(text: string): string[] {
  return text.match(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,]+/g)?.map((a) => a.trim()).filter(Boolean) ?? [];
}

function literalValue(text: string): string {
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return quoted[2]!.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(['"\\])/g, '$1');
  return text;
}

/** `python -m http.server`: files and plain listings of the working directory, logged to stderr. */
async function serveDirectory(ctx: ProcessContext, port: number, version: string): Promise<number> {
  ctx.stderr(`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...\n`);
  const stop = ctx.net.listen(port, (req) => {
    const path = decodeURIComponent(req.path.split('?')[0]!);
    const target = `${ctx.cwd.replace(/\/$/, '')}${path}`;
    const stat = ctx.fs.stat(target);
    const when = new Date(ctx.clock.now());
    const time = `${when.getUTCDate().toString().padStart(2, '0')}/${when.toUTCString().slice(8, 11)}/${when.getUTCFullYear()} ${when.toISOString().slice(11, 19)}`;
    const status = stat ? 200 : 404;
    ctx.stderr(`${req.remoteAddress} - - [${time}] "${req.method} ${req.path} HTTP/1.1" ${status} -\n`);
    const headers = { Server: `SimpleHTTP/0.6 Python/${version}`, 'Content-Type': 'text/html; charset=utf-8' };
    if (!stat) return { status, headers, body: 'File not found' };
    if (stat.type === 'file') return { status, headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: ctx.fs.readFile(target) };
    const items = ctx.fs.readdir(target).map((name) => `<li><a href="${name}">${name}</a></li>`).join('\n');
    return { status, headers, body: `<!DOCTYPE HTML>\n<html>\n<head>\n<title>Directory listing for ${path}</title>\n</head>\n<body>\n<h1>Directory listing for ${path}</h1>\n<hr>\n<ul>\n${items}\n</ul>\n<hr>\n</body>\n</html>\n` };
  });
  const end = defaultTermination(ctx);
  await new Promise<void>((resolve) => (end.aborted ? resolve() : end.addEventListener('abort', () => resolve(), { once: true })));
  stop();
  return 143;
}

function pythonConfig(tag: string): ImageConfig {
  const { version, variant } = pythonVersionOf(tag)!;
  const python = pythonProgram(version);
  const minor = version.split('.').slice(0, 2).join('.');
  const slim = variant.includes('slim');
  const alpine = variant.startsWith('alpine');
  return {
    entrypoint: [],
    cmd: [version.startsWith('2') ? 'python2' : 'python3'],
    env: { PATH: '/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', PYTHON_VERSION: version },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: alpine ? 17_602_304 : slim ? 45_316_270 : 369_713_802,
    files: { '/etc/os-release': debianBookwormRelease, '/etc/passwd': debianPasswd },
    dirs: [...baseDirs, '/usr/local/lib'],
    binaries: binariesOf({
      dirs: alpine ? ['/bin', '/usr/bin'] : ['/usr/bin', '/bin'],
      tools: alpine ? ['wget'] : slim ? ['bash'] : ['bash', 'wget', 'git'],
      // bookworm's coreutils 9.1; the full image (buildpack-deps) has procps 4.0.2, slim has none.
      userland: alpine ? alpineUserland : gnuUserland('9.1', slim ? undefined : '4.0.2'),
      extra: {
        ...Object.fromEntries(['python', `python${minor[0]}`, `python${minor}`].map((name) => [`/usr/local/bin/${name}`, python])),
        // buildpack-deps:bookworm's curl is Debian's 7.88.1.
        ...(alpine || slim ? {} : { '/usr/bin/curl': debianCurl }),
      },
    }),
  };
}

export const pythonFamily = cachedFamily(['docker.io/library/python'], (tag) => pythonVersionOf(tag) !== undefined, pythonConfig);

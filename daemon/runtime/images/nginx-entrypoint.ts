/**
 * `/docker-entrypoint.sh` of the nginx images (1.19+), imitated: when the command is nginx it walks
 * `/docker-entrypoint.d/`, logging each script as the real one does, runs the three packaged
 * scripts' effects (IPv6 listen added to the packaged default.conf, envsubst of
 * `/etc/nginx/templates/*.template`, worker autotune left off as by default), then execs the
 * command. User scripts mounted into the directory are run with `sh`.
 */
import { ProgramNotFoundError, type ProcessContext, type Program } from '../process.js';
import { packagedDefaultConf } from './nginx-pages.js';

const scriptsDir = '/docker-entrypoint.d';
const defaultConf = '/etc/nginx/conf.d/default.conf';

/** The packaged scripts by file name; everything else in the directory is a user's script. */
const packagedScripts: Record<string, (ctx: ProcessContext, log: (line: string) => void) => void> = {
  '10-listen-on-ipv6-by-default.sh': enableIpv6Listen,
  '15-local-resolvers.envsh': () => undefined,
  '20-envsubst-on-templates.sh': substituteTemplates,
  // Exits at once unless NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE is set.
  '30-tune-worker-processes.sh': () => undefined,
};

export const packagedScriptNames = Object.keys(packagedScripts);

/**
 * The entrypoint for an image whose nginx binary is `nginx`. `exec nginx` keeps PID 1, so nginx
 * runs in this very process (it must receive the container's SIGQUIT); other commands are spawned.
 */
export const nginxEntrypoint = (nginx: Program): Program => async (ctx) => {
  const self = ctx.argv[0] ?? '/docker-entrypoint.sh';
  const args = ctx.argv.slice(1);
  const log = (line: string): void => {
    if (!ctx.env['NGINX_ENTRYPOINT_QUIET_LOGS']) ctx.stdout(line + '\n');
  };
  if (args[0] === 'nginx' || args[0] === 'nginx-debug') {
    const scripts = listScripts(ctx);
    if (scripts.length) {
      log(`${self}: ${scriptsDir}/ is not empty, will attempt to perform configuration`);
      log(`${self}: Looking for shell scripts in ${scriptsDir}/`);
      for (const name of scripts) await runScript(ctx, self, name, log);
      log(`${self}: Configuration complete; ready for start up`);
    } else {
      log(`${self}: No files found in ${scriptsDir}/, skipping configuration`);
    }
  }
  // `exec "$@"`: the command replaces the script as PID 1, so its exit code is the container's.
  if (args[0] === 'nginx' || args[0] === 'nginx-debug') return nginx({ ...ctx, argv: args });
  return args.length ? execOrReport(ctx, self, args) : 0;
};

/** `exec` of a missing command: dash's message, exit 127. */
async function execOrReport(ctx: ProcessContext, self: string, args: string[]): Promise<number> {
  try {
    return await ctx.spawn(args);
  } catch (error) {
    if (!(error instanceof ProgramNotFoundError)) throw error;
    ctx.stderr(`${self}: 47: exec: ${args[0]}: not found\n`);
    return 127;
  }
}

function listScripts(ctx: ProcessContext): string[] {
  if (ctx.fs.stat(scriptsDir)?.type !== 'dir') return [];
  return ctx.fs
    .readdir(scriptsDir)
    .filter((name) => ctx.fs.stat(`${scriptsDir}/${name}`)?.type === 'file')
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

async function runScript(ctx: ProcessContext, self: string, name: string, log: (line: string) => void): Promise<void> {
  const path = `${scriptsDir}/${name}`;
  const packaged = packagedScripts[name];
  const executable = packaged !== undefined || ((ctx.fs.stat(path)?.mode ?? 0) & 0o111) !== 0;
  const sourced = name.endsWith('.envsh');
  if (!sourced && !name.endsWith('.sh')) return log(`${self}: Ignoring ${path}`);
  if (!executable) return log(`${self}: Ignoring ${path}, not executable`);
  log(`${self}: ${sourced ? 'Sourcing' : 'Launching'} ${path}`);
  if (packaged) packaged(ctx, log);
  else await ctx.spawn(['sh', path]).catch(() => 127);
}

/** 10-listen-on-ipv6-by-default.sh: adds `listen [::]:80;` to the untouched packaged file. */
function enableIpv6Listen(ctx: ProcessContext, log: (line: string) => void): void {
  const me = '10-listen-on-ipv6-by-default.sh';
  const stat = ctx.fs.stat(defaultConf);
  if (stat?.type !== 'file') return log(`${me}: info: ${defaultConf} is not a file or does not exist`);
  let text: string;
  try {
    text = ctx.fs.readFile(defaultConf);
    ctx.fs.writeFile(defaultConf, text); // the script's `touch` probe for a read-only mount
  } catch {
    return log(`${me}: info: can not modify ${defaultConf} (read-only file system?)`);
  }
  if (text.includes('listen  [::]:80;')) return log(`${me}: info: IPv6 listen already enabled`);
  if (!ctx.fs.stat('/etc/os-release')) return log(`${me}: info: can not guess the operating system`);
  log(`${me}: info: Getting the checksum of ${defaultConf}`);
  if (text !== packagedDefaultConf) return log(`${me}: info: ${defaultConf} differs from the packaged version`);
  ctx.fs.writeFile(defaultConf, text.replace('listen       80;', 'listen       80;\n    listen  [::]:80;'));
  log(`${me}: info: Enabled listen on IPv6 in ${defaultConf}`);
}

/** 20-envsubst-on-templates.sh: `${VAR}` of defined variables, templates → conf.d. */
function substituteTemplates(ctx: ProcessContext, log: (line: string) => void): void {
  const me = '20-envsubst-on-templates.sh';
  const templateDir = ctx.env['NGINX_ENVSUBST_TEMPLATE_DIR'] ?? '/etc/nginx/templates';
  const suffix = ctx.env['NGINX_ENVSUBST_TEMPLATE_SUFFIX'] ?? '.template';
  const outputDir = ctx.env['NGINX_ENVSUBST_OUTPUT_DIR'] ?? '/etc/nginx/conf.d';
  if (ctx.fs.stat(templateDir)?.type !== 'dir') return;
  for (const name of ctx.fs.readdir(templateDir).filter((n) => n.endsWith(suffix))) {
    const template = `${templateDir}/${name}`;
    const output = `${outputDir}/${name.slice(0, -suffix.length)}`;
    log(`${me}: Running envsubst on ${template} to ${output}`);
    try {
      const text = ctx.fs.readFile(template);
      ctx.fs.writeFile(output, text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => ctx.env[name] ?? all));
    } catch {
      return log(`${me}: ERROR: ${templateDir} exists, but ${outputDir} is not writable`);
    }
  }
}

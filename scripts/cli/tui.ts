/**
 * `kubelab tui` and `kubelab start` (npm start). The TUI is imported lazily, so that the daemon
 * and the other commands never load React or Ink (DESIGN "Build and start-up"). `start` starts a
 * daemon in the background when none runs for the data dir, then opens the TUI; quitting the TUI
 * leaves the daemon running. Without a terminal it prints one line instead of drawing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dataFiles } from '../../daemon/config.js';
import { parseUp, UsageError } from './args.js';
import { runningDaemon } from './daemon-record.js';
import { up } from './up.js';

const keepsRunning = 'kubelab: the cluster keeps running; `kubelab down` stops it';

function noTerminal(server: string): string {
  return `kubelab: the cluster is running at ${server}; run \`kubelab tui\` in a terminal for the dashboard, or use kubectl (context kubelab)\n`;
}

async function openTui(options: { kubeconfig: string; context?: string; command?: string; speed?: number; dataDir?: string }): Promise<void> {
  // React picks its build when first imported: without this it runs the development build, which
  // checks and logs every render (about twice the CPU per frame). Set before the lazy import.
  process.env.NODE_ENV ??= 'production';
  // Ink draws nothing until exit when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION set,
  // read once at import). The dashboard only opens on a terminal, where a user who exported CI in
  // their shell still wants it drawn: hide those variables from Ink (and from what the TUI spawns).
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[name];
  const { runTui } = await import('../../tui/main.js');
  // `s` on a node runs this CLI's `node shell` (the CLI runs compiled: dist/scripts/cli/ → scripts/kubelab).
  const bin = fileURLToPath(new URL('../../../scripts/kubelab', import.meta.url));
  const nodeShell = options.dataDir ? { command: process.execPath, args: [bin, 'node', 'shell', '--data', options.dataDir] } : undefined;
  await runTui({ ...options, nodeShell });
  process.stdout.write(`${keepsRunning}\n`);
}

/** `kubelab tui [--data DIR] [--kubeconfig FILE] [--context NAME] [--command CMD]` */
export async function tuiCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { data: { type: 'string' }, kubeconfig: { type: 'string' }, context: { type: 'string' }, command: { type: 'string' } } }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  let kubeconfig = values.kubeconfig ? resolve(values.kubeconfig) : undefined;
  // The header shows the daemon's --speed; a cluster reached through another kubeconfig has none.
  let speed: number | undefined;
  let dataDir: string | undefined;
  if (!kubeconfig) {
    dataDir = parseUp(values.data ? ['--data', values.data] : [], env).dataDir;
    const record = runningDaemon(dataDir);
    if (!record) throw new UsageError(`no daemon is running for ${dataDir}; start one with \`kubelab up --detach\` (or \`npm start\`)`);
    kubeconfig = dataFiles(dataDir).kubeconfig;
    speed = record.speed;
  }
  if (!existsSync(kubeconfig)) throw new UsageError(`no kubeconfig at ${kubeconfig}`);
  if (!process.stdout.isTTY || !process.stdin.isTTY) throw new UsageError('the TUI needs a terminal (stdin and stdout are not a TTY)');
  await openTui({ kubeconfig, context: values.context, command: values.command, speed, dataDir });
  return 0;
}

/** `kubelab start` (npm start): the daemon if none runs, then the TUI. Takes `kubelab up`'s flags. */
export async function startCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseUp(args, env);
  let record = runningDaemon(options.dataDir);
  if (!record) {
    const code = await up({ ...options, detach: true });
    if (code !== 0) return code;
    record = runningDaemon(options.dataDir);
    if (!record) throw new UsageError(`the daemon for ${options.dataDir} stopped right after it started; see ${dataFiles(options.dataDir).log}`);
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stdout.write(noTerminal(record.server));
    return 0;
  }
  await openTui({ kubeconfig: dataFiles(options.dataDir).kubeconfig, speed: record.speed, dataDir: options.dataDir });
  return 0;
}

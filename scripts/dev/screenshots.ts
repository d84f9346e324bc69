/**
 * Regenerates the TUI screenshots (docs/screenshots/*.txt and the block between the screenshot
 * markers of README.md): starts a real daemon (`kubelab up --detach`, temporary data dir, --speed
 * 10 so that a killed node goes NotReady in seconds), creates two Deployments with the real
 * kubectl, runs the real `kubelab tui` in a 120x32 tmux session, presses the keys a learner would
 * and saves tmux's `capture-pane` text of each view: pods, describe, logs, split, xray, cluster
 * map, and nodes with one NotReady. Pod names, ages and the clock differ from run to run.
 * Usage: npm run build && node dist/scripts/dev/screenshots.js   (needs tmux and kubectl)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monotonicMs, wallSleep } from '../../shared/clock.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url)); // dist/scripts/dev/ → the repository
const bin = join(repo, 'scripts', 'kubelab');
const outDir = join(repo, 'docs', 'screenshots');
const readme = join(repo, 'README.md');
const size = { columns: 120, rows: 32 };
const socket = `kubelab-screenshots-${process.pid}`;
const startMarker = '<!-- screenshots:start (scripts/dev/screenshots.ts writes this block) -->';
const endMarker = '<!-- screenshots:end -->';

/** The views, in the order the README shows them. */
const shots: { file: string; title: string }[] = [
  { file: 'pods.txt', title: 'Pods (`:po`), live, coloured as k9s colours them' },
  { file: 'describe.txt', title: '`d`: the text of `kubectl describe`' },
  { file: 'logs.txt', title: '`l`: logs, followed (`t`: with timestamps)' },
  { file: 'split.txt', title: '`v`: split view, the table above and the selected pod\'s logs below' },
  { file: 'xray.txt', title: '`:xray deploy`: Deployments → ReplicaSets → Pods' },
  { file: 'map.txt', title: '`:map`: the cluster map, pods in their nodes' },
  { file: 'nodes.txt', title: '`:no` after ctrl-k on node3: NotReady' },
];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
  return result.stdout;
}

const tmux = (...args: string[]): string => run('tmux', ['-L', socket, ...args]);
const screen = (): string => tmux('capture-pane', '-p', '-t', 'shots');
const keys = (...k: string[]): void => void tmux('send-keys', '-t', 'shots', ...k);

async function see(predicate: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const deadline = monotonicMs() + timeoutMs;
  for (;;) {
    const text = screen();
    if (predicate(text)) return text;
    if (monotonicMs() > deadline) throw new Error(`screenshots: timed out waiting for ${what}; screen:\n${text}`);
    await wallSleep(200);
  }
}

/** A capture without trailing spaces and blank lines; waits a moment so that the frame has settled. */
async function save(file: string, predicate: (text: string) => boolean, what: string): Promise<void> {
  await see(predicate, what);
  await wallSleep(700);
  const text = (await see(predicate, what)).split('\n').map((line) => line.trimEnd()).join('\n').replace(/\n+$/, '\n');
  writeFileSync(join(outDir, file), text);
  process.stderr.write(`screenshots: ${file}\n`);
}

function updateReadme(): void {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`screenshots: README.md has no ${startMarker} … ${endMarker} block`);
  const blocks = shots.map(({ file, title }) => `${title} (docs/screenshots/${file}):\n\n\`\`\`text\n${readFileSync(join(outDir, file), 'utf8')}\`\`\`\n`).join('\n');
  writeFileSync(readme, `${text.slice(0, start + startMarker.length)}\n${blocks}${text.slice(end)}`);
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-screenshots-'));
  const env = { KUBECONFIG: join(dataDir, 'kubeconfig'), HOME: dataDir, KUBELAB_HOME: dataDir };
  const kubectl = (...args: string[]): string => run('kubectl', args, env);
  run(process.execPath, [bin, 'up', '--detach', '--port', '0', '--data', dataDir, '--no-kubeconfig', '--node-subnet', '127.0.199.0/24', '--nodes', '3', '--speed', '10']);
  try {
    kubectl('create', 'deployment', 'web', '--image=nginx', '--replicas=4');
    kubectl('create', 'deployment', 'api', '--image=busybox', '--replicas=2', '--', 'sh', '-c', 'while true; do echo "GET /healthz 200"; sleep 2; done');
    const deadline = monotonicMs() + 60_000;
    while (kubectl('get', 'pods', '--no-headers').split('\n').filter((l) => / Running /.test(l)).length < 6) {
      if (monotonicMs() > deadline) throw new Error(`screenshots: the pods did not start:\n${kubectl('get', 'pods')}`);
      await wallSleep(500);
    }
    tmux('new-session', '-d', '-s', 'shots', '-x', String(size.columns), '-y', String(size.rows), '-e', `HOME=${dataDir}`, `${process.execPath} ${bin} tui --data ${dataDir}; sleep 600`);
    // Rows lose their "added" colour and change markers after 5 s: let the table come to rest.
    await see((s) => s.includes(' pods(default)[6]'), 'the six pods');
    await wallSleep(6000);
    await save('pods.txt', (s) => (s.match(/ Running /g) ?? []).length === 6, 'six running pods');

    keys('d');
    await save('describe.txt', (s) => /^Name: +api-/m.test(s), 'describe');
    keys('Escape');
    await see((s) => s.includes(' pods(default)[6]'), 'back to the pods');
    keys('l');
    await see((s) => s.includes('Timestamps:Off'), 'the logs view');
    keys('t'); // timestamps on, as `kubectl logs --timestamps`
    await save('logs.txt', (s) => (s.match(/Z GET \/healthz 200/g) ?? []).length >= 3, 'three log lines with timestamps');
    keys('Escape');
    await see((s) => s.includes(' pods(default)[6]'), 'back to the pods');
    keys('v');
    await save('split.txt', (s) => (s.match(/GET \/healthz 200/g) ?? []).length >= 2 && s.includes(' pods(default)[6]'), 'the split view');
    keys('v');
    await see((s) => !s.includes('GET /healthz'), 'the split closed');

    keys(':xray deploy', 'Enter');
    await save('xray.txt', (s) => (s.match(/Running/g) ?? []).length >= 6, 'the xray tree');
    keys(':map', 'Enter');
    await save('map.txt', (s) => s.includes('node1') && s.includes('node3') && /web-/.test(s), 'the cluster map');
    keys(':no', 'Enter');
    await see((s) => /^node3 +Ready/m.test(s), 'the nodes');
    keys('G');
    keys('C-k');
    await see((s) => s.includes('Kill node node3?'), 'the kill question');
    keys('y');
    await save('nodes.txt', (s) => /^node3 +NotReady/m.test(s), 'node3 NotReady');
    keys('q');
    updateReadme();
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    spawnSync(process.execPath, [bin, 'down', '--data', dataDir], { encoding: 'utf8' });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

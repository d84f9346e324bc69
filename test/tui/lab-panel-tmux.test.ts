// The lab panel of the real `kubelab tui` in a real terminal (tmux), against a real daemon: lab A
// started with the CLI, `:lab` shows its first step waiting, the real kubectl does the step and the
// tick appears without a key being pressed (the panel follows the cluster's watch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { kubelabBin, runCli, startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

test('kubelab tui in tmux: the lab panel ticks a step the moment kubectl does it', { skip: hasTmux ? false : 'tmux is not installed', timeout: 120_000 }, async (t) => {
  const daemon = await startDaemon(t, { nodes: 1, speed: 10 });
  const socket = `kubelab-lab-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  t.after(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });
  const started = runCli(['lab', 'start', 'a', '--data', daemon.dataDir]);
  assert.equal(started.code, 0, started.stderr);
  const command = `${process.execPath} ${kubelabBin} tui --data ${daemon.dataDir} --command lab; echo TUI-EXITED; sleep 120`;
  tmux('new-session', '-d', '-s', 'lab', '-x', '120', '-y', '30', '-e', `HOME=${daemon.dataDir}`, '-e', 'LANG=C.UTF-8', '-e', 'LC_ALL=', command);
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'lab');
  const see = (predicate: (text: string) => boolean, what: string, timeout = 30_000): Promise<string> =>
    waitFor(() => {
      const text = screen();
      return predicate(text) ? text : false;
    }, { what: `${what}; screen:\n${screen()}`, timeout, interval: 100 });

  const first = await see((s) => s.includes('▶ 1. Run a single pod'), 'the first step of lab A');
  assert.match(first, /^A\. Pods, watch and output formats \(lab-a\) {2}0\/4 *$/m);
  assert.match(first, /^ {4}\$ kubectl run mypod-cli --image=nginx:1\.14 --port 80 -n lab-a *$/m);
  assert.match(first, /^ {4}waiting: no Pod "mypod-cli" yet *$/m);
  assert.match(first, /^Next: 2\. Four replicas with a Deployment *$/m);

  const run = await daemon.kubectl('run', 'mypod-cli', '--image=nginx:1.14', '--port', '80', '-n', 'lab-a');
  assert.equal(run.stdout, 'pod/mypod-cli created\n');
  const ticked = await see((s) => s.includes('✔ 1. Run a single pod') && s.includes('▶ 2. Four replicas with a Deployment'), 'step 1 ticked');
  assert.match(ticked, /^A\. Pods, watch and output formats \(lab-a\) {2}1\/4 *$/m);
  // The tick is in the cluster: the CLI sees it too.
  const status = runCli(['lab', 'status', '--data', daemon.dataDir, '--lang', 'en']);
  assert.match(status.stdout, /^Lab A: Pods, watch and output formats \(namespace lab-a\), 1\/4 done$/m);

  // `:` works on the panel as on a table: `:q` quits.
  tmux('send-keys', '-t', 'lab', ':');
  await see((s) => s.includes(':█'), 'the command prompt');
  tmux('send-keys', '-t', 'lab', 'q', 'Enter');
  await see((s) => s.includes('TUI-EXITED'), 'the TUI quitting');
});

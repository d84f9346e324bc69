// The real `kubelab tui` in a real terminal (tmux), against a real daemon: a Deployment created
// with the real kubectl shows its pods; d describes, l shows logs, :no lists the nodes, ctrl-k
// kills a node (after a confirmation) and the node goes NotReady; q quits and leaves the daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { startDaemon, kubelabBin } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

test('kubelab tui in tmux: pods live, describe, logs, nodes, node kill', { skip: hasTmux ? false : 'tmux is not installed', timeout: 180_000 }, async (t) => {
  // --speed 10: the node-monitor grace period (50 s) passes in 5 s, so NotReady shows quickly.
  const daemon = await startDaemon(t, { nodes: 2, speed: 10 });
  const socket = `kubelab-smoke-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  t.after(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });
  const command = `${process.execPath} ${kubelabBin} tui --data ${daemon.dataDir}; echo TUI-EXITED; sleep 120`;
  tmux('new-session', '-d', '-s', 'smoke', '-x', '140', '-y', '40', '-e', `HOME=${daemon.dataDir}`, command);
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'smoke');
  const see = (predicate: (text: string) => boolean, what: string, timeout = 30_000): Promise<string> =>
    waitFor(() => {
      const text = screen();
      return predicate(text) ? text : false;
    }, { what: `${what}; screen:\n${screen()}`, timeout, interval: 100 });
  const keys = (...k: string[]): void => void tmux('send-keys', '-t', 'smoke', ...k);

  await see((s) => s.includes(' pods(default)[0]') && s.includes('No resources found in default namespace.'), 'the empty pods table');
  assert.match(screen(), /^Context: kubelab {2}Cluster: kubelab {2}Namespace: default {2}Clock: \d\d:\d\d {2}Speed: 10x/);

  const created = await daemon.kubectl('create', 'deployment', 'web', '--image=nginx', '--replicas=2');
  assert.equal(created.stdout, 'deployment.apps/web created\n');
  const withPods = await see((s) => (s.match(/^web-[a-z0-9]+-[a-z0-9]{5} +1\/1\S* +Running/gm) ?? []).length === 2, 'two running web pods');
  assert.match(withPods, /^NAME {19}READY {3}STATUS {4}RESTARTS {3}AGE *$/m);

  keys('d');
  await see((s) => /<describe pods\/web-/.test(s) && /^Name: +web-/m.test(s), 'the describe view');
  keys('Escape');
  await see((s) => s.includes(' pods(default)[2]'), 'back to the pods');
  keys('l');
  await see((s) => /<logs pods\/web-/.test(s), 'the logs view');
  keys('Escape');
  await see((s) => s.includes(' pods(default)[2]'), 'back to the pods');

  keys(':');
  await see((s) => s.includes(':█'), 'the command prompt');
  keys('no', 'Enter');
  await see((s) => s.includes(' nodes[3]') && /^node2 +Ready/m.test(s), 'the nodes');
  assert.match(screen(), /<ctrl-k> Kill node/);
  keys('G');
  keys('C-k');
  await see((s) => s.includes('Kill node node2? Its machine dies: kubelet and containers stop (y/n)'), 'the confirmation');
  keys('y');
  await see((s) => s.includes('node node2 killed (its kubelet and containers stopped)'), 'the kill flash');
  await see((s) => /^node2 +NotReady/m.test(s), 'node2 NotReady', 60_000);

  keys('q');
  const after = await see((s) => s.includes('TUI-EXITED'), 'the TUI quitting');
  assert.ok(after.includes('kubelab: the cluster keeps running; `kubelab down` stops it'), after);
  assert.equal((await daemon.kubectl('get', 'deployment', 'web', '-o', 'name')).stdout, 'deployment.apps/web\n', 'the daemon still runs');
});

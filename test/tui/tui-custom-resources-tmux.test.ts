// The real `kubelab tui` in tmux against a real daemon, for custom kinds: the TUI runs in its own
// process, where the apiserver's resource table is empty of CRDs, so `:ct` works only through
// the kinds it learns from the cluster's CRDs; the rows carry the CRD's printer columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { startDaemon, kubelabBin } from '../helpers/daemon.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const fixture = (name: string): string => repoPath('test', 'e2e', 'fixtures', 'custom-resources', name);

test('kubelab tui in tmux: :ct lists CronTabs with the CRD columns; ctrl-d deletes one', { skip: hasTmux ? false : 'tmux is not installed', timeout: 120_000 }, async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  assert.equal((await daemon.kubectl('apply', '-f', fixture('crontab-crd-validated.yaml'))).code, 0);
  await daemon.kubectl('wait', '--for', 'condition=Established', 'crd/crontabs.stable.example.com', '--timeout=20s');
  const created = await daemon.kubectl('apply', '-f', fixture('my-crontab.yaml'));
  assert.equal(created.stdout, 'crontab.stable.example.com/my-new-cron-object created\n', created.stderr);

  const socket = `kubelab-crd-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  t.after(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });
  const command = `${process.execPath} ${kubelabBin} tui --data ${daemon.dataDir}; echo TUI-EXITED; sleep 120`;
  tmux('new-session', '-d', '-s', 'crd', '-x', '120', '-y', '30', '-e', `HOME=${daemon.dataDir}`, command);
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'crd');
  const see = (predicate: (text: string) => boolean, what: string): Promise<string> =>
    waitFor(() => {
      const text = screen();
      return predicate(text) ? text : false;
    }, { what: `${what}; screen:\n${screen()}`, timeout: 30_000, interval: 100 });
  const keys = (...k: string[]): void => void tmux('send-keys', '-t', 'crd', ...k);

  await see((s) => s.includes(' pods(default)[0]'), 'the pods table');
  keys(':');
  await see((s) => s.includes(':█'), 'the command prompt');
  keys('ct', 'Enter');
  const table = await see((s) => s.includes(' crontabs(default)[1]') && s.includes('my-new-cron-object'), 'the CronTabs');
  assert.match(table, /^NAME {17}SPEC {10}REPLICAS {3}AGE *$/m);
  assert.match(table, /^my-new-cron-object {3}\* \* \* \* \*\/5 {3}1 {10}\d+s *$/m);
  keys('C-d');
  await see((s) => s.includes('Delete crontab.stable.example.com default/my-new-cron-object? (y/n)'), 'the confirmation');
  keys('y');
  await see((s) => s.includes('crontab.stable.example.com "my-new-cron-object" deleted'), 'the delete flash');
  keys('q');
  await see((s) => s.includes('TUI-EXITED'), 'the TUI quitting');
});

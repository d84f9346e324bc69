// `kubectl attach` and `kubectl run -it` (reference/kubectl-compat.md §9.8, §10) with the real
// kubectl: the main process's output from the moment of attaching, the keys typed into a
// container started with `stdin`/`tty`, and `run -it --rm`'s whole flow (create, wait, attach,
// `Session ended…`, delete).
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startInPty } from '../helpers/pty.js';
import { shareDaemon } from '../helpers/shared-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

// The file's tests share one daemon.
const shared = shareDaemon({ nodes: 1 });

test('kubectl attach streams the main process\'s stdout and stderr from now on', async () => {
  const script = 'i=0; while true; do i=$((i+1)); echo tick $i; echo err $i >&2; sleep 1; done';
  const created = await shared.daemon.kubectl('run', 'loop', '--image=busybox', '--', 'sh', '-c', script);
  assert.equal(created.stdout, 'pod/loop created\n', created.stderr);
  await shared.daemon.kubectl('wait', '--for=condition=Ready', 'pod/loop', '--timeout=60s');
  const child = spawn('kubectl', ['attach', 'loop'], { env: { ...process.env, ...shared.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await waitFor(() => /^tick \d+\ntick \d+\n/.test(stdout) && /err \d+\n/.test(stderr), { what: 'two ticks on stdout and an err line on stderr', timeout: 15_000 });
  child.kill('SIGINT');
  await exited;
  // Only lines written after the attach: the log holds earlier ones too.
  const first = Number(/^tick (\d+)/.exec(stdout)![1]);
  const logged = (await shared.daemon.kubectl('logs', 'loop')).stdout;
  assert.match(logged, /^tick 1\nerr 1\n/);
  assert.ok(first >= 1);
  assert.doesNotMatch(stdout, /err/);
});

test('kubectl run -it --rm bb --image=busybox -- sh: prompt after Enter, commands, exit, Session ended, pod deleted', async () => {
  const term = startInPty(['kubectl', 'run', '-it', '--rm', 'bb', '--image=busybox', '--', 'sh'], shared.env);
  await term.waitForText("If you don't see a command prompt, try pressing enter.\r\n", { timeout: 60_000 });
  term.type('\r');
  await term.waitForText('\r\n/ # ');
  let mark = term.output().length;
  term.type('hostname; tty\r');
  await term.waitForText('hostname; tty\r\nbb\r\n/dev/pts/0\r\n/ # ', { from: mark });
  mark = term.output().length;
  term.type('stty size\r');
  await term.waitForText('stty size\r\n30 100\r\n/ # ', { from: mark });
  term.type('exit\r');
  assert.equal(await term.exited, 0);
  assert.match(term.output(), /\/ # exit\r\nSession ended, resume using 'kubectl attach bb -c bb -i -t' command when the pod is running\r?\npod "bb" deleted\r?\n$/);
  // `--rm` deletes without waiting: the pod terminates, then goes.
  await waitFor(async () => (await shared.daemon.kubectl('get', 'pod', 'bb')).stderr === 'Error from server (NotFound): pods "bb" not found\n', { what: 'pod bb to be gone', timeout: 60_000 });
});

test('kubectl attach -it to a pod with stdin and tty: the shell\'s console, Ctrl-C, then its exit ends the session', async () => {
  const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: console
spec:
  restartPolicy: Never
  containers:
  - name: shell
    image: busybox
    command: ["sh"]
    stdin: true
    tty: true
`;
  assert.equal((await shared.daemon.kubectlWithInput(manifest, 'apply', '-f', '-')).stdout, 'pod/console created\n');
  await shared.daemon.kubectl('wait', '--for=condition=Ready', 'pod/console', '--timeout=60s');
  const term = startInPty(['kubectl', 'attach', '-it', 'console'], shared.env);
  await term.waitForText("If you don't see a command prompt, try pressing enter.\r\n");
  term.type('\r');
  await term.waitForText('\r\n/ # ');
  let mark = term.output().length;
  term.type('sleep 1000\r');
  await term.waitForText('sleep 1000\r\n', { from: mark });
  term.type('\x03');
  await term.waitForText('^C\r\n/ # ', { from: mark });
  mark = term.output().length;
  term.type('echo $((6*7))\r');
  await term.waitForText('echo $((6*7))\r\n42\r\n/ # ', { from: mark });
  term.type('exit 2\r');
  assert.equal(await term.exited, 0);
  await waitFor(async () => (await shared.daemon.kubectl('get', 'pod', 'console', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.exitCode}')).stdout === '2', { what: 'the shell to end with 2' });
  // The log holds what the pty showed, the prompt printed before anyone attached included.
  assert.equal((await shared.daemon.kubectl('logs', 'console')).stdout, '/ # \n/ # sleep 1000\n^C\n/ # echo $((6*7))\n42\n/ # exit 2\n');
});

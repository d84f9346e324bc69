// `kubectl exec` with a live stdin and a terminal (reference/kubectl-compat.md §9.8, §10), driven
// with the real kubectl: `-it` on a pty (echo, Backspace, Ctrl-C, Ctrl-D, the window size, the
// prompts of busybox ash and Debian's bash, the exit status) and `-i` fed by a pipe, where each
// command runs as its line arrives.
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startInPty } from '../helpers/pty.js';
import { shareDaemon } from '../helpers/shared-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

// The file's tests share one daemon, with a busybox and an nginx pod to exec into.
const shared = shareDaemon({ nodes: 1 }, async (daemon) => {
  assert.equal((await daemon.kubectl('run', 'bb', '--image=busybox', '--', 'sleep', '3600')).stdout, 'pod/bb created\n');
  assert.equal((await daemon.kubectl('run', 'web', '--image=nginx')).stdout, 'pod/web created\n');
  const ready = await daemon.kubectl('wait', '--for=condition=Ready', 'pod/bb', 'pod/web', '--timeout=60s');
  assert.equal(ready.stdout, 'pod/bb condition met\npod/web condition met\n', ready.stderr);
});

test('kubectl exec -it bb -- sh: the busybox prompt, echo, line editing, stty size, Ctrl-C and the exit status', async () => {
  const term = startInPty(['kubectl', 'exec', '-it', 'bb', '--', 'sh'], shared.env, { columns: 100, rows: 30 });
  await term.waitForText('/ # ');
  term.type('echo hello\r');
  await term.waitForText('/ # echo hello\r\nhello\r\n/ # ');
  let mark = term.output().length;
  term.type('stty size\r');
  await term.waitForText('stty size\r\n30 100\r\n/ # ', { from: mark });
  mark = term.output().length;
  term.type('ehco\x7f\x7f\x7fcho x\x15echo fixed\r');
  await term.waitForText('fixed\r\n/ # ', { from: mark });
  mark = term.output().length;
  term.type('cd /tmp; sleep 1000; echo not-reached\r');
  await term.waitForText('sleep 1000; echo not-reached\r\n', { from: mark });
  term.type('\x03');
  await term.waitForText('^C\r\n/tmp # ', { from: mark });
  mark = term.output().length;
  term.type('half-typed\x03');
  await term.waitForText('half-typed^C\r\n/tmp # ', { from: mark });
  mark = term.output().length;
  term.type('echo $?\r');
  await term.waitForText('echo $?\r\n130\r\n/tmp # ', { from: mark });
  term.type('exit 3\r');
  assert.equal(await term.exited, 3);
  assert.match(term.output(), /\/tmp # exit 3\r\ncommand terminated with exit code 3\r?\n$/);
  assert.ok(!term.output().includes('\r\nnot-reached\r\n'), 'Ctrl-C stops the rest of the command line');
});

test('kubectl exec -it web -- bash: the Debian prompt follows the directory, COLUMNS is the window, Ctrl-D exits 0', async () => {
  const term = startInPty(['kubectl', 'exec', '-it', 'web', '--', 'bash'], shared.env, { columns: 120, rows: 40 });
  await term.waitForText('root@web:/# ');
  term.type('cd /etc\r');
  await term.waitForText('root@web:/# cd /etc\r\nroot@web:/etc# ');
  const mark = term.output().length;
  term.type('echo $COLUMNS $LINES\r');
  await term.waitForText('echo $COLUMNS $LINES\r\n120 40\r\nroot@web:/etc# ', { from: mark });
  term.type('\x04');
  assert.equal(await term.exited, 0);
  assert.match(term.output(), /root@web:\/etc# exit\r\n$/);
});

test('kubectl exec -it bb -- sleep 1000: Ctrl-C kills the command, kubectl reports 130', async () => {
  const term = startInPty(['kubectl', 'exec', '-it', 'bb', '--', 'sleep', '1000'], shared.env);
  // No prompt to wait for: the pod's process table shows when the exec has started.
  await waitFor(async () => (await shared.daemon.kubectl('exec', 'bb', '--', 'ps')).stdout.includes('sleep 1000'), { what: 'the exec\'d sleep to run' });
  term.type('\x03');
  assert.equal(await term.exited, 130);
  assert.match(term.output(), /\^Ccommand terminated with exit code 130\r?\n$/);
});

test('kubectl exec -it bb -- sh: ping catches Ctrl-C, prints its statistics, and the command line goes on', async () => {
  const webIP = (await shared.daemon.kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}')).stdout;
  const term = startInPty(['kubectl', 'exec', '-it', 'bb', '--', 'sh'], shared.env);
  await term.waitForText('/ # ');
  const mark = term.output().length;
  term.type(`ping ${webIP}; echo after\r`);
  // One node: both pods hang off the same node, one router between them.
  await term.waitForText(`64 bytes from ${webIP}: seq=0 ttl=63 time=`, { from: mark });
  term.type('\x03');
  await term.waitForText(`^C\r\n--- ${webIP} ping statistics ---\r\n`, { from: mark });
  await term.waitForText(' ms\r\nafter\r\n/ # ', { from: mark });
  assert.match(term.output().slice(mark), /\d+ packets transmitted, \d+ packets received, 0% packet loss\r\nround-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms\r\n/);
  term.type('echo $?; exit\r');
  await term.waitForText('\r\n0\r\n', { from: mark });
  assert.equal(await term.exited, 0);
});

test('kubectl exec bb -- ping: a ClusterIP never answers (kube-proxy does not handle ICMP)', async () => {
  const result = await shared.daemon.kubectl('exec', 'bb', '--', 'ping', '-c', '1', '-W', '1', 'kubernetes.default');
  assert.equal(result.stdout, 'PING kubernetes.default (10.96.0.1): 56 data bytes\n\n--- kubernetes.default ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n');
  assert.equal(result.stderr, 'command terminated with exit code 1\n');
});

test('kubectl exec -i bb -- sh: commands piped in run as their lines arrive, no prompt', async () => {
  const child = spawn('kubectl', ['exec', '-i', 'bb', '--', 'sh'], { env: { ...process.env, ...shared.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  child.stdin.write('echo one\n');
  await waitFor(() => stdout === 'one\n', { what: 'the first command to run before stdin ends' });
  child.stdin.write('read name\nfirst\necho "hello $name"; hostname\n');
  await waitFor(() => stdout === 'one\nhello first\nbb\n', { what: 'read to take the next line' });
  child.stdin.write('echo oops >&2; exit 4\n');
  assert.equal(await exited, 4);
  assert.equal(stderr, 'oops\ncommand terminated with exit code 4\n');
});

test('kubectl exec without -i still runs a command with stdout and stderr apart', async () => {
  const result = await shared.daemon.kubectl('exec', 'bb', '--', 'sh', '-c', 'echo out; echo err >&2; tty; exit 2');
  assert.equal(result.stdout, 'out\nnot a tty\n');
  assert.equal(result.stderr, 'err\ncommand terminated with exit code 2\n');
  assert.equal(result.code, 2);
  const piped = await shared.daemon.kubectlWithInput('line 1\nline 2\n', 'exec', '-i', 'bb', '--', 'wc', '-l');
  assert.equal(piped.stdout.trim(), '2');
});

// k9s's shell key (`s`) runs exactly this command line: bash where the image has it, else sh.
const k9sShell = 'command -v bash >/dev/null && exec bash || exec sh';

test('k9s\'s shell command line: busybox has no bash, so exec sh prompts `/ # `', async () => {
  const term = startInPty(['kubectl', 'exec', '-it', 'bb', '--', 'sh', '-c', k9sShell], shared.env);
  await term.waitForText('/ # ');
  term.type('echo $0; command -v bash || echo no bash\r');
  await term.waitForText('\r\nsh\r\nno bash\r\n/ # ');
  term.type('exit 5\r');
  assert.equal(await term.exited, 5);
  assert.match(term.output(), /\/ # exit 5\r\ncommand terminated with exit code 5\r?\n$/);
});

test('k9s\'s shell command line: the Debian nginx image has bash, so exec bash prompts root@web:/# ', async () => {
  const term = startInPty(['kubectl', 'exec', '-it', 'web', '--', 'sh', '-c', k9sShell], shared.env);
  await term.waitForText('root@web:/# ');
  term.type('type bash; cat /nope\r');
  await term.waitForText('\r\nbash is /usr/bin/bash\r\ncat: /nope: No such file or directory\r\nroot@web:/# ');
  // Ctrl-D: bash leaves with the status of the last command, cat's 1.
  term.type('\x04');
  assert.equal(await term.exited, 1);
  assert.match(term.output(), /root@web:\/# exit\r\ncommand terminated with exit code 1\r?\n$/);
});

// Last in the file: it restarts web's container.
test('kill 1: nginx exits on SIGTERM and restarts; a sleeping PID 1 ignores it; Debian slim has no /bin/kill', async () => {
  const { kubectl } = shared.daemon;
  const missing = await kubectl('exec', 'web', '--', 'kill', '1');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /exec: "kill": executable file not found in \$PATH: unknown\n$/);
  assert.deepEqual(await kubectl('exec', 'bb', '--', 'kill', '1'), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await kubectl('exec', 'web', '--', 'sh', '-c', 'kill 1'), { stdout: '', stderr: '', code: 0 });
  const restarted = await waitFor(async () => {
    const row = (await kubectl('get', 'pod', 'web', 'bb', '--no-headers')).stdout;
    return /^web\s+1\/1\s+Running\s+1 \(\d+s ago\)\s/m.test(row) ? row : undefined;
  }, { what: 'web to restart once' });
  assert.match(restarted, /^bb\s+1\/1\s+Running\s+0\s/m);
  const last = await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}');
  assert.equal(last.stdout, 'Completed 0');
});

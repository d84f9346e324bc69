// Signals sent from inside a container (`kill`) and Ctrl-C delivered to an exec's job, with the
// real shell and tools, on the simulated runtime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setToolLoader } from '../../../../daemon/runtime/images/image.js';
import { coreutilsPrograms } from '../../../../daemon/runtime/shell/coreutils.js';
import { TerminalDevice } from '../../../../daemon/runtime/tty/terminal.js';
import { podPidNamespace } from '../../../../daemon/runtime/fs/proc-fs.js';
import { advance, runtimeSetup } from '../../../helpers/runtime.js';

setToolLoader(async () => coreutilsPrograms);

async function run(container: { exec: (argv: string[], io: { stdout(d: string): void; stderr(d: string): void }) => Promise<number> }, argv: string[]) {
  const out = { stdout: '', stderr: '', code: -1 };
  out.code = await container.exec(argv, { stdout: (d) => (out.stdout += d), stderr: (d) => (out.stderr += d) });
  return out;
}

test('kill 1 stops nginx, which handles SIGTERM, and the container exits 0', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const nginx = await runtime.startContainer(config({ image: 'nginx' }));
  await advance(clock, 20);
  let status: { exitCode: number; reason: string } | undefined;
  void nginx.wait().then((s) => (status = s));
  const current = (): typeof status => status;
  // The shell's kill returns before the signal lands, so the exec ends first with 0.
  assert.deepEqual(await run(nginx, ['sh', '-c', 'kill 1']), { stdout: '', stderr: '', code: 0 });
  assert.equal(current(), undefined);
  await advance(clock, 50);
  assert.deepEqual({ exitCode: current()?.exitCode, reason: current()?.reason }, { exitCode: 0, reason: 'Completed' });
});

test('kill 1 and kill -9 1 leave a sleeping PID 1 alone: the kernel protects the namespace init', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const sleeper = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'] }));
  await advance(clock, 20);
  let ended = false;
  void sleeper.wait().then(() => (ended = true));
  assert.deepEqual(await run(sleeper, ['kill', '1']), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await run(sleeper, ['kill', '-9', '1']), { stdout: '', stderr: '', code: 0 });
  await advance(clock, 1000, 100);
  assert.equal(ended, false);
});

test('kill ends another process of the container, and says so for a PID nobody has', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const sleeper = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'] }));
  await advance(clock, 20);
  const napping = run(sleeper, ['sleep', '100']);
  await advance(clock, 20);
  const pid = /^\s*(\d+) .*sleep 100$/m.exec((await run(sleeper, ['ps'])).stdout)?.[1];
  assert.ok(pid, 'ps shows the exec\'d sleep');
  assert.deepEqual(await run(sleeper, ['kill', pid]), { stdout: '', stderr: '', code: 0 });
  await advance(clock, 10);
  assert.equal((await napping).code, 143);
  // As ash's builtin, busybox's kill speaks with the shell's name; as the applet, with its own.
  assert.deepEqual(await run(sleeper, ['sh', '-c', 'kill -KILL 4242; kill -FOO 1']), {
    stdout: '',
    stderr: "sh: can't kill pid 4242: No such process\nsh: bad signal name 'FOO'\n",
    code: 1,
  });
  assert.deepEqual(await run(sleeper, ['kill', 'x', '4242']), { stdout: '', stderr: "kill: invalid number 'x'\nkill: can't kill pid 4242: No such process\n", code: 1 });
  assert.deepEqual(await run(sleeper, ['kill', '-l', '137', 'TERM']), { stdout: 'KILL\n15\n', stderr: '', code: 0 });
  const list = await run(sleeper, ['kill', '-l']);
  assert.deepEqual(list.stdout.split('\n').slice(0, 3), [' 1) HUP', ' 2) INT', ' 3) QUIT']);
  assert.deepEqual(list.stdout.split('\n').slice(-4), ['31) SYS', '34) RTMIN', '64) RTMAX', '']);
});

test('Ctrl-C at an exec\'s terminal kills a command that does not catch it, and spares one that does', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const sleeper = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'] }));
  await advance(clock, 20);
  const device = new TerminalDevice();
  const sleeping = sleeper.exec(['sleep', '100'], { stdout: () => undefined, stderr: () => undefined, terminal: device });
  await advance(clock, 20);
  device.interrupt();
  assert.equal(await sleeping, 130);
  let out = '';
  const pinging = sleeper.exec(['ping', '127.0.0.1'], { stdout: (d) => (out += d), stderr: () => undefined, terminal: device });
  await advance(clock, 1500, 100);
  device.interrupt();
  assert.equal(await pinging, 0);
  assert.match(out, /\n--- 127\.0\.0\.1 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\n/);
});

test('kill -INT runs the handler of a program that catches SIGINT: ping prints its statistics', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const sleeper = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'] }));
  await advance(clock, 20);
  let out = '';
  const pinging = sleeper.exec(['ping', '127.0.0.1'], { stdout: (d) => (out += d), stderr: () => undefined, terminal: new TerminalDevice() });
  await advance(clock, 1500, 100);
  const pid = /^\s*(\d+) .*ping 127\.0\.0\.1$/m.exec((await run(sleeper, ['ps'])).stdout)?.[1];
  assert.ok(pid, 'ps shows the ping');
  assert.deepEqual(await run(sleeper, ['kill', '-INT', pid]), { stdout: '', stderr: '', code: 0 });
  await advance(clock, 10);
  assert.equal(await pinging, 0);
  assert.match(out, /\n--- 127\.0\.0\.1 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\n/);
});

test('a killed shell leaves no Ctrl-C handler on the terminal', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const sleeper = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'] }));
  await advance(clock, 20);
  const device = new TerminalDevice();
  const lines: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  const readLine = (): Promise<string | undefined> => {
    const next = lines.shift();
    return next !== undefined ? Promise.resolve(next) : new Promise((resolve) => (waiting = resolve));
  };
  const type = (line: string): void => {
    const resolve = waiting;
    waiting = undefined;
    if (resolve) resolve(line);
    else lines.push(line);
  };
  let err = '';
  const session = sleeper.exec(['sh'], { stdout: () => undefined, stderr: (d) => (err += d), terminal: device, readLine });
  await advance(clock, 20);
  type('sh');
  await advance(clock, 20);
  const inner = /^\s*(\d+) .* sh$/m.exec((await run(sleeper, ['ps', '-o', 'pid,args'])).stdout.split('\n').filter((l) => / sh$/.test(l)).at(-1) ?? '')?.[1];
  assert.ok(inner, 'ps shows the inner shell');
  await run(sleeper, ['kill', '-9', inner]);
  await advance(clock, 20);
  // The job's Ctrl-C and the outer shell's handler; the dead inner shell's went with it (a
  // SIGKILLed program never runs its own unsubscribe).
  assert.equal((Reflect.get(device, 'listeners') as Set<unknown>).size, 2);
  err = '';
  device.interrupt();
  await advance(clock, 20);
  assert.equal(err, '\n/ # ');
  type('exit 3');
  assert.equal(await session, 3);
});

test('with shareProcessNamespace a shell kills another container\'s process, which is not PID 1 there', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const processes = podPidNamespace(clock.now());
  const nginx = await runtime.startContainer(config({ image: 'nginx', name: 'nginx', podPidNamespace: processes }));
  const shell = await runtime.startContainer(config({ image: 'busybox', name: 'shell', command: ['sleep', '3600'], podPidNamespace: processes }));
  await advance(clock, 20);
  let status: { exitCode: number; reason: string } | undefined;
  void nginx.wait().then((s) => (status = s));
  const ps = (await run(shell, ['ps'])).stdout;
  assert.match(ps, /^\s*1 65535\s.*\/pause$/m);
  const pid = /^\s*(\d+) root .*docker-entrypoint\.sh nginx/m.exec(ps)?.[1];
  assert.ok(pid, 'ps in the shell container shows nginx');
  // /pause takes the signal (it has handlers) and nothing happens here.
  assert.deepEqual(await run(shell, ['sh', '-c', `kill -HUP ${pid}; kill 1; kill ${pid}`]), { stdout: '', stderr: '', code: 0 });
  await advance(clock, 50);
  assert.deepEqual({ exitCode: status?.exitCode, reason: status?.reason }, { exitCode: 0, reason: 'Completed' });
});

test('Ctrl-C during a ping under sh -c: ping prints its statistics, then the shell dies of SIGINT', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const sleeper = await runtime.startContainer(config({ image: 'busybox', command: ['sleep', '3600'] }));
  await advance(clock, 20);
  const device = new TerminalDevice();
  let out = '';
  const job = sleeper.exec(['sh', '-c', 'ping -q 127.0.0.1; echo done'], { stdout: (d) => (out += d), stderr: (d) => (out += d), terminal: device });
  await advance(clock, 1500, 100);
  device.interrupt();
  assert.equal(await job, 130);
  assert.equal(
    out,
    'PING 127.0.0.1 (127.0.0.1): 56 data bytes\n\n--- 127.0.0.1 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.051/0.069/0.088 ms\n',
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StdinStream } from '../../../../../daemon/runtime/tty/stdin-stream.js';
import { TerminalDevice } from '../../../../../daemon/runtime/tty/terminal.js';
import { TestContainer, settle } from './harness.js';

describe('sh: invocation', () => {
  const cases: { name: string; given: string[]; want: { stdout?: string; stderr?: string; code: number } }[] = [
    { name: 'runs -c with $0 and positional parameters after the script', given: ['sh', '-c', 'echo $0 $1 $#', 'myname', 'first'], want: { stdout: 'myname first 1\n', code: 0 } },
    { name: 'prefixes messages with argv[0] as given (/bin/sh)', given: ['/bin/sh', '-c', 'curlx localhost'], want: { stderr: '/bin/sh: curlx: not found\n', code: 127 } },
    { name: 'prefixes messages with $0 when -c is given one', given: ['sh', '-c', 'nosuch', 'job'], want: { stderr: 'job: nosuch: not found\n', code: 127 } },
    { name: 'requires an argument for -c', given: ['sh', '-c'], want: { stderr: 'sh: -c requires an argument\n', code: 2 } },
    { name: 'takes -e before -c', given: ['sh', '-ec', 'false; echo no'], want: { code: 1 } },
    { name: 'traces commands with -x', given: ['sh', '-xc', 'echo hi'], want: { stdout: 'hi\n', stderr: '+ echo hi\n', code: 0 } },
    { name: 'rejects an unknown option', given: ['sh', '-Z', '-c', 'true'], want: { stderr: 'sh: illegal option -Z\n', code: 2 } },
    { name: 'reports a script file that does not exist', given: ['sh', '/nope.sh'], want: { stderr: "sh: can't open '/nope.sh': No such file or directory\n", code: 2 } },
    { name: 'exports PWD and SHLVL as ash does', given: ['sh', '-c', 'printenv SHLVL PWD'], want: { stdout: '1\n/\n', code: 0 } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const got = await new TestContainer().run(c.given);
      assert.deepEqual(got, { stdout: '', stderr: '', ...c.want });
    });
  }

  it('runs a script file, naming it and the line in messages', async () => {
    const container = new TestContainer();
    container.fs.writeFile('/run.sh', 'echo "args: $@"\ncd /nope\nnosuch\n');
    const got = await container.run(['sh', '/run.sh', 'a', 'b']);
    assert.deepEqual(got, {
      stdout: 'args: a b\n',
      stderr: "/run.sh: cd: line 2: can't cd to /nope: No such file or directory\n/run.sh: line 3: nosuch: not found\n",
      code: 127,
    });
  });

  it('runs an executable script by path with its #! interpreter', async () => {
    const container = new TestContainer({ image: { files: { '/entrypoint.sh': '#!/bin/sh\necho "entry $1"\n' } } });
    assert.deepEqual(await container.run(['sh', '-c', '/entrypoint.sh go']), { stdout: 'entry go\n', stderr: '', code: 0 });
  });

  it('reads the script from stdin when there is no terminal', async () => {
    const got = await new TestContainer().run(['sh'], { readStdin: async () => 'echo from stdin\nexit 5\n' });
    assert.deepEqual(got, { stdout: 'from stdin\n', stderr: '', code: 5 });
  });

  it('prompts on a terminal, continues open constructs with PS2 and survives errors', async () => {
    const lines = ['echo hi', 'cd /tmp', 'if true; then', 'echo inside', 'fi', 'fi', 'nosuch', 'exit 7'];
    const got = await new TestContainer().run(['sh'], { readLine: async () => lines.shift() });
    assert.deepEqual(got, {
      stdout: 'hi\ninside\n',
      stderr: '/ # / # /tmp # > > /tmp # sh: syntax error: unexpected "fi"\n/tmp # sh: nosuch: not found\n/tmp # ',
      code: 7,
    });
  });

  it('shows ~ for the home directory in the prompt and ends at end of input', async () => {
    const lines = ['cd', 'false'];
    const got = await new TestContainer().run(['sh'], { readLine: async () => lines.shift() });
    assert.deepEqual(got, { stdout: '', stderr: '/ # ~ # ~ # ', code: 1 });
  });
});

describe('sh: a live stdin and a terminal (kubectl exec -i / -it)', () => {
  it('runs each command as its line arrives when stdin is a live stream, without prompts', async () => {
    const stdin = new StdinStream();
    const run = new TestContainer().run(['sh'], { readStdinLine: () => stdin.readLine(), readStdin: () => stdin.readAll() });
    stdin.write('echo one\nfor i in 1 2; do\n');
    await settle();
    assert.equal(run.output.stdout, 'one\n');
    stdin.write('echo $i; done\nread name\nworld\necho "hello $name"\n');
    await settle();
    assert.equal(run.output.stdout, 'one\n1\n2\nhello world\n');
    stdin.end();
    assert.deepEqual(await run, { stdout: 'one\n1\n2\nhello world\n', stderr: '', code: 0 });
  });

  it('Ctrl-C stops a running loop and the rest of its line; at the prompt it drops the line', async () => {
    const stdin = new StdinStream();
    const terminal = new TerminalDevice();
    const readLine = async (): Promise<string | undefined> => (await stdin.readLine())?.replace(/\n$/, '');
    const run = new TestContainer().run(['sh'], { readLine, readStdinLine: () => stdin.readLine(), terminal });
    stdin.write('while true; do :; done; echo not-reached\n');
    await settle();
    terminal.interrupt();
    await settle();
    terminal.interrupt();
    stdin.write('echo $?\n');
    await settle();
    stdin.eof();
    assert.deepEqual(await run, { stdout: '130\n', stderr: '/ # \n/ # \n/ # / # ', code: 0 });
  });

  it('bash prompts as the distribution sets it up: Debian `root@host:/# `, CentOS `[root@host /]# `', async () => {
    for (const [osRelease, prompt] of [['ID=debian\n', 'root@web:/tmp# '], ['ID="centos"\n', '[root@web tmp]# '], ['ID=alpine\n', 'bash-5.2# ']] as const) {
      const container = new TestContainer({ hostname: 'web.default.svc' });
      container.fs.writeFile('/etc/os-release', osRelease);
      const lines = ['cd /tmp'];
      const got = await container.run(['bash'], { readLine: async () => lines.shift() });
      assert.equal(got.stderr.split('# ')[1] + '# ', prompt, osRelease);
    }
  });
});

describe('sh: signals and time', () => {
  it('streams a loop\'s output as it runs, on the cluster clock', async () => {
    const container = new TestContainer();
    const run = container.run(['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 5; done']);
    await settle();
    assert.equal(run.output.stdout, 'tick 1\n');
    container.clock.step(5000);
    await settle();
    assert.equal(run.output.stdout, 'tick 1\ntick 2\n');
    // Each sleep starts when the previous line is written, so time moves in sleep-sized steps.
    for (let i = 0; i < 2; i++) {
      container.clock.step(5000);
      await settle();
    }
    assert.equal(run.output.stdout, 'tick 1\ntick 2\ntick 3\ntick 4\n');
    container.kill.abort();
    assert.equal((await run).code, 137);
  });

  it('ignores SIGTERM as PID 1 (the kernel gives init no default action) until SIGKILL', async () => {
    const container = new TestContainer();
    const run = container.run(['sh', '-c', 'while true; do sleep 1; done']);
    await settle();
    container.term.abort('SIGTERM');
    container.clock.step(3000);
    await settle();
    assert.equal(run.output.code, -1, 'still running after SIGTERM');
    container.kill.abort();
    assert.equal((await run).code, 137);
  });

  it('runs a TERM trap on SIGTERM and exits as it says', async () => {
    const container = new TestContainer();
    const run = container.run(['sh', '-c', "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"]);
    await settle();
    container.term.abort('SIGTERM');
    container.clock.step(1000);
    await settle();
    assert.deepEqual(await run, { stdout: 'bye\n', stderr: '', code: 0 });
  });

  it('dies of SIGTERM (143) when it is not PID 1', async () => {
    const container = new TestContainer();
    const main = container.run(['sleep', 'infinity']);
    const term = new AbortController();
    const exec = container.run(['sh', '-c', 'while true; do sleep 1; done'], { signal: term.signal, pid: 7 });
    await settle();
    term.abort('SIGTERM');
    container.clock.step(1000);
    await settle();
    assert.equal((await exec).code, 143);
    container.kill.abort();
    assert.equal((await main).code, 137);
  });

  it('does not starve the event loop in a busy loop, and stops when killed', async () => {
    const container = new TestContainer();
    const run = container.run(['sh', '-c', 'while true; do :; done']);
    await settle(50);
    assert.equal(run.output.code, -1);
    container.kill.abort();
    assert.equal((await run).code, 137);
  });

  it('runs the EXIT trap when the script ends', async () => {
    const got = await new TestContainer().run(['sh', '-c', "trap 'echo cleanup' EXIT; echo work; exit 3"]);
    assert.deepEqual(got, { stdout: 'work\ncleanup\n', stderr: '', code: 3 });
  });
});

// `command`, `type` and `which` as busybox ash (and bash, when the shell runs as bash) print them,
// and `exec sh` inside `sh -c` handing the terminal to an interactive shell: k9s's shell key runs
// `sh -c "command -v bash >/dev/null && exec bash || exec sh"`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestContainer, type RunResult } from './harness.js';

const elf = '\x7fELF\x02\x01\x01\0';
/** An image with sh and ls in /bin and bash in /usr/bin (as a Debian image has them). */
const withBash = { files: { '/bin/sh': elf, '/bin/ls': elf, '/usr/bin/bash': elf, '/usr/bin/which': elf }, dirs: ['/root', '/bin', '/usr/bin'] };
const busybox = { files: { '/bin/sh': elf, '/bin/ls': elf, '/bin/which': elf }, dirs: ['/root', '/bin'] };

function sh(script: string, image: { files: Record<string, string>; dirs: string[] } = busybox, shell = 'sh'): Promise<RunResult> {
  return new TestContainer({ image }).run([shell, '-c', script]);
}

describe('command and type', () => {
  const cases: { name: string; given: string; shell?: string; want: Partial<RunResult> }[] = [
    { name: 'command -v prints the path of a program', given: 'command -v ls', want: { stdout: '/bin/ls\n' } },
    { name: 'command -v prints the name of a builtin, a keyword and a function', given: 'f() { :; }; command -v echo if f', want: { stdout: 'echo\nif\nf\n' } },
    { name: 'command -v prints nothing for a missing name, status 127 in ash', given: 'command -v bash', want: { code: 127 } },
    { name: 'command -v is status 1 in bash', given: 'command -v nosuch', shell: 'bash', want: { code: 1 } },
    {
      name: 'command -V and type describe each name',
      given: 'command -V ls; type echo exit if nosuch',
      want: { stdout: 'ls is /bin/ls\necho is a shell builtin\nexit is a special shell builtin\nif is a shell keyword\nnosuch: not found\n', code: 127 },
    },
    { name: 'bash says a missing name on stderr', given: 'type nosuch', shell: 'bash', want: { stderr: 'bash: type: nosuch: not found\n', code: 1 } },
    { name: 'command NAME skips a function of the same name', given: 'echo() { printf "function\\n"; }; command echo builtin', want: { stdout: 'builtin\n' } },
    { name: 'command runs a program with its arguments', given: 'command ls -d /root', want: { stdout: '/root\n' } },
    { name: 'which prints the first path and is status 1 for a missing name', given: 'which ls nosuch', want: { stdout: '/bin/ls\n', code: 1 } },
  ];
  for (const c of cases) {
    it(c.name, async () => assert.deepEqual(await sh(c.given, busybox, c.shell), { stdout: '', stderr: '', code: 0, ...c.want }));
  }

  it('finds bash where the image has it', async () => {
    assert.deepEqual(await sh('command -v bash; which bash', withBash), { stdout: '/usr/bin/bash\n/usr/bin/bash\n', stderr: '', code: 0 });
  });
});

describe('exec inside sh -c hands the terminal over', () => {
  const k9s = 'command -v bash >/dev/null && exec bash || exec sh';

  it('starts an interactive ash with its prompt when the image has no bash', async () => {
    const lines = ['echo $0', 'exit 4'];
    const got = await new TestContainer({ image: busybox }).run(['sh', '-c', k9s], { readLine: async () => lines.shift() });
    assert.deepEqual(got, { stdout: 'sh\n', stderr: '/ # / # ', code: 4 });
  });

  it('starts bash with its prompt when the image has it', async () => {
    const lines = ['echo $0'];
    const got = await new TestContainer({ image: withBash, hostname: 'web' }).run(['sh', '-c', k9s], { readLine: async () => lines.shift() });
    assert.deepEqual(got, { stdout: 'bash\n', stderr: 'bash-5.2# bash-5.2# ', code: 0 });
  });

  it('does not hand the terminal to a command whose output is redirected', async () => {
    const lines = ['echo typed'];
    const got = await new TestContainer({ image: busybox }).run(['sh', '-c', 'sh >/dev/null; echo after'], { readLine: async () => lines.shift(), readStdin: async () => 'echo piped\n' });
    assert.deepEqual(got, { stdout: 'after\n', stderr: '', code: 0 });
  });
});

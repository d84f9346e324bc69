// The same commands in a busybox image and in GNU images (Debian's coreutils 9.1, CentOS 7's
// 8.22): each family's own words, written out as a learner sees them on a real node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alpineUserland, busyboxUserland, gnuUserland } from '../../../../../daemon/runtime/shell/userland.js';
import type { Userland } from '../../../../../daemon/runtime/process.js';
import { TestContainer, settle, type RunResult } from './harness.js';

const debian = gnuUserland('9.1', '4.0.2');
const centos7 = gnuUserland('8.22', '3.3.10', { platform: true, sh: 'bash', bash: '4.2' });

/** Runs argv in a fresh container whose image has /tmp/dir and /tmp/file (12 bytes). */
async function run(userland: Userland, argv: string[]): Promise<RunResult> {
  const c = new TestContainer({ image: { files: { '/tmp/file': 'hello world\n' }, dirs: ['/root', '/bin', '/tmp', '/tmp/dir'] } });
  return c.run(argv, { userland });
}

const cases: { name: string; given: string[]; busybox: Partial<RunResult>; gnu: Partial<RunResult>; centos7?: Partial<RunResult> }[] = [
  {
    name: 'cat of a missing file',
    given: ['cat', '/tmp/ready'],
    busybox: { stderr: "cat: can't open '/tmp/ready': No such file or directory\n", code: 1 },
    gnu: { stderr: 'cat: /tmp/ready: No such file or directory\n', code: 1 },
  },
  { name: 'cat of a directory', given: ['cat', '/tmp/dir'], busybox: { stderr: 'cat: read error: Is a directory\n', code: 1 }, gnu: { stderr: 'cat: /tmp/dir: Is a directory\n', code: 1 } },
  {
    name: 'ls of a missing path (unquoted before coreutils 8.25)',
    given: ['ls', '/nope'],
    busybox: { stderr: 'ls: /nope: No such file or directory\n', code: 1 },
    gnu: { stderr: "ls: cannot access '/nope': No such file or directory\n", code: 1 },
    centos7: { stderr: 'ls: cannot access /nope: No such file or directory\n', code: 1 },
  },
  {
    name: 'ls with an unknown option (GNU ls exits 2)',
    given: ['ls', '-Z'],
    busybox: { stderr: 'ls: unrecognized option: Z\n', code: 1 },
    gnu: { stderr: "ls: invalid option -- 'Z'\nTry 'ls --help' for more information.\n", code: 2 },
  },
  {
    name: 'rm of a missing file and of a directory',
    given: ['rm', '/nope', '/tmp/dir'],
    busybox: { stderr: "rm: can't stat '/nope': No such file or directory\nrm: '/tmp/dir' is a directory\n", code: 1 },
    gnu: { stderr: "rm: cannot remove '/nope': No such file or directory\nrm: cannot remove '/tmp/dir': Is a directory\n", code: 1 },
  },
  {
    name: 'mkdir of an existing directory',
    given: ['mkdir', '/tmp/dir'],
    busybox: { stderr: "mkdir: can't create directory '/tmp/dir': File exists\n", code: 1 },
    gnu: { stderr: "mkdir: cannot create directory '/tmp/dir': File exists\n", code: 1 },
  },
  {
    name: 'cp of a missing file and of a directory without -r (reworded in coreutils 9)',
    given: ['cp', '/nope', '/tmp/dir', '/tmp/dir'],
    busybox: { stderr: "cp: can't stat '/nope': No such file or directory\ncp: omitting directory '/tmp/dir'\n", code: 1 },
    gnu: { stderr: "cp: cannot stat '/nope': No such file or directory\ncp: -r not specified; omitting directory '/tmp/dir'\n", code: 1 },
    centos7: { stderr: "cp: cannot stat '/nope': No such file or directory\ncp: omitting directory '/tmp/dir'\n", code: 1 },
  },
  {
    name: 'cp with one operand',
    given: ['cp', '/tmp/file'],
    busybox: { stderr: 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: cp [-rRdpfilsTu] SOURCE DEST\n', code: 1 },
    gnu: { stderr: "cp: missing destination file operand after '/tmp/file'\nTry 'cp --help' for more information.\n", code: 1 },
  },
  {
    name: 'mv of a missing file',
    given: ['mv', '/nope', '/tmp/x'],
    busybox: { stderr: "mv: can't rename '/nope': No such file or directory\n", code: 1 },
    gnu: { stderr: "mv: cannot stat '/nope': No such file or directory\n", code: 1 },
  },
  {
    name: 'touch in a missing directory',
    given: ['touch', '/nope/x'],
    busybox: { stderr: 'touch: /nope/x: No such file or directory\n', code: 1 },
    gnu: { stderr: "touch: cannot touch '/nope/x': No such file or directory\n", code: 1 },
  },
  {
    name: 'head and tail of a missing file',
    given: ['sh', '-c', 'head /nope; tail /nope'],
    busybox: { stderr: 'head: /nope: No such file or directory\ntail: /nope: No such file or directory\n', code: 1 },
    gnu: { stderr: "head: cannot open '/nope' for reading: No such file or directory\ntail: cannot open '/nope' for reading: No such file or directory\n", code: 1 },
  },
  {
    name: 'wc of one file: busybox\'s 9-wide columns, GNU\'s as wide as the file size',
    given: ['wc', '/tmp/file'],
    busybox: { stdout: '        1         2        12 /tmp/file\n' },
    gnu: { stdout: ' 1  2 12 /tmp/file\n' },
  },
  { name: 'wc -l of one file', given: ['wc', '-l', '/tmp/file'], busybox: { stdout: '1 /tmp/file\n' }, gnu: { stdout: '1 /tmp/file\n' } },
  {
    name: 'sleep with a bad interval and with none',
    given: ['sh', '-c', 'sleep x; sleep'],
    busybox: {
      stderr: "sleep: invalid number 'x'\nBusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n",
      code: 1,
    },
    gnu: { stderr: "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\nsleep: missing operand\nTry 'sleep --help' for more information.\n", code: 1 },
  },
  {
    name: 'env running a missing program',
    given: ['env', 'nosuch'],
    busybox: { stderr: "env: can't execute 'nosuch': No such file or directory\n", code: 127 },
    gnu: { stderr: "env: 'nosuch': No such file or directory\n", code: 127 },
  },
  {
    name: 'id: root is in wheel only in busybox',
    given: ['id'],
    busybox: { stdout: 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n' },
    gnu: { stdout: 'uid=0(root) gid=0(root) groups=0(root)\n' },
  },
  {
    name: 'uname -a: RHEL\'s uname knows the processor and platform',
    given: ['uname', '-a'],
    busybox: { stdout: 'Linux mypod 6.8.0-51-generic #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64 GNU/Linux\n' },
    gnu: { stdout: 'Linux mypod 6.8.0-51-generic #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64 GNU/Linux\n' },
    centos7: { stdout: 'Linux mypod 6.8.0-51-generic #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n' },
  },
  {
    name: 'ls -l: busybox\'s fixed widths, GNU\'s widest-cell columns and 1 KiB total',
    given: ['ls', '-l', '/tmp'],
    busybox: { stdout: 'total 8\ndrwxr-xr-x    2 root     root          4096 Jan  1 00:00 dir\n-rw-r--r--    1 root     root            12 Jan  1 00:00 file\n' },
    gnu: { stdout: 'total 8\ndrwxr-xr-x 2 root root 4096 Jan  1 00:00 dir\n-rw-r--r-- 1 root root   12 Jan  1 00:00 file\n' },
  },
  {
    name: 'sh -c of a missing command: ash, Debian\'s dash (names the line), CentOS\'s bash as sh',
    given: ['sh', '-c', 'nosuch'],
    busybox: { stderr: 'sh: nosuch: not found\n', code: 127 },
    gnu: { stderr: 'sh: 1: nosuch: not found\n', code: 127 },
    centos7: { stderr: 'sh: nosuch: command not found\n', code: 127 },
  },
  {
    name: 'bash -c of a missing command: bash 5.2 names the line, CentOS 7\'s 4.2 does not',
    given: ['bash', '-c', 'nosuch'],
    busybox: { stderr: 'bash: line 1: nosuch: command not found\n', code: 127 },
    gnu: { stderr: 'bash: line 1: nosuch: command not found\n', code: 127 },
    centos7: { stderr: 'bash: nosuch: command not found\n', code: 127 },
  },
  {
    name: 'whoami, hostname and date read the same in both',
    given: ['sh', '-c', 'whoami; hostname; date'],
    busybox: { stdout: 'root\nmypod\nMon Jan  1 00:00:00 UTC 2024\n' },
    gnu: { stdout: 'root\nmypod\nMon Jan  1 00:00:00 UTC 2024\n' },
  },
];

describe('userland wording: busybox and GNU', () => {
  for (const c of cases) {
    it(`${c.name} (busybox)`, async () => assert.deepEqual(await run(busyboxUserland, c.given), { stdout: '', stderr: '', code: 0, ...c.busybox }));
    it(`${c.name} (GNU, Debian 12)`, async () => assert.deepEqual(await run(debian, c.given), { stdout: '', stderr: '', code: 0, ...c.gnu }));
    it(`${c.name} (GNU, CentOS 7)`, async () => assert.deepEqual(await run(centos7, c.given), { stdout: '', stderr: '', code: 0, ...(c.centos7 ?? c.gnu) }));
  }

  it('alpine\'s root belongs to alpine\'s groups', async () => {
    assert.equal((await run(alpineUserland, ['id'])).stdout, 'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n');
  });
});

describe('ps: busybox and procps shapes', () => {
  async function psIn(userland: Userland, args: string[]): Promise<string> {
    const c = new TestContainer();
    const main = c.run(['sleep', '3600'], { userland });
    await settle();
    const got = await c.run(['ps', ...args], { userland });
    c.kill.abort();
    await main;
    return got.stdout;
  }

  it('prints busybox\'s one shape whatever the options', async () => {
    assert.equal(await psIn(busyboxUserland, ['-ef']), 'PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    2 root      0:00 ps -ef\n');
  });

  it('prints procps 4\'s bare ps, -ef and aux with 7-wide PIDs', async () => {
    assert.equal(await psIn(debian, []), '    PID TTY          TIME CMD\n      1 ?        00:00:00 sleep\n      2 ?        00:00:00 ps\n');
    assert.equal(
      await psIn(debian, ['-ef']),
      'UID          PID    PPID  C STIME TTY          TIME CMD\nroot           1       0  0 00:00 ?        00:00:00 sleep 3600\nroot           2       0  0 00:00 ?        00:00:00 ps -ef\n',
    );
    assert.equal(
      await psIn(debian, ['aux']),
      'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n' +
        'root           1  0.0  0.0   4364  3200 ?        Ss   00:00   0:00 sleep 3600\n' +
        'root           2  0.0  0.0   4364  3200 ?        Rs   00:00   0:00 ps aux\n',
    );
  });

  it('prints CentOS 7\'s procps-ng 3.3.10 with 5-wide PIDs', async () => {
    assert.equal(await psIn(centos7, ['-ef']), 'UID        PID  PPID  C STIME TTY          TIME CMD\nroot         1     0  0 00:00 ?        00:00:00 sleep 3600\nroot         2     0  0 00:00 ?        00:00:00 ps -ef\n');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../../../../shared/clock.js';
import { TestContainer, type RunResult } from '../harness.js';

function container(): TestContainer {
  const clock = new ManualClock(Date.UTC(2024, 2, 5, 14, 7));
  const c = new TestContainer({ clock, image: { files: { '/etc/old.conf': 'x' }, dirs: ['/root'] } });
  c.fs.mkdir('/d');
  c.fs.writeFile('/d/hello.txt', 'hello world\n');
  c.fs.writeFile('/d/.hidden', '');
  c.fs.mkdir('/d/sub');
  c.fs.writeFile('/d/run.sh', '#!/bin/sh\n');
  return c;
}

const cases: { name: string; given: string[]; want: Partial<RunResult> }[] = [
  { name: 'lists one name per line when stdout is not a terminal', given: ['ls', '/d'], want: { stdout: 'hello.txt\nrun.sh\nsub\n' } },
  { name: 'shows hidden entries and . and .. with -a', given: ['ls', '-a', '/d'], want: { stdout: '.\n..\n.hidden\nhello.txt\nrun.sh\nsub\n' } },
  { name: 'shows hidden entries without . and .. with -A', given: ['ls', '-A', '/d'], want: { stdout: '.hidden\nhello.txt\nrun.sh\nsub\n' } },
  {
    name: 'prints long rows with busybox widths and a total',
    given: ['ls', '-l', '/d'],
    want: {
      stdout:
        'total 12\n' +
        '-rw-r--r--    1 root     root            12 Mar  5 14:07 hello.txt\n' +
        '-rw-r--r--    1 root     root            10 Mar  5 14:07 run.sh\n' +
        'drwxr-xr-x    2 root     root          4096 Mar  5 14:07 sub\n',
    },
  },
  {
    name: 'combines -l and -a',
    given: ['ls', '-la', '/d/sub'],
    want: { stdout: 'total 8\ndrwxr-xr-x    2 root     root          4096 Mar  5 14:07 .\ndrwxr-xr-x    3 root     root          4096 Mar  5 14:07 ..\n' },
  },
  { name: 'prints a file operand with the path as given', given: ['ls', '-l', '/etc/old.conf'], want: { stdout: '-rw-r--r--    1 root     root             1 Mar  5 14:07 /etc/old.conf\n' } },
  { name: 'marks directories and executables with -F', given: ['ls', '-F', '/d'], want: { stdout: 'hello.txt\nrun.sh\nsub/\n' } },
  { name: 'lists a directory itself with -d', given: ['ls', '-d', '/d'], want: { stdout: '/d\n' } },
  { name: 'prints headers for several operands, files first', given: ['ls', '/d/sub', '/d/hello.txt', '/d'], want: { stdout: '/d/hello.txt\n\n/d:\nhello.txt\nrun.sh\nsub\n\n/d/sub:\n' } },
  { name: 'reports a missing operand and lists the rest', given: ['ls', '/nope', '/d/sub'], want: { stdout: '/d/sub:\n', stderr: 'ls: /nope: No such file or directory\n', code: 1 } },
  { name: 'rejects an unknown option', given: ['ls', '-Z'], want: { stderr: 'ls: unrecognized option: Z\n', code: 1 } },
];

describe('ls', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(c.given), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }

  it('shows the year instead of the time for files over six months old', async () => {
    const image = { files: { '/etc/os-release': 'NAME=BusyBox\n' } };
    // The image layer is built once, at the first pull, and keeps that time.
    new TestContainer({ image, clock: new ManualClock(Date.UTC(2023, 4, 18, 22, 34)) });
    const later = new TestContainer({ image, clock: new ManualClock(Date.UTC(2024, 2, 5)) });
    const got = await later.run(['ls', '-l', '/etc/os-release']);
    assert.equal(got.stdout, '-rw-r--r--    1 root     root            13 May 18  2023 /etc/os-release\n');
  });

  it('lists in columns on a terminal (kubectl exec -it)', async () => {
    const c = container();
    for (const name of ['alpha', 'bravo', 'charlie', 'delta']) c.fs.writeFile(`/d/sub/${name}`, '');
    const got = await c.run(['ls', '/d/sub'], { readLine: async () => undefined });
    assert.equal(got.stdout, 'alpha    bravo    charlie  delta\n');
  });
});

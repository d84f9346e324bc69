import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestContainer, settle, type RunResult } from '../harness.js';

const cases: { name: string; given: string[]; want: Partial<RunResult> }[] = [
  { name: 'true and false exit 0 and 1', given: ['sh', '-c', 'true; echo $?; false; echo $?'], want: { stdout: '0\n1\n' } },
  { name: 'exit as a program returns its argument', given: ['exit', '3'], want: { code: 3 } },
  { name: 'printenv prints one variable', given: ['printenv', 'HOME'], want: { stdout: '/root\n' } },
  { name: 'printenv exits 1 for a missing variable', given: ['printenv', 'NOPE'], want: { code: 1 } },
  {
    name: 'printenv prints the whole environment in order',
    given: ['printenv'],
    want: { stdout: 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=mypod\nHOME=/root\nspecial_env=10\n' },
  },
  { name: 'env runs a command with extra variables', given: ['env', 'A=1', 'printenv', 'A'], want: { stdout: '1\n' } },
  { name: 'env -i starts from an empty environment', given: ['env', '-i', 'B=2'], want: { stdout: 'B=2\n' } },
  { name: 'env reports a missing command', given: ['env', 'nosuch'], want: { stderr: "env: can't execute 'nosuch': No such file or directory\n", code: 127 } },
  { name: 'hostname prints the pod name, -i its IP', given: ['sh', '-c', 'hostname; hostname -i'], want: { stdout: 'mypod\n10.244.1.5\n' } },
  { name: 'id, whoami: everything runs as root', given: ['sh', '-c', 'id; id -u; id -un; whoami'], want: { stdout: 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n0\nroot\nroot\n' } },
  { name: 'uname prints Linux, -r the node kernel', given: ['sh', '-c', 'uname; uname -r; uname -m'], want: { stdout: 'Linux\n6.8.0-51-generic\nx86_64\n' } },
  { name: 'date prints the cluster time in UTC', given: ['date'], want: { stdout: 'Mon Jan  1 00:00:00 UTC 2024\n' } },
  { name: 'date takes a +FORMAT', given: ['date', '+%Y-%m-%dT%H:%M:%S %s'], want: { stdout: '2024-01-01T00:00:00 1704067200\n' } },
  { name: 'pwd prints the working directory', given: ['sh', '-c', 'cd /tmp && pwd && /bin/pwd'], want: { stdout: '/tmp\n/tmp\n' } },
  { name: 'sleep rejects a bad number', given: ['sleep', '5x'], want: { stderr: "sleep: invalid number '5x'\n", code: 1 } },
  {
    name: 'sleep without operands prints its usage',
    given: ['sleep'],
    want: {
      stderr: 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n',
      code: 1,
    },
  },
];

describe('system programs', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const container = new TestContainer({ env: { special_env: '10' } });
      const got = await container.run(c.given);
      assert.deepEqual(got, { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }
});

describe('sleep', () => {
  it('waits on the cluster clock, adding up suffixed arguments', async () => {
    const c = new TestContainer();
    const run = c.run(['sleep', '1m', '30']);
    await settle();
    c.clock.step(89_999);
    await settle();
    assert.equal(run.output.code, -1);
    c.clock.step(1);
    assert.equal((await run).code, 0);
  });

  it('accepts fractions', async () => {
    const c = new TestContainer();
    const run = c.run(['sleep', '0.5']);
    c.clock.step(500);
    assert.equal((await run).code, 0);
  });

  it('sleeps forever with infinity until killed (137)', async () => {
    const c = new TestContainer();
    const run = c.run(['sleep', 'infinity']);
    c.clock.step(365 * 24 * 3600 * 1000);
    await settle();
    assert.equal(run.output.code, -1);
    c.kill.abort();
    assert.equal((await run).code, 137);
  });

  it('ignores SIGTERM as PID 1, so a stop waits for the grace period', async () => {
    const c = new TestContainer();
    const run = c.run(['sleep', '3600']);
    c.term.abort('SIGTERM');
    await settle();
    assert.equal(run.output.code, -1);
    c.kill.abort();
    assert.equal((await run).code, 137);
  });

  it('dies of SIGTERM (143) when it is not PID 1', async () => {
    const c = new TestContainer();
    const term = new AbortController();
    const run = c.run(['sleep', '3600'], { pid: 12, signal: term.signal });
    term.abort('SIGTERM');
    assert.equal((await run).code, 143);
  });

  it('stops on SIGTERM when the runtime cannot kill (no killed signal)', async () => {
    const c = new TestContainer();
    const term = new AbortController();
    const run = c.run(['sleep', 'infinity'], { signal: term.signal, killed: undefined });
    term.abort('SIGTERM');
    assert.equal((await run).code, 143);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestContainer, settle } from '../harness.js';

describe('ps', () => {
  it('lists the container processes from /proc as busybox does, itself included', async () => {
    const c = new TestContainer();
    const main = c.run(['sleep', 'infinity']);
    await settle();
    const got = await c.run(['ps', 'aux']);
    assert.deepEqual(got, {
      stdout: 'PID   USER     TIME  COMMAND\n    1 root      0:00 sleep infinity\n    2 root      0:00 ps aux\n',
      stderr: '',
      code: 0,
    });
    c.kill.abort();
    await main;
  });

  it('shows the shell and its child when run from a shell', async () => {
    const got = await new TestContainer().run(['/bin/sh', '-c', 'ps; true']);
    assert.equal(got.stdout, 'PID   USER     TIME  COMMAND\n    1 root      0:00 /bin/sh -c ps; true\n    2 root      0:00 ps\n');
  });
});

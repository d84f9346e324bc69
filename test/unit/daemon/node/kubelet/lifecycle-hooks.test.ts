import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../shared/clock.js';
import { ClusterNetwork } from '../../../../../daemon/runtime/network.js';
import type { ContainerHandle, ExecIO } from '../../../../../daemon/runtime/container.js';
import { runHook } from '../../../../../daemon/node/kubelet/lifecycle-hooks.js';
import { settle } from './fake-runtime.js';

const handle: ContainerHandle = {
  id: 'x', startedAt: 0, log: { lines: () => [], follow: () => () => undefined }, wait: () => new Promise(() => undefined), stop: () => new Promise(() => undefined),
  exec: async (argv: string[], io: ExecIO) => {
    if (argv.includes('badcommand')) {
      io.stderr('/bin/sh: 1: badcommand: not found\n');
      return 127;
    }
    return 0;
  },
};
function context() {
  const clock = new ManualClock();
  const network = new ClusterNetwork();
  network.forPod('10.244.1.5').listen(80, (req) => ({ status: req.path === '/ok' ? 200 : 500, headers: {}, body: '' }));
  return { clock, ctx: { pod: { metadata: { name: 'lifecycle-demo', namespace: 'default', uid: 'u-1' } }, container: { name: 'demo' }, handle, clock, network, nodeIP: '172.18.0.2', podIP: '10.244.1.5' } };
}

test('an exec hook that fails reports the command, its exit code and its output', async () => {
  const { ctx } = context();
  assert.equal(await runHook({ exec: { command: ['/bin/sh', '-c', 'true'] } }, ctx), undefined);
  assert.equal(
    await runHook({ exec: { command: ['/bin/sh', '-c', 'badcommand'] } }, ctx),
    'Exec lifecycle hook ([/bin/sh -c badcommand]) for Container "demo" in Pod "lifecycle-demo_default(u-1)" failed - error: command \'/bin/sh -c badcommand\' exited with 127: /bin/sh: 1: badcommand: not found\n, message: "/bin/sh: 1: badcommand: not found\\n"',
  );
});

test('an httpGet hook passes on 2xx and fails otherwise', async () => {
  const { ctx } = context();
  assert.equal(await runHook({ httpGet: { path: '/ok', port: 80 } }, ctx), undefined);
  assert.equal(await runHook({ httpGet: { path: '/bad', port: 80 } }, ctx), 'HTTP lifecycle hook (/bad) for Container "demo" in Pod "lifecycle-demo_default(u-1)" failed - error: HTTP request to http://10.244.1.5:80/bad failed with status code 500');
});

test('a sleep hook waits on the cluster clock', async () => {
  const { ctx, clock } = context();
  let done = false;
  void runHook({ sleep: { seconds: 5 } }, ctx).then(() => (done = true));
  clock.step(4999);
  await settle();
  assert.equal(done, false);
  clock.step(1);
  await settle();
  assert.equal(done, true);
});

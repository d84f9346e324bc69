import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, runtimeSetup, useStandInTools } from '../../../../helpers/runtime.js';

useStandInTools();

const get = (path: string) => ({ method: 'GET', path, headers: { 'User-Agent': 'kube-probe/1.32' }, body: '' });

test('go-myweb answers /health and ?code= with the asked status (lab D.1)', async () => {
  const { clock, network, runtime, config } = runtimeSetup();
  await runtime.startContainer(config({ podName: 'pod-liveness-3', image: 'ghcr.io/c1t1d0s7/go-myweb' }));
  await advance(clock, 20);
  const cases: { name: string; given: string; want: number }[] = [
    { name: 'the health path is healthy', given: '/health', want: 200 },
    { name: 'a code on the health path is returned', given: '/health?code=404', want: 404 },
    { name: 'a code on any path is returned', given: '/?code=503', want: 503 },
    { name: 'the root page', given: '/', want: 200 },
  ];
  for (const c of cases) assert.equal((await network.deliver('10.244.0.1', '10.244.1.5', 8080, get(c.given))).status, c.want, c.name);
  const page = await network.deliver('10.244.0.1', '10.244.1.5', 8080, get('/'));
  assert.match(page.body, /^Message: Hello World!\nHostname: pod-liveness-3\nIP: 10\.244\.1\.5\n/);
});

test('myweb shows the pod\'s facts; MESSAGE overrides the greeting', async () => {
  const { clock, network, runtime, config } = runtimeSetup();
  await runtime.startContainer(config({ podName: 'mynapp-rs-t8chb', image: 'c1t1d0s7/myweb', env: { MESSAGE: 'Customized Hello World' } }));
  await advance(clock, 20);
  const page = await network.deliver('10.244.0.1', '10.244.1.5', 8080, get('/'));
  assert.match(page.body, /^Message: Customized Hello World\nHostname: mynapp-rs-t8chb\nPlatform: linux\nUptime: \d+\nIP: 10\.244\.1\.5\nDNS: 10\.96\.0\.10\n\n$/);
});

test('hewon16/image1 answers with the pod name (lab G.1)', async () => {
  const { clock, network, runtime, config } = runtimeSetup();
  await runtime.startContainer(config({ podName: 'test1-7dd6b645cb-7g99p', image: 'hewon16/image1:1' }));
  await advance(clock, 20);
  assert.equal((await network.deliver('10.244.0.1', '10.244.1.5', 8080, get('/'))).body, 'test name: test1-7dd6b645cb-7g99p\n');
});

test('the Node apps ignore SIGTERM as PID 1 and are killed at the deadline; go-myweb stops', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const node = await runtime.startContainer(config({ image: 'c1t1d0s7/myweb' }));
  const go = await runtime.startContainer(config({ image: 'ghcr.io/c1t1d0s7/go-myweb', net: runtimeSetup().config({}).net }));
  await advance(clock, 20);
  const [nodeStopped, goStopped] = [node.stop(30_000), go.stop(30_000)];
  await advance(clock, 30_000, 1000);
  assert.equal((await nodeStopped).exitCode, 137);
  assert.equal((await goStopped).exitCode, 0);
});

test('an unknown image sleeps until stopped, then exits 0', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const container = await runtime.startContainer(config({ image: 'redis:7' }));
  await advance(clock, 60_000, 1000);
  let ended = false;
  void container.wait().then(() => (ended = true));
  await advance(clock, 10);
  assert.equal(ended, false);
  const status = container.stop(30_000);
  await advance(clock, 10);
  assert.equal((await status).exitCode, 0);
});

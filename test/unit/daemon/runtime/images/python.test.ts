import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonVersionOf } from '../../../../../daemon/runtime/images/python.js';
import { advance, logText, runtimeSetup, useStandInTools } from '../../../../helpers/runtime.js';

useStandInTools();

test('python tags name versions', () => {
  assert.deepEqual(pythonVersionOf('3.7'), { version: '3.7.17', variant: '' });
  assert.deepEqual(pythonVersionOf('3.12-slim'), { version: '3.12.9', variant: 'slim' });
  assert.equal(pythonVersionOf('3.99'), undefined);
  assert.equal(pythonVersionOf('3.7-nope'), undefined);
});

test('python -c runs prints, sleeps and exits; --version answers on stdout', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const container = await runtime.startContainer(
    config({ image: 'python:3.7', command: ['python', '-c', 'import time\nprint("hello", 42)\ntime.sleep(2)\nprint(\'done\'); exit(3)'] }),
  );
  await advance(clock, 1000, 100);
  assert.deepEqual(logText(container), ['hello 42']);
  await advance(clock, 1100, 100);
  assert.equal((await container.wait()).exitCode, 3);
  assert.deepEqual(logText(container), ['hello 42', 'done']);

  const version = await runtime.startContainer(config({ image: 'python:3.7', name: 'v', command: ['python3', '--version'] }));
  await version.wait();
  assert.deepEqual(logText(version), ['Python 3.7.17']);
});

test('python with no program and no stdin exits 0 at once (the image\'s default command)', async () => {
  const { runtime, config } = runtimeSetup();
  const container = await runtime.startContainer(config({ image: 'python:3.7' }));
  assert.equal((await container.wait()).exitCode, 0);
});

test('a missing script is reported as python does', async () => {
  const { runtime, config } = runtimeSetup();
  const container = await runtime.startContainer(config({ image: 'python:3.7', command: ['python', 'app.py'] }));
  assert.equal((await container.wait()).exitCode, 2);
  assert.deepEqual(logText(container), ["python: can't open file 'app.py': [Errno 2] No such file or directory"]);
});

test('without a limit the hog is OOM-killed at the node\'s memory', async () => {
  const { clock, runtime, config } = runtimeSetup();
  const container = await runtime.startContainer(config({ image: 'python:3.7', command: ['python', '-c', 'a = []\nwhile True:\n    a.append(1)'] }));
  let reason = '';
  void container.wait().then((s) => (reason = s.reason));
  await advance(clock, 10_000, 100);
  assert.equal(reason, 'OOMKilled');
});

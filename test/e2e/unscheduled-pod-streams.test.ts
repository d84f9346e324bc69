// A pod the scheduler cannot place (a nodeSelector no node matches): kube-apiserver has no kubelet
// to reach, so exec, attach and port-forward are refused before any upgrade with "does not have a
// host assigned" (after the container name is checked), and `kubectl logs` prints nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

test('exec, attach and logs of a pod with no node, as kube-apiserver answers them', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;
  const run = await k('run', 'pend', '--image=busybox', '--overrides={"spec":{"nodeSelector":{"disk":"none"}}}', '--', 'sleep', '3600');
  assert.equal(run.stdout, 'pod/pend created\n', run.stderr);
  await waitFor(async () => (await k('get', 'events', '--field-selector', 'involvedObject.name=pend,reason=FailedScheduling', '-o', 'name')).stdout !== '', { what: 'FailedScheduling for pend' });

  const exec = await k('exec', 'pend', '--', 'echo', 'hi');
  assert.equal(exec.code, 1);
  assert.equal(exec.stdout, '');
  assert.equal(exec.stderr, 'Error from server (BadRequest): pod pend does not have a host assigned\n');

  const wrongContainer = await k('exec', 'pend', '-c', 'nope', '--', 'echo', 'hi');
  assert.equal(wrongContainer.stderr, 'Error from server (BadRequest): container nope is not valid for pod pend\n');

  const attach = await k('attach', 'pend');
  assert.equal(attach.code, 1);
  assert.equal(attach.stderr, "If you don't see a command prompt, try pressing enter.\nError from server (BadRequest): pod pend does not have a host assigned\n");

  const logs = await k('logs', 'pend');
  assert.deepEqual({ code: logs.code, stdout: logs.stdout, stderr: logs.stderr }, { code: 0, stdout: '', stderr: '' });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFailureStatus } from '../../../../../daemon/apiserver/subresources/exec.js';
import { ContainerStartError } from '../../../../../daemon/runtime/container.js';

test('an exec whose binary is missing fails with the doubly wrapped InternalError of a 1.32 cluster on containerd', () => {
  const status = execFailureStatus(new ContainerStartError('OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown')) as { message: string; reason: string; code: number; status: string };
  assert.match(
    status.message,
    /^Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in \$PATH: unknown$/,
  );
  assert.equal(status.status, 'Failure');
  assert.equal(status.reason, 'InternalError');
  assert.equal(status.code, 500);
});

test('exec into a container that is not running is accepted, then fails as the kubelet refuses it; a wrong name is refused at once', async () => {
  const { prepareExec, containerNotFoundStatus } = await import('../../../../../daemon/apiserver/subresources/exec.js');
  const { KubeletDirectory } = await import('../../../../../daemon/apiserver/kubelet-directory.js');
  const pod = {
    metadata: { name: 'hello-world', namespace: 'default', uid: 'u1' },
    spec: { nodeName: 'node1', containers: [{ name: 'hello-world-container', image: 'hello-world' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'hello-world-container', state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
  };
  const url = new URL('https://localhost/api/v1/namespaces/default/pods/hello-world/exec?command=ls&stdout=true');
  const request = prepareExec(new KubeletDirectory(), pod, url);
  assert.equal(request.handle, undefined);
  assert.equal(request.container, 'hello-world-container');
  assert.deepEqual(containerNotFoundStatus(request.container), {
    metadata: {}, status: 'Failure', reason: 'InternalError', code: 500,
    message: 'Internal error occurred: unable to upgrade connection: container not found ("hello-world-container")',
  });
  const wrong = new URL('https://localhost/api/v1/namespaces/default/pods/hello-world/exec?command=ls&container=nope');
  assert.throws(() => prepareExec(new KubeletDirectory(), pod, wrong), /container nope is not valid for pod hello-world/);
});

test('attach to a container that is not running is accepted too, and ends with the same kubelet error', async () => {
  const { prepareAttach } = await import('../../../../../daemon/apiserver/subresources/attach.js');
  const { KubeletDirectory } = await import('../../../../../daemon/apiserver/kubelet-directory.js');
  const pod = {
    metadata: { name: 'tmp', namespace: 'default', uid: 'u2' },
    spec: { nodeName: 'node1', containers: [{ name: 'tmp', image: 'busybox' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'tmp', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] },
  };
  const request = prepareAttach(new KubeletDirectory(), pod, new URL('https://localhost/api/v1/namespaces/default/pods/tmp/attach?stdout=true'));
  assert.equal(request.handle, undefined);
  assert.equal(request.container, 'tmp');
});

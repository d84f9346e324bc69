// Lab I.4 after the claim is bound, with the real kubectl: the pod is deleted and made again and
// finds its data on the same node; deleting the namespace with the claim and its pod inside
// finishes (the protection finalizers let go), and the provisioned volume goes with the claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const claimAndPod = `apiVersion: v1
kind: Namespace
metadata:
  name: keep
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: keep
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
`;

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: keep
spec:
  containers:
  - name: db
    image: busybox
    command: ["sleep", "infinity"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;

test('a claim outlives its pod and goes with its namespace (I.4)', async (t) => {
  const daemon = await startDaemon(t, { speed: 10 });
  const k = daemon.kubectl;
  const running = (): Promise<unknown> => waitFor(async () => (await k('get', 'pod', 'db', '-n', 'keep', '-o', 'jsonpath={.status.phase}')).stdout === 'Running' || undefined, { what: 'the db pod to run', timeout: 30_000 });
  const nodeOf = async (): Promise<string> => (await k('get', 'pod', 'db', '-n', 'keep', '-o', 'jsonpath={.spec.nodeName}')).stdout;

  await t.test('the pod made again runs on the same node and reads what the first one wrote', async () => {
    assert.equal((await daemon.kubectlWithInput(claimAndPod, 'apply', '-f', '-')).code, 0);
    assert.equal((await daemon.kubectlWithInput(pod, 'apply', '-f', '-')).stdout, 'pod/db created\n');
    await running();
    const first = await nodeOf();
    assert.equal((await k('exec', '-n', 'keep', 'db', '--', 'sh', '-c', 'echo kept > /data/file')).code, 0);
    assert.equal((await k('delete', 'pod', 'db', '-n', 'keep')).stdout, 'pod "db" deleted\n');
    assert.equal((await daemon.kubectlWithInput(pod, 'apply', '-f', '-')).stdout, 'pod/db created\n');
    await running();
    assert.equal(await nodeOf(), first);
    assert.equal((await k('exec', '-n', 'keep', 'db', '--', 'cat', '/data/file')).stdout, 'kept\n');
  });

  await t.test('kubectl delete ns waits for the pod and the claim, and the volume goes too', async () => {
    const deleted = await k('delete', 'ns', 'keep', '--timeout=60s');
    assert.equal(deleted.stdout, 'namespace "keep" deleted\n', deleted.stderr);
    assert.equal((await k('get', 'ns', 'keep')).stderr, 'Error from server (NotFound): namespaces "keep" not found\n');
    await waitFor(async () => (await k('get', 'pv', '-o', 'name')).stdout === '' || undefined, { what: 'the provisioned volume to be gone', timeout: 30_000 });
  });
});

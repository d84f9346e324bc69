// Labs F.6 and I.4 with the real kubectl and kubelets: a DaemonSet on every worker, a Job to
// completion, a StatefulSet's ordered pods, and a PVC bound by the local-path provisioner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { agentDaemonSet } from '../helpers/manifests.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const daemonSet = agentDaemonSet();

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
`;

test('workloads through kubectl', async (t) => {
  const daemon = await startDaemon(t, { speed: 5 });
  const k = daemon.kubectl;

  await t.test('a DaemonSet runs one pod on each worker (the control plane is tainted) (F.6)', async () => {
    assert.equal((await daemon.kubectlWithInput(daemonSet, 'apply', '-f', '-')).stdout.trim(), 'daemonset.apps/agent created');
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'ds', 'agent')).stdout);
      return table[1]?.[3] === '3' ? table : undefined;
    }, { what: 'three ready agents', timeout: 30_000 });
    assert.deepEqual(rows[0], ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    assert.deepEqual(rows[1].slice(0, 7), ['agent', '3', '3', '3', '3', '3', '<none>']);
    const nodes = (await k('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}')).stdout.split(' ').sort();
    assert.deepEqual(nodes, ['node1', 'node2', 'node3']);
  });

  await t.test('a Job runs its pod to completion (F.6)', async () => {
    assert.equal((await k('create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hello from the job')).stdout.trim(), 'job.batch/hello created');
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'job', 'hello')).stdout);
      return table[1]?.[1] === 'Complete' ? table : undefined;
    }, { what: 'the job to complete', timeout: 30_000 });
    assert.deepEqual(rows[0], ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    assert.deepEqual(rows[1].slice(0, 3), ['hello', 'Complete', '1/1']);
    const logs = await k('logs', 'job/hello');
    assert.equal(logs.stdout, 'hello from the job\n');
  });

  await t.test('a finished Job with ttlSecondsAfterFinished is deleted, and its pod with it', async () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: short-lived
spec:
  ttlSecondsAfterFinished: 30
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
        command: ["true"]
`;
    assert.equal((await daemon.kubectlWithInput(job, 'apply', '-f', '-')).stdout.trim(), 'job.batch/short-lived created');
    await waitFor(async () => tableRows((await k('get', 'job', 'short-lived')).stdout)[1]?.[1] === 'Complete', { what: 'the job to complete', timeout: 30_000 });
    const gone = await waitFor(async () => {
      const out = await k('get', 'job', 'short-lived');
      return out.code === 1 ? out : undefined;
    }, { what: 'the ttl-after-finished controller to delete the job', timeout: 30_000 });
    assert.equal(gone.stderr, 'Error from server (NotFound): jobs.batch "short-lived" not found\n');
    await waitFor(async () => (await k('get', 'pods', '-l', 'job-name=short-lived')).stderr === 'No resources found in default namespace.\n', { what: 'the job\'s pod to go', timeout: 30_000 });
  });

  await t.test('a Job whose OnFailure pod exceeds backoffLimit is Failed and its pod is gone', async () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: crash
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: c
        image: busybox
        command: ["sh", "-c", "exit 3"]
`;
    assert.equal((await daemon.kubectlWithInput(job, 'apply', '-f', '-')).stdout.trim(), 'job.batch/crash created');
    await waitFor(async () => tableRows((await k('get', 'job', 'crash')).stdout)[1]?.[1] === 'Failed', { what: 'the job to fail', timeout: 30_000 });
    // The pod the controller deleted must not stay behind as `Error` once the kubelet has stopped it.
    await waitFor(async () => (await k('get', 'pods', '-l', 'job-name=crash')).stderr === 'No resources found in default namespace.\n', { what: 'the failed job\'s pod to go', timeout: 30_000 });
    const reasons = (await k('get', 'events', '--field-selector', 'involvedObject.name=crash', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}')).stdout.trim().split('\n');
    assert.ok(reasons.includes('BackoffLimitExceeded: Job has reached the specified backoff limit'), reasons.join('\n'));
  });

  await t.test('a podFailurePolicy FailJob rule fails the Job at the first matching exit code', async () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: pfp
spec:
  completions: 4
  parallelism: 1
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "exit 42"]
`;
    assert.equal((await daemon.kubectlWithInput(job, 'apply', '-f', '-')).stdout.trim(), 'job.batch/pfp created');
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'job', 'pfp')).stdout);
      return table[1]?.[1] === 'Failed' ? table : undefined;
    }, { what: 'the job to fail', timeout: 30_000 });
    assert.deepEqual(rows[1].slice(0, 3), ['pfp', 'Failed', '0/4']);
    const pod = (await k('get', 'pods', '-l', 'job-name=pfp', '-o', 'jsonpath={.items[*].metadata.name}')).stdout;
    assert.doesNotMatch(pod, / /, 'one pod only: no retry after a FailJob match');
    const failed = (await k('get', 'job', 'pfp', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}: {.status.conditions[?(@.type=="Failed")].message}')).stdout;
    assert.equal(failed, `PodFailurePolicy: Container main for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`);
  });

  await t.test('a StatefulSet names its pods web-0, web-1 and starts them in order (F.6)', async () => {
    assert.equal((await daemon.kubectlWithInput(statefulSet, 'apply', '-f', '-')).stdout.trim(), 'statefulset.apps/web created');
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'sts', 'web')).stdout);
      return table[1]?.[1] === '2/2' ? table : undefined;
    }, { what: 'both replicas ready', timeout: 30_000 });
    assert.deepEqual(rows[1].slice(0, 2), ['web', '2/2']);
    const created = (await k('get', 'events', '--field-selector', 'involvedObject.name=web,reason=SuccessfulCreate', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}')).stdout.trim().split('\n');
    assert.deepEqual(created, ['create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful']);
  });

  await t.test('the lab PVC binds to a provisioned volume once its pod is scheduled (I.4)', async () => {
    const out = await k('apply', '-f', repoPath('test', 'e2e', 'fixtures', 'controllers', 'pvc-db.yaml'));
    assert.equal(out.code, 0, out.stderr);
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'pvc', '-n', 'hyperdata')).stdout);
      return table[1]?.[1] === 'Bound' ? table : undefined;
    }, { what: 'the claim to be Bound', timeout: 30_000 });
    assert.deepEqual(rows[0], ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    assert.deepEqual([rows[1][0], rows[1][1], rows[1][3], rows[1][4], rows[1][5], rows[1][6]], ['pvc-db', 'Bound', '1Gi', 'RWO', 'standard', '<unset>']);
    assert.match(rows[1][2], /^pvc-[0-9a-f-]{36}$/);
    const pv = tableRows((await k('get', 'pv')).stdout);
    assert.deepEqual([pv[1][1], pv[1][2], pv[1][3], pv[1][4], pv[1][5], pv[1][6]], ['1Gi', 'RWO', 'Delete', 'Bound', 'hyperdata/pvc-db', 'standard']);
    await waitFor(async () => (await k('get', 'pod', 'db', '-n', 'hyperdata', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', { what: 'the db pod to run', timeout: 30_000 });
    const data = await k('exec', '-n', 'hyperdata', 'db', '--', 'cat', '/data/file');
    assert.equal(data.stdout, 'saved\n');
    // The scheduler bound the pod only once its claim was (VolumeBinding's PreBind): no FailedMount,
    // and the claim never waited for an unscheduled pod.
    const reasons = async (name: string): Promise<string[]> => (await k('get', 'events', '-n', 'hyperdata', '--field-selector', `involvedObject.name=${name}`, '-o', 'jsonpath={.items[*].reason}')).stdout.split(' ');
    const podReasons = await reasons('db');
    assert.ok(podReasons.includes('Scheduled') && !podReasons.includes('FailedMount') && !podReasons.includes('FailedScheduling'), podReasons.join(' '));
    const claimReasons = await reasons('pvc-db');
    assert.ok(claimReasons.includes('ProvisioningSucceeded') && !claimReasons.includes('WaitForPodScheduled'), claimReasons.join(' '));
  });

  await t.test('the claim and its volume carry the protection finalizers; a claim in use stays Terminating until its pod goes', async () => {
    assert.equal((await k('get', 'pvc', 'pvc-db', '-n', 'hyperdata', '-o', 'jsonpath={.metadata.finalizers}')).stdout, '["kubernetes.io/pvc-protection"]');
    assert.equal((await k('get', 'pv', '-o', 'jsonpath={.items[*].metadata.finalizers}')).stdout, '["kubernetes.io/pv-protection"]');
    assert.ok((await k('describe', 'pvc', 'pvc-db', '-n', 'hyperdata')).stdout.split('\n').includes('Finalizers:    [kubernetes.io/pvc-protection]'));
    assert.equal((await k('delete', 'pvc', 'pvc-db', '-n', 'hyperdata', '--wait=false')).stdout, 'persistentvolumeclaim "pvc-db" deleted\n');
    const rows = tableRows((await k('get', 'pvc', '-n', 'hyperdata')).stdout);
    assert.deepEqual(rows[1].slice(0, 2), ['pvc-db', 'Terminating']);
    assert.equal((await k('delete', 'pod', 'db', '-n', 'hyperdata', '--grace-period=0', '--force')).code, 0);
    await waitFor(async () => (await k('get', 'pv', '-o', 'name')).stdout === '', { what: 'the claim and its volume to be gone', timeout: 30_000 });
    assert.equal((await k('get', 'pvc', '-n', 'hyperdata')).stderr, 'No resources found in hyperdata namespace.\n');
  });
});

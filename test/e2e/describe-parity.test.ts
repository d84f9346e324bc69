// Parity of shared/describe with the real kubectl: the same objects of a running daemon are
// described by `kubectl describe` and by describeObject() over an HttpClient, and every line must
// match. Ages are the one thing kubectl computes from its own clock, so each line may match our
// text computed at the moment kubectl started or at the moment it ended; an object that changed
// between the two reads (a lease renewal, a heartbeat) is compared again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceRef } from '../../shared/client/client.js';
import { HttpClient } from '../../shared/client/http-client.js';
import { loadKubeconfig } from '../../shared/client/kubeconfig.js';
import { wallNow } from '../../shared/clock.js';
import { describeObject } from '../../shared/describe/describe.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const ref = (group: string, resource: string, version = 'v1'): ResourceRef => ({ group, version, resource });

interface Case {
  kind: string;
  ref: ResourceRef;
  name: string;
  namespace?: string;
}

/** The lines of kubectl's text that match neither of our two texts, described for the failure message. */
function differences(real: string, early: string, late: string): string[] {
  const a = real.split('\n');
  const b = early.split('\n');
  const c = late.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i] || a[i] === c[i]) continue;
    out.push(`line ${i + 1}:\n  kubectl:  ${JSON.stringify(a[i])}\n  describe: ${JSON.stringify(c[i])}`);
  }
  return out;
}

async function compare(daemon: TestDaemon, client: HttpClient, item: Case): Promise<string[]> {
  let diffs: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = wallNow();
    const real = await daemon.kubectl('describe', item.kind, item.name, ...(item.namespace ? ['-n', item.namespace] : []));
    const ended = wallNow();
    assert.equal(real.code, 0, real.stderr);
    const target = { ref: item.ref, namespace: item.namespace, name: item.name };
    const early = await describeObject(client, target, { now: started });
    const late = await describeObject(client, target, { now: ended });
    diffs = differences(real.stdout, early, late);
    if (diffs.length === 0) return [];
  }
  return diffs;
}

test('kubectl describe and describeObject print the same text', { timeout: 240_000 }, async (t) => {
  const daemon = await startDaemon(t, { nodes: 2 });
  const k = daemon.kubectl;
  const config = loadKubeconfig(daemon.kubeconfig);
  const client = new HttpClient({ server: config.server, token: config.token, ca: config.ca });

  for (const args of [
    ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80'],
    ['expose', 'deployment', 'web', '--port=80'],
    ['create', 'configmap', 'web-config', '--from-literal=greeting=hello'],
    ['create', 'secret', 'generic', 'web-secret', '--from-literal=password=s3cret'],
    ['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi'],
    ['apply', '-f', repoPath('test', 'e2e', 'fixtures', 'describe-parity', 'objects.yaml')],
  ]) {
    const result = await k(...args);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
  }

  await waitFor(async () => (await k('get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}')).stdout === '2', { what: 'the web deployment to be available', timeout: 60_000 });
  await waitFor(async () => (await k('get', 'pod', 'probed', '-o', 'jsonpath={.status.containerStatuses[0].ready}')).stdout === 'true', { what: 'the probed pod to be ready', timeout: 60_000 });
  await waitFor(async () => (await k('get', 'job', 'hello', '-o', 'jsonpath={.status.succeeded}')).stdout === '1', { what: 'the hello job to complete', timeout: 60_000 });
  await waitFor(async () => (await k('get', 'pvc', 'data', '-o', 'jsonpath={.status.phase}')).stdout === 'Bound', { what: 'the data claim to be bound', timeout: 60_000 });

  const names = async (...args: string[]): Promise<string[]> => (await k('get', ...args, '-o', 'jsonpath={.items[*].metadata.name}')).stdout.split(' ').filter(Boolean);
  const webPods = await names('pods', '-l', 'app=web');
  const [replicaSet] = await names('replicasets', '-l', 'app=web');
  const [jobPod] = await names('pods', '-l', 'job-name=hello');
  const volume = (await k('get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}')).stdout;
  const [storageClass] = await names('storageclasses');

  const cases: Case[] = [
    { kind: 'deployment', ref: ref('apps', 'deployments'), name: 'web', namespace: 'default' },
    { kind: 'replicaset', ref: ref('apps', 'replicasets'), name: replicaSet!, namespace: 'default' },
    ...webPods.map((name) => ({ kind: 'pod', ref: ref('', 'pods'), name, namespace: 'default' })),
    { kind: 'pod', ref: ref('', 'pods'), name: 'probed', namespace: 'default' },
    { kind: 'service', ref: ref('', 'services'), name: 'web', namespace: 'default' },
    { kind: 'endpoints', ref: ref('', 'endpoints'), name: 'web', namespace: 'default' },
    { kind: 'configmap', ref: ref('', 'configmaps'), name: 'web-config', namespace: 'default' },
    { kind: 'secret', ref: ref('', 'secrets'), name: 'web-secret', namespace: 'default' },
    { kind: 'job', ref: ref('batch', 'jobs'), name: 'hello', namespace: 'default' },
    { kind: 'pod', ref: ref('', 'pods'), name: jobPod!, namespace: 'default' },
    { kind: 'persistentvolumeclaim', ref: ref('', 'persistentvolumeclaims'), name: 'data', namespace: 'default' },
    { kind: 'persistentvolume', ref: ref('', 'persistentvolumes'), name: volume },
    { kind: 'storageclass', ref: ref('storage.k8s.io', 'storageclasses'), name: storageClass! },
    { kind: 'node', ref: ref('', 'nodes'), name: 'node1' },
    { kind: 'namespace', ref: ref('', 'namespaces'), name: 'default' },
    { kind: 'serviceaccount', ref: ref('', 'serviceaccounts'), name: 'default', namespace: 'default' },
    { kind: 'lease', ref: ref('coordination.k8s.io', 'leases'), name: 'node1', namespace: 'kube-node-lease' },
  ];
  const failures: string[] = [];
  for (const item of cases) {
    const diffs = await compare(daemon, client, item);
    if (diffs.length > 0) failures.push(`describe ${item.kind} ${item.name}:\n${diffs.join('\n')}`);
  }
  assert.deepEqual(failures, []);
});

// API server behaviours a learner meets beyond the labs, with the real kubectl: list chunking
// (`--chunk-size`), duplicate JSON keys under strict decoding, DaemonSet revision hashes, and
// `kubectl explain` descriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { agentDaemonSet } from '../helpers/manifests.js';
import { waitFor } from '../helpers/wait-for.js';

const daemonSet = agentDaemonSet();

const deployment = daemonSet.replace('kind: DaemonSet', 'kind: Deployment').replace('name: agent\nspec:', 'name: twin\nspec:');

test('API server gaps, as kubectl sees them', async (t) => {
  const daemon = await startDaemon(t);

  await t.test('get --chunk-size=2 pages through five pods and prints one header', async () => {
    assert.equal((await daemon.kubectl('create', 'namespace', 'chunks')).code, 0);
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      const out = await daemon.kubectl('run', name, '-n', 'chunks', '--image=busybox', '--', 'sleep', 'infinity');
      assert.equal(out.code, 0, out.stderr);
    }
    const out = await daemon.kubectl('get', 'pods', '-n', 'chunks', '--chunk-size=2', '-v=8');
    assert.equal(out.code, 0, out.stderr);
    const rows = tableRows(out.stdout);
    assert.deepEqual(rows[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), ['p1', 'p2', 'p3', 'p4', 'p5']);
    // Three requests: the first page, then two continues.
    const gets = out.stderr.split('\n').filter((l) => / GET https:\/\/\S+\/api\/v1\/namespaces\/chunks\/pods\?/.test(l));
    assert.equal(gets.length, 3, gets.join('\n'));
    assert.match(gets[0], /pods\?limit=2$/);
    assert.match(gets[1], /pods\?continue=[A-Za-z0-9_-]+&limit=2$/);
    assert.match(gets[2], /pods\?continue=[A-Za-z0-9_-]+&limit=2$/);
  });

  await t.test('a raw list page carries continue and remainingItemCount', async () => {
    const first = JSON.parse((await daemon.kubectl('get', '--raw', '/api/v1/namespaces/chunks/pods?limit=2')).stdout);
    assert.deepEqual(first.items.map((p: { metadata: { name: string } }) => p.metadata.name), ['p1', 'p2']);
    assert.equal(first.metadata.remainingItemCount, 3);
    const token = JSON.parse(Buffer.from(first.metadata.continue, 'base64url').toString('utf8'));
    assert.deepEqual(token, { v: 'meta.k8s.io/v1', rv: Number(first.metadata.resourceVersion), start: 'p2\u0000' });
    const second = JSON.parse((await daemon.kubectl('get', '--raw', `/api/v1/namespaces/chunks/pods?limit=2&continue=${first.metadata.continue}`)).stdout);
    assert.deepEqual(second.items.map((p: { metadata: { name: string } }) => p.metadata.name), ['p3', 'p4']);
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
    const bad = await daemon.kubectl('get', '--raw', '/api/v1/namespaces/chunks/pods?limit=2&continue=abc$');
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.trim(), 'Error from server (BadRequest): invalid continue token: continue key is not valid: illegal base64 data at input byte 3');
  });

  await t.test('duplicate JSON keys are a warning by default and an error under Strict', async () => {
    assert.equal((await daemon.kubectl('create', 'namespace', 'dupes')).code, 0);
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"twice"},"data":{"a":"1","a":"2"}}';
    const warned = await daemon.kubectlWithInput(body, 'create', '--raw', '/api/v1/namespaces/dupes/configmaps', '-f', '-');
    assert.equal(warned.code, 0, warned.stderr);
    assert.equal(warned.stderr, 'Warning: duplicate field "data.a"\n');
    assert.equal(JSON.parse(warned.stdout).data.a, '2');
    const strict = await daemon.kubectlWithInput(body.replace('twice', 'strict'), 'create', '--raw', '/api/v1/namespaces/dupes/configmaps?fieldValidation=Strict', '-f', '-');
    assert.equal(strict.code, 1);
    assert.equal(strict.stderr.trim(), 'Error from server (BadRequest): ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data.a"');
  });

  await t.test('a DaemonSet revision hash is the hash a Deployment gives the same template', async () => {
    assert.equal((await daemon.kubectlWithInput(daemonSet, 'apply', '-f', '-')).code, 0);
    assert.equal((await daemon.kubectlWithInput(deployment, 'apply', '-f', '-')).code, 0);
    const revision = await waitFor(async () => tableRows((await daemon.kubectl('get', 'controllerrevisions')).stdout)[1]?.[0], { what: 'the DaemonSet revision', timeout: 20_000 });
    const podHash = await waitFor(async () => (await daemon.kubectl('get', 'rs', '-l', 'app=agent', '-o', 'jsonpath={.items[0].metadata.labels.pod-template-hash}')).stdout, { what: 'the ReplicaSet', timeout: 20_000 });
    assert.match(revision, /^agent-[456789bcdf]{1,10}$/);
    assert.equal(revision, `agent-${podHash}`);
    const labels = await waitFor(async () => (await daemon.kubectl('get', 'pods', '-l', 'app=agent,controller-revision-hash', '-o', 'jsonpath={.items[0].metadata.labels.controller-revision-hash}')).stdout, { what: 'a DaemonSet pod', timeout: 20_000 });
    assert.equal(labels, podHash);
  });

  await t.test('explain prints the real field descriptions and enum values', async () => {
    const image = await daemon.kubectl('explain', 'pod.spec.containers.image');
    assert.equal(image.code, 0, image.stderr);
    assert.equal(
      image.stdout,
      [
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'FIELD: image <string>',
        '',
        '',
        'DESCRIPTION:',
        '    Container image name. More info:',
        '    https://kubernetes.io/docs/concepts/containers/images This field is optional',
        '    to allow higher level config management to default or override container',
        '    images in workload controllers like Deployments and StatefulSets.',
        '    ',
        '',
        '',
      ].join('\n'),
    );
    const policy = await daemon.kubectl('explain', 'pod.spec.containers.imagePullPolicy');
    assert.equal(policy.code, 0, policy.stderr);
    assert.match(policy.stdout, /^FIELD: imagePullPolicy <string>\nENUM:\n    Always\n    IfNotPresent\n    Never\n/m);
    assert.match(policy.stdout, /^     - `"Always"` means that kubelet always attempts to pull the latest image\.$/m);
    const spec = await daemon.kubectl('explain', 'pod.spec');
    assert.match(spec.stdout, /^FIELD: spec <PodSpec>$/m);
    assert.match(spec.stdout, /^DESCRIPTION:\n    Specification of the desired behavior of the pod\. More info:$/m);
    assert.match(spec.stdout, /^    PodSpec is a description of a pod\.$/m);
    assert.match(spec.stdout, /^  containers\t<\[\]Container> -required-$/m);
    assert.match(spec.stdout, /^  nodeName\t<string>$/m);
  });
});

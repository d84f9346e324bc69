// The pods/ephemeralcontainers subresource through the in-process API: what kubectl debug's
// strategic merge patch does, and the apiserver's refusals with their exact messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { isStatusError } from '../../../../../shared/api/errors.js';
import type { ApiClient } from '../../../../../shared/client/client.js';
import { startApi } from '../../../../helpers/api.js';

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const subresource = { subresource: 'ephemeralcontainers' as const };

/** The patch kubectl 1.32 sends for `kubectl debug mypod --image=busybox:1.36 --target=mypod -- sh`. */
const debugPatch = (name: string, extra: Record<string, unknown> = {}) => ({
  spec: { ephemeralContainers: [{ command: ['sh'], image: 'busybox:1.36', name, resources: {}, targetContainerName: 'mypod', terminationMessagePolicy: 'File', ...extra }] },
});

async function withPod(t: Parameters<typeof startApi>[0]): Promise<ApiClient> {
  const { client } = await startApi(t);
  await client.create(podsRef, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'mypod' }, spec: { containers: [{ name: 'mypod', image: 'nginx' }] } });
  return client;
}

async function refusal(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (err) {
    if (isStatusError(err)) return `${err.code} ${err.message}`;
    throw err;
  }
  assert.fail('the write was accepted');
}

test('a strategic merge patch adds a defaulted ephemeral container; GET on the subresource returns the Pod', async (t) => {
  const client = await withPod(t);
  const pod = await client.patch(podsRef, 'default', 'mypod', 'strategic', debugPatch('debugger-abcde'), subresource);
  assert.deepEqual(pod.spec.ephemeralContainers, [
    {
      command: ['sh'], image: 'busybox:1.36', name: 'debugger-abcde', resources: {}, targetContainerName: 'mypod',
      terminationMessagePolicy: 'File', terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent',
    },
  ]);
  const got = await client.getSubresource(podsRef, 'default', 'mypod', 'ephemeralcontainers');
  assert.equal(got.kind, 'Pod');
  assert.equal(got.spec.ephemeralContainers[0].name, 'debugger-abcde');
});

test('other changes in the body are dropped: labels and container images stay as they were', async (t) => {
  const client = await withPod(t);
  const patch = { metadata: { labels: { debug: 'yes' } }, spec: { containers: [{ name: 'mypod', image: 'nginx:1.27' }], ...debugPatch('debugger-abcde').spec } };
  const pod = await client.patch(podsRef, 'default', 'mypod', 'strategic', patch, subresource);
  assert.equal(pod.metadata.labels, undefined);
  assert.equal(pod.spec.containers[0].image, 'nginx');
  assert.equal(pod.spec.ephemeralContainers.length, 1);
});

test('an update (PUT) adds ephemeral containers too, and a merge patch may add a second one', async (t) => {
  const client = await withPod(t);
  const current = await client.get(podsRef, 'default', 'mypod');
  const updated = structuredClone(current) as KubeObject;
  updated.spec.ephemeralContainers = debugPatch('debugger-one').spec.ephemeralContainers;
  await client.update(podsRef, updated, subresource);
  const first = (await client.get(podsRef, 'default', 'mypod')).spec.ephemeralContainers;
  const pod = await client.patch(podsRef, 'default', 'mypod', 'merge', { spec: { ephemeralContainers: [...first, { name: 'debugger-two', image: 'busybox:1.36', terminationMessagePolicy: 'File' }] } }, subresource);
  assert.deepEqual(pod.spec.ephemeralContainers.map((c: KubeObject) => c.name), ['debugger-one', 'debugger-two']);
});

test('an existing ephemeral container may not be changed or removed', async (t) => {
  const client = await withPod(t);
  await client.patch(podsRef, 'default', 'mypod', 'strategic', debugPatch('debugger-abcde'), subresource);
  assert.equal(
    await refusal(client.patch(podsRef, 'default', 'mypod', 'strategic', debugPatch('debugger-abcde', { image: 'busybox:1.37' }), subresource)),
    '422 Pod "mypod" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger-abcde" may not be changed\n' +
      '  core.EphemeralContainer{\n- \timage: "busybox:1.36",\n+ \timage: "busybox:1.37",\n  }\n',
  );
  assert.equal(
    await refusal(client.patch(podsRef, 'default', 'mypod', 'json', [{ op: 'remove', path: '/spec/ephemeralContainers/0' }], subresource)),
    '422 Pod "mypod" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger-abcde" may not be removed\n',
  );
});

test('names are unique across all containers, the target and mounted volumes must exist, and ports, resources, probes, lifecycle and subPath are refused', async (t) => {
  const client = await withPod(t);
  const bad = debugPatch('mypod', {
    targetContainerName: 'nope',
    ports: [{ containerPort: 80 }],
    resources: { limits: { cpu: '1' } },
    readinessProbe: { exec: { command: ['true'] } },
    lifecycle: { postStart: { exec: { command: ['true'] } } },
    volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'x' }],
  });
  assert.equal(
    await refusal(client.patch(podsRef, 'default', 'mypod', 'strategic', bad, subresource)),
    '422 Pod "mypod" is invalid: [spec.ephemeralContainers[0].volumeMounts[0].name: Not found: "data", ' +
      'spec.ephemeralContainers[0].name: Duplicate value: "mypod", ' +
      'spec.ephemeralContainers[0].targetContainerName: Not found: "nope", ' +
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container, ' +
      'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container, ' +
      'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container, ' +
      'spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container, ' +
      'spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container]',
  );
});

test('the main resource still refuses ephemeral containers on create', async (t) => {
  const { client } = await startApi(t);
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...debugPatch('debugger-abcde').spec } };
  assert.equal(await refusal(client.create(podsRef, 'default', pod)), '422 Pod "p" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create');
});

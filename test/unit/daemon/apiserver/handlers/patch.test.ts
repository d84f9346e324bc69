// The bodies kubectl v1.32 sends (reference/kubectl-compat.md §5, §9.3, §9.5, §9.9), applied as
// the apiserver applies them, plus the error Statuses a learner sees when a patch goes wrong.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, type PatchKind } from '../../../../../daemon/apiserver/handlers/patch.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { StatusError } from '../../../../../shared/api/errors.js';

const podKind = { group: '', version: 'v1', kind: 'Pod' };
const deploymentKind = { group: 'apps', version: 'v1', kind: 'Deployment' };
const nodeKind = { group: '', version: 'v1', kind: 'Node' };
const serviceKind = { group: '', version: 'v1', kind: 'Service' };
const configMapKind = { group: '', version: 'v1', kind: 'ConfigMap' };
type Kind = typeof podKind;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

const pod = deepFreeze({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'mynginx', namespace: 'default', labels: { run: 'mynginx', tier: 'web' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'mynginx', image: 'nginx:1.14', ports: [{ containerPort: 80 }, { containerPort: 443 }], env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'busybox', command: ['sleep', '3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] },
    ],
    tolerations: [{ key: 'x', operator: 'Exists' }],
  },
});

const template = {
  metadata: { labels: { app: 'web' }, annotations: { owner: 'team-a' } },
  spec: { containers: [{ name: 'sidecar', image: 'busybox' }, { name: 'nginx', image: 'nginx:1.14' }] },
};
const deployment = deepFreeze({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: { replicas: 2, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
});

const node = deepFreeze({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node1' },
  spec: { podCIDRs: ['10.244.1.0/24'] },
  status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
});

const service = deepFreeze({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
});

interface Case {
  name: string;
  given: { original: KubeObject; type: PatchKind; patch: unknown; kind: Kind };
  want: unknown;
}

/** Applies a case and returns the part of the result the case is about. */
function run(given: Case['given']): KubeObject {
  return applyPatch(given.original, given.type, deepFreeze(structuredClone(given.patch)), given.kind);
}

describe('applyPatch with the bodies kubectl sends', () => {
  const lastApplied = '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"mynginx","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.15","name":"mynginx"}]}}\n';
  const cases: (Case & { pick: (o: KubeObject) => unknown })[] = [
    {
      name: 'apply changes the image of the listed container and keeps its ports and env',
      given: {
        original: pod,
        type: 'strategic',
        kind: podKind,
        patch: {
          metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
          spec: { '$setElementOrder/containers': [{ name: 'mynginx' }, { name: 'sidecar' }], containers: [{ image: 'nginx:1.15', name: 'mynginx' }] },
        },
      },
      pick: (o) => [o.metadata.annotations, o.spec.containers[0]],
      want: [
        { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
        { name: 'mynginx', image: 'nginx:1.15', ports: [{ containerPort: 80 }, { containerPort: 443 }], env: [{ name: 'A', value: '1' }] },
      ],
    },
    {
      name: 'set image changes one container of the template and keeps the container order',
      given: {
        original: deployment,
        type: 'strategic',
        kind: deploymentKind,
        patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }], containers: [{ image: 'nginx:1.15', name: 'nginx' }] } } } },
      },
      pick: (o) => o.spec.template.spec.containers,
      want: [{ name: 'sidecar', image: 'busybox' }, { name: 'nginx', image: 'nginx:1.15' }],
    },
    {
      name: 'rollout restart adds the restartedAt annotation next to the existing ones',
      given: {
        original: deployment,
        type: 'strategic',
        kind: deploymentKind,
        patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } } } } },
      },
      pick: (o) => o.spec.template.metadata,
      want: { labels: { app: 'web' }, annotations: { owner: 'team-a', 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } },
    },
    {
      name: 'cordon sets spec.unschedulable',
      given: { original: node, type: 'strategic', kind: nodeKind, patch: { spec: { unschedulable: true } } },
      pick: (o) => o.spec,
      want: { podCIDRs: ['10.244.1.0/24'], unschedulable: true },
    },
    {
      name: 'uncordon sends null, which removes spec.unschedulable',
      given: { original: { ...node, spec: { ...node.spec, unschedulable: true } }, type: 'strategic', kind: nodeKind, patch: { spec: { unschedulable: null } } },
      pick: (o) => o.spec,
      want: { podCIDRs: ['10.244.1.0/24'] },
    },
    {
      name: 'label adds a label with a merge patch',
      given: { original: pod, type: 'merge', kind: podKind, patch: { metadata: { labels: { env: 'prod' } } } },
      pick: (o) => o.metadata.labels,
      want: { run: 'mynginx', tier: 'web', env: 'prod' },
    },
    {
      name: 'label k- removes the label with a null',
      given: { original: pod, type: 'merge', kind: podKind, patch: { metadata: { labels: { tier: null } } } },
      pick: (o) => o.metadata.labels,
      want: { run: 'mynginx' },
    },
    {
      name: 'scale patches the replicas of the Scale subresource',
      given: {
        original: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' } },
        type: 'merge',
        kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
        patch: { spec: { replicas: 4 } },
      },
      pick: (o) => [o.spec, o.status],
      want: [{ replicas: 4 }, { replicas: 2, selector: 'app=web' }],
    },
    {
      name: 'rollout undo replaces the template and the annotations with a JSON patch',
      given: {
        original: deployment,
        type: 'json',
        kind: deploymentKind,
        patch: [
          { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14' }] } } },
          { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '3' } },
        ],
      },
      pick: (o) => [o.metadata.annotations, o.spec.template],
      want: [{ 'deployment.kubernetes.io/revision': '3' }, { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14' }] } }],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(c.pick(run(c.given)), c.want));

  it('returns a copy that can be changed without touching the frozen original', () => {
    const result = applyPatch(pod, 'merge', { metadata: { labels: { env: 'prod' } } }, podKind);
    result.spec.containers[0].image = 'changed';
    result.metadata.finalizers?.push('c');
    assert.equal(pod.spec.containers[0].image, 'nginx:1.14');
  });
});

describe('strategic merge patch on the built-in kinds', () => {
  const cases: (Case & { pick: (o: KubeObject) => unknown })[] = [
    {
      name: 'merges service ports on port and container ports on containerPort',
      given: { original: service, type: 'strategic', kind: serviceKind, patch: { spec: { ports: [{ port: 80, nodePort: 30080 }, { name: 'https', port: 443 }] } } },
      pick: (o) => o.spec.ports,
      want: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }, { name: 'https', port: 443 }],
    },
    {
      name: 'merges a container port on containerPort, keeping the other port',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { spec: { containers: [{ name: 'mynginx', ports: [{ containerPort: 443, name: 'https' }] }] } } },
      pick: (o) => o.spec.containers[0].ports,
      want: [{ containerPort: 80 }, { containerPort: 443, name: 'https' }],
    },
    {
      name: 'merges env by name and volumeMounts by mountPath',
      given: {
        original: pod,
        type: 'strategic',
        kind: podKind,
        patch: { spec: { containers: [{ name: 'mynginx', env: [{ name: 'A', value: '2' }] }, { name: 'sidecar', volumeMounts: [{ mountPath: '/data', readOnly: true }] }] } },
      },
      pick: (o) => [o.spec.containers[0].env, o.spec.containers[1].volumeMounts],
      want: [[{ name: 'A', value: '2' }], [{ name: 'data', mountPath: '/data', readOnly: true }]],
    },
    {
      name: 'replaces tolerations and command whole',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }], containers: [{ name: 'sidecar', command: ['true'] }] } } },
      pick: (o) => [o.spec.tolerations, o.spec.containers[1].command],
      want: [[{ key: 'y', operator: 'Exists' }], ['true']],
    },
    {
      name: 'deletes a container with $patch: delete',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
      pick: (o) => o.spec.containers.map((c: { name: string }) => c.name),
      want: ['mynginx'],
    },
    {
      name: 'replaces the whole container list with $patch: replace',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'alpine' }] } } },
      pick: (o) => o.spec.containers,
      want: [{ name: 'only', image: 'alpine' }],
    },
    {
      name: 'replaces a map with $patch: replace',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { metadata: { labels: { $patch: 'replace', app: 'x' } } } },
      pick: (o) => o.metadata.labels,
      want: { app: 'x' },
    },
    {
      name: 'adds a finalizer ahead of the live ones, as upstream orders a primitive the live list lacks',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { metadata: { finalizers: ['c'] } } },
      pick: (o) => o.metadata.finalizers,
      want: ['c', 'a', 'b'],
    },
    {
      name: 'removes a finalizer with $deleteFromPrimitiveList',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } } },
      pick: (o) => o.metadata.finalizers,
      want: ['b'],
    },
    {
      name: 'merges ownerReferences on uid',
      given: {
        original: { ...pod, metadata: { name: 'p', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }] } },
        type: 'strategic',
        kind: podKind,
        patch: { metadata: { ownerReferences: [{ uid: 'u1', blockOwnerDeletion: true }] } },
      },
      pick: (o) => o.metadata.ownerReferences,
      want: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    },
    {
      name: 'switches the deployment strategy with $retainKeys, clearing rollingUpdate',
      given: { original: deployment, type: 'strategic', kind: deploymentKind, patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } } },
      pick: (o) => o.spec.strategy,
      want: { type: 'Recreate' },
    },
    {
      name: 'merges node conditions on type, keeping the order of the live list',
      given: { original: node, type: 'strategic', kind: nodeKind, patch: { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'NodeStatusUnknown' }] } } },
      pick: (o) => o.status.conditions,
      want: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'False', reason: 'NodeStatusUnknown' }],
    },
    {
      name: 'merges a ConfigMap like a JSON merge patch',
      given: { original: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } }, type: 'strategic', kind: configMapKind, patch: { data: { a: null, c: '3' } } },
      pick: (o) => o.data,
      want: { b: '2', c: '3' },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(c.pick(run(c.given)), c.want));
});

describe('patch errors', () => {
  const rejected = 'the server rejected our request due to an error in our request';
  const cases: { name: string; given: Case['given']; want: { code: number; reason?: string; message: string; cause?: string } }[] = [
    {
      name: 'a failed JSON patch test is 422 with the library text as the cause',
      given: { original: deployment, type: 'json', kind: deploymentKind, patch: [{ op: 'test', path: '/spec/replicas', value: 3 }] },
      want: { code: 422, reason: 'Invalid', message: rejected, cause: 'testing value /spec/replicas failed: test failed' },
    },
    {
      name: 'a null merge patch is 400',
      given: { original: pod, type: 'merge', kind: podKind, patch: null },
      want: { code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' },
    },
    {
      name: 'a strategic merge patch that is a list is 400',
      given: { original: pod, type: 'strategic', kind: podKind, patch: [] },
      want: { code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
    },
    {
      name: 'a container without its merge key is a 500 with no reason',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { spec: { containers: [{ image: 'x' }] } } },
      want: { code: 500, message: 'map: map[image:x] does not contain declared merge key: name' },
    },
    {
      name: 'a patch list out of the $setElementOrder order is a 500',
      given: {
        original: pod,
        type: 'strategic',
        kind: podKind,
        patch: { spec: { '$setElementOrder/containers': [{ name: 'mynginx' }, { name: 'sidecar' }], containers: [{ name: 'sidecar' }, { name: 'mynginx' }] } },
      },
      want: { code: 500, message: "The order in patch list:\n[map[name:sidecar] map[name:mynginx]]\n doesn't match $setElementOrder list:\n[map[name:mynginx] map[name:sidecar]]\n" },
    },
    {
      name: 'a $patch: merge inside a list is a 500',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { spec: { containers: [{ name: 'mynginx', $patch: 'merge' }] } } },
      want: { code: 500, message: 'merging lists cannot yet be specified in the patch' },
    },
    {
      name: 'an unknown $patch on a map is a 500 naming the map',
      given: { original: pod, type: 'strategic', kind: podKind, patch: { metadata: { labels: { $patch: 'merge' } } } },
      want: { code: 500, message: 'unknown patch type: merge in map: map[$patch:merge]' },
    },
    {
      name: 'a $retainKeys that is not a list is 400',
      given: { original: deployment, type: 'strategic', kind: deploymentKind, patch: { spec: { strategy: { $retainKeys: 'type' } } } },
      want: { code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
    },
    {
      name: 'a field outside $retainKeys is 400',
      given: { original: deployment, type: 'strategic', kind: deploymentKind, patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: {} } } } },
      want: { code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.throws(
        () => run(c.given),
        (err: unknown) => {
          assert.ok(err instanceof StatusError);
          assert.equal(err.status.code, c.want.code);
          assert.equal(err.status.reason, c.want.reason);
          assert.equal(err.status.message, c.want.message);
          assert.deepEqual(err.status.details?.causes, c.want.cause ? [{ reason: 'UnexpectedServerResponse', message: c.want.cause }] : undefined);
          return true;
        },
      );
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openapiGroupVersion, openapiIndex, openapiSchemaName } from '../../../../../daemon/apiserver/handlers/openapi.js';

describe('openapiIndex', () => {
  it('lists every served group-version with a hashed URL', () => {
    const index = openapiIndex((key) => `H-${key.replace(/\//g, '_')}`);
    assert.deepEqual(Object.keys(index.paths), [
      'api/v1',
      'apis/apiregistration.k8s.io/v1',
      'apis/apps/v1',
      'apis/events.k8s.io/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/batch/v1',
      'apis/certificates.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/policy/v1',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/storage.k8s.io/v1',
      'apis/admissionregistration.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/scheduling.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/node.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/flowcontrol.apiserver.k8s.io/v1',
    ]);
    assert.deepEqual(index.paths['apis/apps/v1'], { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=H-apis_apps_v1' });
  });

  it('hashes document content by default, stably', () => {
    const first = openapiIndex().paths['api/v1'].serverRelativeURL;
    assert.match(first, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    assert.equal(openapiIndex().paths['api/v1'].serverRelativeURL, first);
  });
});

describe('openapiGroupVersion', () => {
  it('gives each kind a PATCH operation with its GVK and fieldValidation, and no requestBody', () => {
    const doc = openapiGroupVersion('apps', 'v1');
    assert.ok(doc);
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.deepEqual(patch.parameters, [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }]);
    for (const item of Object.values(doc.paths)) assert.equal(item.patch.requestBody, undefined);
  });

  it('uses cluster-scoped paths for cluster-scoped kinds', () => {
    const doc = openapiGroupVersion('', 'v1');
    assert.ok(doc?.paths['/api/v1/nodes/{name}']);
    assert.ok(doc?.paths['/api/v1/namespaces/{namespace}/pods/{name}']);
  });

  it('generates component schemas that kubectl explain can walk', () => {
    const schemas = openapiGroupVersion('', 'v1')?.components.schemas ?? {};
    const pod = schemas['io.k8s.api.core.v1.Pod'];
    assert.deepEqual(pod['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'Pod' }]);
    // A described $ref is wrapped in allOf, as kube-openapi writes v3 documents.
    assert.deepEqual((pod.properties as Record<string, unknown>).spec, {
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }],
      default: {},
      description: 'Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
    });
    assert.equal(pod.description, 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.');
    assert.equal(((pod.properties as Record<string, Record<string, unknown>>).kind).type, 'string');
    assert.match(String(((pod.properties as Record<string, Record<string, unknown>>).kind).description), /^Kind is a string value representing the REST resource this object represents\./);
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec'].properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(podSpec.containers, {
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' },
      description: 'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
    });
    assert.deepEqual(podSpec.nodeSelector.additionalProperties, { type: 'string' });
    assert.equal(podSpec.terminationGracePeriodSeconds.format, 'int64');
    const container = schemas['io.k8s.api.core.v1.Container'].properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(container.imagePullPolicy.enum, ['Always', 'IfNotPresent', 'Never']);
    assert.match(String(container.imagePullPolicy.description), /\n\nPossible enum values:\n - `"Always"` means that kubelet always attempts to pull the latest image\. Container will fail If the pull fails\.\n/);
    // kubectl explain prints `-required-` from these lists, inline embeddings' included.
    assert.deepEqual(schemas['io.k8s.api.core.v1.PodSpec'].required, ['containers']);
    assert.deepEqual(schemas['io.k8s.api.core.v1.EphemeralContainer'].required, ['name']);
    assert.equal(pod.required, undefined);
    // Fields of an inline embedding carry the embedded type's descriptions.
    const ephemeral = schemas['io.k8s.api.core.v1.EphemeralContainer'].properties as Record<string, Record<string, unknown>>;
    assert.match(String(ephemeral.image.description), /^Container image name\./);
    const volume = schemas['io.k8s.api.core.v1.Volume'].properties as Record<string, unknown>;
    assert.ok(volume.emptyDir && !volume.volumeSource, 'inline fields are flattened');
    assert.deepEqual(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'], { oneOf: [{ type: 'string' }, { type: 'number' }] });
    assert.deepEqual(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time'], { type: 'string', format: 'date-time' });
  });

  it('resolves every $ref inside its own document', () => {
    for (const [group, version] of [['', 'v1'], ['apps', 'v1'], ['autoscaling', 'v2'], ['networking.k8s.io', 'v1']]) {
      const doc = openapiGroupVersion(group, version);
      assert.ok(doc);
      const refs = JSON.stringify(doc.components).match(/#\/components\/schemas\/[\w.]+/g) ?? [];
      for (const ref of refs) assert.ok(doc.components.schemas[ref.slice('#/components/schemas/'.length)], `${group}/${version}: ${ref}`);
    }
  });

  it('answers undefined for a group-version that is not served', () => {
    assert.equal(openapiGroupVersion('apps', 'v1beta1'), undefined);
  });
});

describe('openapiSchemaName', () => {
  it('uses the real apiserver names', () => {
    assert.equal(openapiSchemaName('apps.v1.Deployment'), 'io.k8s.api.apps.v1.Deployment');
    assert.equal(openapiSchemaName('meta.ObjectMeta'), 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.equal(openapiSchemaName('intstr.IntOrString'), 'io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  });
});

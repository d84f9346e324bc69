// The scale subresource's checks of a custom resource, worded as the apiextensions apiserver's
// ValidateScaleSpec / ValidateScaleStatus word them (the path is the CRD's own, leading dot and all).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { customResourceStrategy } from '../../../../../daemon/apiserver/crd/custom-resource-strategy.js';
import { serveCrd, stopServingCrd } from '../../../../../daemon/apiserver/crd/served-crds.js';

const group = 'strategy.kubelab.dev';
const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `scalers.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'scalers', kind: 'Scaler' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } }],
  },
};

function scaleErrors(spec: unknown, status?: unknown): string[] {
  const strategy = customResourceStrategy(group, 'scalers')!;
  const obj: KubeObject = { apiVersion: `${group}/v1`, kind: 'Scaler', metadata: { name: 's' }, spec, status };
  return (strategy.validate?.(obj) ?? []).map(fieldErrorString);
}

test('scale paths that do not hold a replica count are refused with the apiserver words', (t) => {
  serveCrd(crd, false);
  t.after(() => stopServingCrd(crd.metadata.name!));
  assert.deepEqual(scaleErrors({ replicas: 2 }), []);
  assert.deepEqual(scaleErrors({}), []);
  assert.deepEqual(scaleErrors({ replicas: 'two' }), ['.spec.replicas: Invalid value: 0: .spec.replicas accessor error: two is of the type string, expected int64']);
  assert.deepEqual(scaleErrors({ replicas: -1 }), ['.spec.replicas: Invalid value: -1: should be a non-negative integer']);
  assert.deepEqual(scaleErrors({ replicas: 2147483648 }), ['.spec.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647']);
  assert.deepEqual(scaleErrors({ replicas: 1 }, { replicas: -2 }), ['.status.replicas: Invalid value: -2: should be a non-negative integer']);
});

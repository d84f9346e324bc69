import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid } from '../../../../../shared/api/errors.js';
import { validateObjectMeta } from '../../../../../daemon/apiserver/registry/metadata.js';
import { replicaSetStrategy } from '../../../../../daemon/apiserver/registry/replicasets.js';
import { create, update } from './run-strategy.js';

/** manifests/replicaset-no-selector.yaml of lab F.4. */
const noSelector = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'test-rs' },
  spec: {
    replicas: 3,
    template: {
      metadata: { labels: { app: 'myweb' } },
      spec: { containers: [{ name: 'myweb-container', image: 'ghcr.io/c1t1d0s7/go-myweb', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] },
    },
  },
};

function withSelector(selector: object): object {
  return { ...noSelector, spec: { ...noSelector.spec, selector } };
}

describe('lab F.4: a ReplicaSet without selector', () => {
  it('gets both causes a real apiserver returns', () => {
    assert.deepEqual(create(replicaSetStrategy, noSelector).errors, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"myweb"}: `selector` does not match template `labels`',
    ]);
  });

  it('becomes the 422 Status kubectl rebuilds its message from', () => {
    const obj = structuredClone(noSelector) as never as Parameters<typeof validateObjectMeta>[0];
    obj.metadata.namespace = 'default';
    replicaSetStrategy.defaults!(obj);
    const errors = [...validateObjectMeta(obj, 'subdomain', true), ...replicaSetStrategy.validate!(obj)];
    const status = invalid({ group: 'apps', kind: 'ReplicaSet' }, 'test-rs', errors).status;
    assert.equal(
      status.message,
      'ReplicaSet.apps "test-rs" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"myweb"}: `selector` does not match template `labels`]',
    );
    assert.deepEqual(status.details?.causes, [
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: map[string]string{"app":"myweb"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' },
    ]);
  });
});

describe('ReplicaSet validation', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'accepts a selector matching the template', given: withSelector({ matchLabels: { app: 'myweb' } }), want: [] },
    {
      name: 'rejects an empty selector',
      given: withSelector({}),
      want: ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
    },
    {
      name: 'rejects a selector that does not match',
      given: withSelector({ matchLabels: { app: 'other' } }),
      want: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"myweb"}: `selector` does not match template `labels`'],
    },
    {
      name: 'rejects negative replicas',
      given: { ...withSelector({ matchLabels: { app: 'myweb' } }), spec: { ...(withSelector({ matchLabels: { app: 'myweb' } }) as { spec: object }).spec, replicas: -1 } },
      want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(replicaSetStrategy, given).errors, want));

  it('rejects a template restartPolicy other than Always', () => {
    const given = structuredClone(withSelector({ matchLabels: { app: 'myweb' } })) as { spec: { template: { spec: { restartPolicy?: string } } } };
    given.spec.template.spec.restartPolicy = 'Never';
    assert.deepEqual(create(replicaSetStrategy, given).errors, ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });
});

describe('ReplicaSet create and update', () => {
  const stored = create(replicaSetStrategy, withSelector({ matchLabels: { app: 'myweb' } })).obj;

  it('starts at generation 1 with replicas 0 in the status', () => {
    assert.equal(stored.metadata.generation, 1);
    assert.deepEqual(stored.status, { replicas: 0 });
    assert.equal(stored.spec.template.metadata.creationTimestamp, null);
  });

  it('bumps the generation on a spec change only', () => {
    assert.equal(update(replicaSetStrategy, stored, (o) => (o.spec.replicas = 5)).obj.metadata.generation, 2);
    assert.equal(update(replicaSetStrategy, stored, (o) => (o.metadata.labels = { a: 'b' })).obj.metadata.generation, 1);
  });

  it('keeps the selector immutable', () => {
    const { errors } = update(replicaSetStrategy, stored, (o) => {
      o.spec.selector = { matchLabels: { app: 'v2' } };
      o.spec.template.metadata.labels = { app: 'v2' };
    });
    assert.deepEqual(errors, ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"v2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']);
  });
});

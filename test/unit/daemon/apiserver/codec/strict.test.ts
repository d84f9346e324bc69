import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFields, decodeErrorMessage, stripUnknown, unknownFieldWarnings } from '../../../../../daemon/apiserver/codec/strict.js';
import { checkInput } from '../../../../../daemon/apiserver/codec/input-check.js';
import { newContext } from '../../../../../daemon/apiserver/request-context.js';
import { findResource } from '../../../../../shared/api/resources.js';
import { isStatusError } from '../../../../../shared/api/errors.js';
import type { FieldValidation } from '../../../../../shared/client/client.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

const deploymentGvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const serviceGvk = { group: '', version: 'v1', kind: 'Service' };
const podGvk = { group: '', version: 'v1', kind: 'Pod' };

function deployment(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec, ...extra };
}

const template = (container: Record<string, unknown>) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [container] } });

describe('checkFields: unknown fields', () => {
  it('accepts a well-formed Deployment', () => {
    const obj = deployment({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template({ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }) });
    assert.deepEqual(checkFields(obj, deploymentGvk), { unknown: [] });
  });

  it('reports unknown fields as paths, in document order, with list indices', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      foo: 1,
      metadata: { name: 'web', bar: 'x' },
      spec: { replicas: 1, replica: 2, template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolicyy: 'Always' }] } } },
    };
    assert.deepEqual(checkFields(obj, deploymentGvk).unknown, ['foo', 'metadata.bar', 'spec.replica', 'spec.template.spec.containers[1].imagePullPolicyy']);
  });

  it('knows the fields of inline embeddings (Volume.emptyDir, configMap.name, Probe.httpGet)', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'cfg', optional: true } }],
        containers: [{ name: 'c', readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 } }],
      },
    };
    assert.deepEqual(checkFields(obj, podGvk), { unknown: [] });
  });

  it('names map keys in paths of unknown fields inside map values', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { limit: { cpu: '1' } } }] } };
    assert.deepEqual(checkFields(obj, podGvk).unknown, ['spec.containers[0].resources.limit']);
  });

  it('allows null anywhere', () => {
    const obj = deployment({ replicas: null, selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: null } } }] } } });
    assert.deepEqual(checkFields(obj, deploymentGvk), { unknown: [], rewritesNull: true });
  });

  it('notes only the nulls Go would not write back (a null time or list stays as it is)', () => {
    const kept = deployment({ template: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: 'c' }], volumes: null } } });
    assert.deepEqual(checkFields(kept, deploymentGvk), { unknown: [] });
    assert.deepEqual(checkFields(deployment({ replicas: null }), deploymentGvk), { unknown: [], rewritesNull: true });
  });

  it('passes kinds the schema does not know unchecked', () => {
    assert.deepEqual(checkFields({ kind: 'Widget', anything: { goes: true } }, { group: 'example.com', version: 'v1', kind: 'Widget' }), { unknown: [] });
  });
});

describe('checkFields: type errors, with encoding/json wording', () => {
  const cases: { name: string; given: Record<string, unknown>; gvk?: typeof deploymentGvk; want: string }[] = [
    {
      name: 'a string for an int32',
      given: deployment({ replicas: 'two' }),
      want: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'a fraction for an int32 (the number is quoted)',
      given: deployment({ replicas: 1.5 }),
      want: 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'a string for an int32 inside lists (no indices in the field name)',
      given: deployment({ template: template({ name: 'c', ports: [{ containerPort: '80' }] }) }),
      want: 'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    },
    {
      name: 'a string for a struct',
      given: deployment({ strategy: 'Recreate' }),
      want: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.strategy of type v1.DeploymentStrategy',
    },
    {
      name: 'an object for a list',
      given: deployment({ template: { spec: { containers: { name: 'c' } } } }),
      want: 'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    },
    {
      name: 'a number for a map value',
      given: { kind: 'Deployment', metadata: { name: 'web', labels: { tier: 3 } } },
      want: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    },
    {
      name: 'a number for a named string type',
      given: { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, protocol: 6 }] } },
      gvk: serviceGvk,
      want: 'json: cannot unmarshal number into Go struct field ServicePort.spec.ports.protocol of type v1.Protocol',
    },
    {
      name: 'a bool for an IntOrString',
      given: { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: true }] } },
      gvk: serviceGvk,
      want: 'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
    },
    {
      name: 'an invalid Quantity',
      given: deployment({ template: template({ name: 'c', resources: { limits: { cpu: 'abc' } } }) }),
      want: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    },
    {
      name: 'a bad Time string',
      given: { kind: 'Deployment', metadata: { name: 'web', creationTimestamp: 'yesterday' } },
      want: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    },
    {
      name: 'a number for a Time',
      given: { kind: 'Deployment', metadata: { name: 'web', creationTimestamp: 5 } },
      want: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    },
  ];
  for (const { name, given, gvk, want } of cases) {
    it(`reports ${name}`, () => assert.deepEqual(checkFields(given, gvk ?? deploymentGvk), { unknown: [], typeError: want }));
  }

  it('accepts IntOrString and Quantity given as numbers or strings', () => {
    const svc = { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 81, targetPort: 'http' }] } };
    assert.deepEqual(checkFields(svc, serviceGvk), { unknown: [] });
    const dep = deployment({ template: template({ name: 'c', resources: { limits: { cpu: 0.5, memory: '64Mi' } } }) });
    assert.deepEqual(checkFields(dep, deploymentGvk), { unknown: [] });
  });

  it('reports bad base64 in Secret data as Go does', () => {
    const secret = { kind: 'Secret', metadata: { name: 's' }, data: { password: 'abc$' } };
    assert.deepEqual(checkFields(secret, { group: '', version: 'v1', kind: 'Secret' }), { unknown: [], typeError: 'illegal base64 data at input byte 3' });
  });

  it('lets a type error win over unknown fields', () => {
    const obj = deployment({ foo: 1, replicas: 'x' });
    assert.deepEqual(checkFields(obj, deploymentGvk), { unknown: [], typeError: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32' });
  });

  it('keeps the first saved type error, unless a Quantity error ends the decode', () => {
    const first = deployment({ replicas: 'x', paused: 'yes' });
    assert.equal(checkFields(first, deploymentGvk).typeError, 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    const aborted = deployment({ replicas: 'x', template: template({ name: 'c', resources: { requests: { cpu: '1KK' } } }) });
    assert.equal(checkFields(aborted, deploymentGvk).typeError, "unable to parse quantity's suffix");
  });
});

describe('decode error messages', () => {
  const deployments = findResource('apps', 'v1', 'deployments')!;
  const decode = (obj: Record<string, unknown>, fieldValidation: FieldValidation) => checkInput(deployments, obj as KubeObject, newContext({ fieldValidation }));
  const isBadRequest = (message: string) => (err: unknown) => {
    assert.ok(isStatusError(err), String(err));
    assert.equal(err.code, 400);
    assert.equal(err.status.reason, 'BadRequest');
    assert.equal(err.status.message, message);
    return true;
  };

  it('builds the apiserver 400 for unknown fields under Strict', () => {
    assert.throws(
      () => decode(deployment({ foo: 1, bar: 2 }), 'Strict'),
      isBadRequest('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"'),
    );
  });

  it('accepts unknown fields under Warn and Ignore, but never a type error', () => {
    assert.deepEqual(decode(deployment({ foo: 1 }), 'Warn').spec, {});
    assert.deepEqual(decode(deployment({ foo: 1 }), 'Ignore').spec, {});
    assert.throws(
      () => decode(deployment({ replicas: 'x' }), 'Ignore'),
      isBadRequest('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'),
    );
  });

  it('formats warnings and the decode error', () => {
    assert.deepEqual(unknownFieldWarnings(['spec.foo', 'metadata.bar']), ['unknown field "spec.foo"', 'unknown field "metadata.bar"']);
    assert.equal(decodeErrorMessage(podGvk, 'x'), 'Pod in version "v1" cannot be handled as a Pod: x');
  });
});

describe('stripUnknown', () => {
  it('drops unknown fields at every depth and keeps the rest', () => {
    const obj = deployment({ replicas: 2, foo: 1, template: template({ name: 'c', bogus: true, env: [{ name: 'A', value: '1', extra: 0 }] }) }, { junk: 'x' });
    assert.deepEqual(stripUnknown(obj, deploymentGvk), deployment({ replicas: 2, template: template({ name: 'c', env: [{ name: 'A', value: '1' }] }) }));
    assert.equal((obj.spec as Record<string, unknown>).foo, 1, 'the input is not modified');
  });

  it('gives nulls Go\'s meaning: a null field is omitted, a null list or map element is its zero value', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: [null, 'a/b'], ownerReferences: [null], labels: { a: null }, deletionTimestamp: null }, spec: { containers: [{ name: 'c', command: [null], ports: [null] }] } };
    assert.deepEqual(stripUnknown(obj, podGvk), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['', 'a/b'], ownerReferences: [{}], labels: { a: '' } }, spec: { containers: [{ name: 'c', command: [''], ports: [{}] }] } });
  });

  it('returns objects of unknown kinds as they are', () => {
    const obj = { kind: 'Widget', x: 1 };
    assert.equal(stripUnknown(obj, { group: 'example.com', version: 'v1', kind: 'Widget' }), obj);
  });
});

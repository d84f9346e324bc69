import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults, pruneUnknownFields } from '../../../../../daemon/apiserver/crd/schema-pruning.js';
import type { JsonSchema } from '../../../../../daemon/apiserver/crd/schema-validation.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        image: { type: 'string' },
        replicas: { type: 'integer', default: 1 },
        ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { mode: { type: 'string', default: 'fast' } } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        policy: { type: 'object', default: { mode: 'Allow' }, properties: { mode: { type: 'string' }, level: { type: 'integer', default: 3 } } },
      },
    },
  },
};

test('pruning drops and names the fields the schema does not specify, in document order', () => {
  const obj = {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'x', anything: 'kept for ObjectMeta' },
    spec: { image: 'i', foo: 1, ports: [{ port: 80, bar: true }], labels: { a: 'b' }, config: { any: { deep: 1 } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {}, extra: 1 } },
    status: { ready: true },
  };
  const unknown = pruneUnknownFields(obj, schema);
  assert.deepEqual(unknown, ['spec.foo', 'spec.ports[0].bar', 'spec.template.extra', 'status']);
  assert.deepEqual(obj, {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'x', anything: 'kept for ObjectMeta' },
    spec: { image: 'i', ports: [{ port: 80 }], labels: { a: 'b' }, config: { any: { deep: 1 } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } },
  });
});

test('defaulting fills absent fields, inside defaulted objects and list items too', () => {
  const obj: Record<string, unknown> = { spec: { image: 'i', ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }], config: {} } };
  applyDefaults(obj, schema);
  assert.deepEqual(obj, {
    spec: {
      image: 'i',
      replicas: 1,
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
      config: { mode: 'fast' },
      policy: { mode: 'Allow', level: 3 },
    },
  });
});

test('defaulting leaves set fields alone and copies each default', () => {
  const a: Record<string, unknown> = { spec: { replicas: 4 } };
  const b: Record<string, unknown> = { spec: {} };
  applyDefaults(a, schema);
  applyDefaults(b, schema);
  assert.equal((a.spec as { replicas: number }).replicas, 4);
  (b.spec as { policy: { mode: string } }).policy.mode = 'changed';
  const c: Record<string, unknown> = { spec: {} };
  applyDefaults(c, schema);
  assert.equal((c.spec as { policy: { mode: string } }).policy.mode, 'Allow');
});

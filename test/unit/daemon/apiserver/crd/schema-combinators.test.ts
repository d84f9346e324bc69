// allOf / anyOf / oneOf / not in a custom resource's schema, as kube-openapi reports them and the
// apiextensions apiserver wraps them (nil path, empty value), with the failing alternative's
// own errors listed after the composite one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAgainstSchema, type JsonSchema } from '../../../../../daemon/apiserver/crd/schema-validation.js';
import { fieldErrorString } from '../../../../../shared/api/errors.js';

const withSpec = (spec: JsonSchema): JsonSchema => ({ type: 'object', properties: { spec } });
const errors = (obj: unknown, schema: JsonSchema, old?: unknown): string[] => validateAgainstSchema(obj, schema, old).map(fieldErrorString);

const source: JsonSchema = {
  type: 'object',
  properties: { uri: { type: 'string' }, path: { type: 'string' }, mode: { type: 'string' } },
  oneOf: [{ required: ['uri'] }, { required: ['path'] }],
  not: { properties: { mode: { enum: ['legacy'] } }, required: ['mode'] },
};

test('oneOf: none or several valid alternatives', () => {
  const schema = withSpec(source);
  assert.deepEqual(errors({ spec: { uri: 'u' } }, schema), []);
  assert.deepEqual(errors({ spec: {} }, schema), ['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid', 'spec.uri: Required value']);
  assert.deepEqual(errors({ spec: { uri: 'u', path: 'p' } }, schema), ['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
});

test('not: a value the schema must not match', () => {
  assert.deepEqual(errors({ spec: { uri: 'u', mode: 'legacy' } }, withSpec(source)), ['<nil>: Invalid value: "": "spec" must not validate the schema (not)']);
  assert.deepEqual(errors({ spec: { uri: 'u', mode: 'new' } }, withSpec(source)), []);
});

test('anyOf and allOf', () => {
  const schema = withSpec({
    type: 'object',
    properties: { size: { type: 'integer' } },
    anyOf: [{ properties: { size: { minimum: 10 } } }, { properties: { size: { maximum: 2 } } }],
    allOf: [{ properties: { size: { maximum: 100 } } }],
  });
  assert.deepEqual(errors({ spec: { size: 1 } }, schema), []);
  assert.deepEqual(errors({ spec: { size: 5 } }, schema), ['<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)', 'spec.size: Invalid value: 5: spec.size in body should be greater than or equal to 10']);
  assert.deepEqual(errors({ spec: { size: 200 } }, schema), ['spec.size: Invalid value: 200: spec.size in body should be less than or equal to 100', '<nil>: Invalid value: "": "spec" must validate all the schemas (allOf). None validated']);
});

test('on update an unchanged field is not re-validated (ratcheting)', () => {
  const schema = withSpec({ type: 'object', properties: { name: { type: 'string', maxLength: 3 }, n: { type: 'integer' } } });
  const old = { spec: { name: 'toolong', n: 1 } };
  assert.deepEqual(errors({ spec: { name: 'toolong', n: 2 } }, schema, old), []);
  assert.deepEqual(errors({ spec: { name: 'toolonger', n: 2 } }, schema, old), ['spec.name: Too long: may not be more than 3 bytes']);
  assert.deepEqual(errors({ spec: { name: 'toolong', n: 2 } }, schema), ['spec.name: Too long: may not be more than 3 bytes']);
});

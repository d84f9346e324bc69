// The structural-schema rules inside allOf / anyOf / oneOf / not of a CRD's schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateJunctorStructure } from '../../../../../daemon/apiserver/crd/crd-junctor-validation.js';
import { fieldErrorString } from '../../../../../shared/api/errors.js';

const root = 'spec.validation.openAPIV3Schema';

test('junctors may hold value validations only', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        oneOf: [{ type: 'object', required: ['a'] }, { required: ['b'], 'x-kubernetes-validations': [{ rule: 'true' }] }],
        anyOf: [{ description: 'x', properties: { metadata: {} } }],
        allOf: [{ 'x-kubernetes-validations': [{ rule: 'true' }] }],
      },
    },
  };
  assert.deepEqual(validateJunctorStructure(schema, root).map(fieldErrorString), [
    `${root}.properties[spec].anyOf[0].description: Forbidden: must be empty to be structural`,
    `${root}.properties[spec].anyOf[0].properties[metadata]: Forbidden: must not be specified in a nested context`,
    `${root}.properties[spec].oneOf[0].type: Forbidden: must be empty to be structural`,
    `${root}.properties[spec].oneOf[1].x-kubernetes-validations: Forbidden: must be empty to be structural`,
  ]);
});

test('the int-or-string anyOf idiom is allowed', () => {
  const schema = { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } } };
  assert.deepEqual(validateJunctorStructure(schema, root), []);
});

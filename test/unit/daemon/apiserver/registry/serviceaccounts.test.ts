import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceAccountStrategy } from '../../../../../daemon/apiserver/registry/serviceaccounts.js';
import { create } from './run-strategy.js';

describe('ServiceAccount', () => {
  it('needs only valid metadata', () => {
    assert.deepEqual(create(serviceAccountStrategy, { metadata: { name: 'default' } }).errors, []);
    assert.deepEqual(create(serviceAccountStrategy, { metadata: { name: 'Robot' } }).errors, [
      `metadata.name: Invalid value: "Robot": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });
});

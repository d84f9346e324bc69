import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64ErrorIndex, secretStrategy } from '../../../../../daemon/apiserver/registry/secrets.js';
import { create, update } from './run-strategy.js';

function secret(extra: object): object {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'user-info' }, ...extra };
}

describe('Secret defaults', () => {
  it('defaults the type to Opaque', () => {
    assert.equal(create(secretStrategy, secret({ data: { a: 'YQ==' } })).obj.type, 'Opaque');
  });

  it('merges stringData into data as base64, overriding the same key, and drops stringData', () => {
    const { obj, errors } = create(secretStrategy, secret({ data: { user: 'b2xk', keep: 'eA==' }, stringData: { user: 'admin', password: 'P@ssw0rd' } }));
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.data, { user: 'YWRtaW4=', keep: 'eA==', password: 'UEBzc3cwcmQ=' });
    assert.equal(obj.stringData, undefined);
  });

  it('rejects data that is not base64 as a 400 with the byte Go reports', () => {
    assert.throws(() => create(secretStrategy, secret({ data: { password: 'P@ss' } })), {
      message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 1',
    });
  });
});

describe('base64ErrorIndex follows Go StdEncoding', () => {
  const cases = [
    { name: 'accepts padded input', given: 'YWRtaW4=', want: -1 },
    { name: 'points at an illegal character', given: 'ab$d', want: 2 },
    { name: 'points at the start of a short last quantum', given: 'YWRtaW4', want: 4 },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.equal(base64ErrorIndex(given), want));
});

describe('Secret validation', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'requires tls.crt and tls.key for a TLS secret', given: secret({ type: 'kubernetes.io/tls', data: {} }), want: ['data[tls.crt]: Required value', 'data[tls.key]: Required value'] },
    { name: 'requires a username or password for basic auth', given: secret({ type: 'kubernetes.io/basic-auth' }), want: ['data[username]: Required value', 'data[password]: Required value'] },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(secretStrategy, given).errors, want));

  it('keeps the type immutable', () => {
    const stored = create(secretStrategy, secret({ data: { a: 'YQ==' } })).obj;
    assert.deepEqual(update(secretStrategy, stored, (o) => (o.type = 'example.com/custom')).errors, ['type: Invalid value: "example.com/custom": field is immutable']);
  });
});

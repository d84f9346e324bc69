// The decoded data of k9s' `x`: text values as `key: value` (sorted, quoted and blocked as YAML),
// values that are not UTF-8 as `<binary N bytes>`, control characters escaped, `{}` without data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import { decodedSecretData, decodedSecretYaml, decodedValue } from '../../../tui/state/secret-data.js';

const b64 = (value: string | Buffer): string => Buffer.from(value).toString('base64');

function secret(data?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, type: 'Opaque', ...(data ? { data } : {}) };
}

test('text values decode to their text; bytes that are not UTF-8 show as their size', () => {
  assert.equal(decodedValue(b64('hunter2')), 'hunter2');
  assert.equal(decodedValue(b64('é 日本')), 'é 日本');
  assert.equal(decodedValue(''), '');
  assert.equal(decodedValue(b64(Buffer.from([0xff, 0xfe, 0x00]))), '<binary 3 bytes>');
  assert.deepEqual(decodedSecretData(secret({ user: b64('admin'), key: b64(Buffer.from([0x80])) })), { user: 'admin', key: '<binary 1 bytes>' });
});

test('the decoded data prints as k9s\' YAML map: sorted keys, quoted numbers, certificates as blocks', () => {
  const yaml = decodedSecretYaml(secret({ username: b64('admin'), port: b64('5432'), 'tls.crt': b64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), password: b64('s3cr3t: yes') }));
  assert.equal(yaml, [
    'password: \'s3cr3t: yes\'',
    'port: "5432"',
    'tls.crt: |',
    '  -----BEGIN CERTIFICATE-----',
    '  MIIB',
    '  -----END CERTIFICATE-----',
    'username: admin',
    '',
  ].join('\n'));
});

test('a value cannot write control characters to the terminal: C0 and C1 controls are escaped', () => {
  const yaml = decodedSecretYaml(secret({ a: b64('red\x1b[31m'), b: b64('csi\u009b2J'), c: b64('line\r\n') }));
  assert.equal(yaml, 'a: "red\\e[31m"\nb: "csi\\x9B2J"\nc: "line\\r\\n"\n');
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(yaml));
});

test('a Secret without data decodes to {}', () => {
  assert.equal(decodedSecretYaml(secret()), '{}\n');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignature, decodePem, parseCsrPem } from '../../../../shared/pki/pkcs10.js';
import { janeCsrPem, nodeCsrPem } from '../../../helpers/csr-fixtures.js';

test('parses an RSA request: subject, key and a good signature', () => {
  const parsed = parseCsrPem(janeCsrPem);
  assert.ok('request' in parsed);
  const { request } = parsed;
  assert.equal(request.commonName, 'jane');
  assert.deepEqual(request.organizations, ['devs']);
  assert.equal(request.publicKeyAlgorithm, 'RSA');
  assert.equal(request.signatureAlgorithm, '1.2.840.113549.1.1.11');
  assert.deepEqual([request.dnsNames, request.ipAddresses, request.subjectAltName], [[], [], undefined]);
  assert.equal(checkSignature(request), undefined);
});

test('parses an ECDSA request with subjectAltNames', () => {
  const parsed = parseCsrPem(Buffer.from(nodeCsrPem));
  assert.ok('request' in parsed);
  assert.equal(parsed.request.commonName, 'system:node:node1');
  assert.deepEqual(parsed.request.organizations, ['system:nodes']);
  assert.deepEqual(parsed.request.dnsNames, ['node1']);
  assert.deepEqual(parsed.request.ipAddresses, ['10.0.0.1']);
  assert.equal(parsed.request.publicKeyAlgorithm, 'ECDSA');
  assert.equal(checkSignature(parsed.request), undefined);
});

test('a tampered request fails CheckSignature with Go\'s text', () => {
  for (const [pem, want] of [[janeCsrPem, 'crypto/rsa: verification error'], [nodeCsrPem, 'x509: ECDSA verification failure']] as const) {
    const parsed = parseCsrPem(pem);
    assert.ok('request' in parsed);
    const signature = Buffer.from(parsed.request.signature);
    signature[signature.length - 5] ^= 0xff;
    assert.equal(checkSignature({ ...parsed.request, signature }), want);
  }
});

test('what is not a PEM CERTIFICATE REQUEST is refused as certificates.ParseCSR does', () => {
  const cases = [
    { name: 'plain text', given: 'hello', want: 'PEM block type must be CERTIFICATE REQUEST' },
    { name: 'another block type', given: janeCsrPem.replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE'), want: 'PEM block type must be CERTIFICATE REQUEST' },
    { name: 'bytes that are not DER', given: '-----BEGIN CERTIFICATE REQUEST-----\naGVsbG8=\n-----END CERTIFICATE REQUEST-----\n', want: 'asn1: syntax error: data truncated' },
  ];
  for (const { name, given, want } of cases) assert.deepEqual(parseCsrPem(given), { error: want }, name);
});

test('decodePem takes the first whole block and skips headers', () => {
  assert.deepEqual(decodePem('junk\n-----BEGIN X-----\nProc-Type: 4\n\naGk=\n-----END X-----\n'), { type: 'X', bytes: Buffer.from('hi') });
  assert.equal(decodePem('-----BEGIN X-----\naGk=\n'), undefined);
});

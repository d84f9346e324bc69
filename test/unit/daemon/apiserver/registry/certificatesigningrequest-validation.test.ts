import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goBytes, validateCertificateSigningRequest, validateSignerName } from '../../../../../daemon/apiserver/registry/certificatesigningrequest-validation.js';
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { janeCsrPem } from '../../../../helpers/csr-fixtures.js';

const request = Buffer.from(janeCsrPem).toString('base64');
const csr = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'jane' },
  spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec },
  status,
});
const errors = (obj: KubeObject, old?: KubeObject, write: 'create' | 'update' | 'status' | 'approval' = old ? 'update' : 'create') =>
  validateCertificateSigningRequest(obj, old, write).map(fieldErrorString);

test('a well-formed request passes', () => {
  assert.deepEqual(errors(csr({ expirationSeconds: 600 })), []);
});

test('create refusals, with kube-apiserver\'s texts', () => {
  const cases = [
    { name: 'no request', given: csr({ request: undefined }), want: ['spec.request: Invalid value: []byte(nil): PEM block type must be CERTIFICATE REQUEST'] },
    { name: 'no usages', given: csr({ usages: [] }), want: ['spec.usages: Required value'] },
    { name: 'a repeated usage', given: csr({ usages: ['client auth', 'client auth'] }), want: ['spec.usages[1]: Duplicate value: "client auth"'] },
    { name: 'no signer', given: csr({ signerName: '' }), want: ['spec.signerName: Required value'] },
    { name: 'legacy-unknown', given: csr({ signerName: 'kubernetes.io/legacy-unknown' }), want: ['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version'] },
    { name: 'a short expiration', given: csr({ expirationSeconds: 599 }), want: ['spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)'] },
    {
      name: 'both Approved and Denied, and a False Approved',
      given: csr({}, { conditions: [{ type: 'Approved', status: 'False' }, { type: 'Denied', status: 'True' }] }),
      want: ['status.conditions[0].status: Unsupported value: "False": supported values: "True"', 'status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive'],
    },
  ];
  for (const { name, given, want } of cases) assert.deepEqual(errors(given), want, name);
});

test('validateSignerName wants a domain with a dot and one path', () => {
  assert.deepEqual(validateSignerName('spec.signerName', 'example.com/a/b').map(fieldErrorString), [
    "spec.signerName: Invalid value: \"example.com/a/b\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
  ]);
  assert.deepEqual(validateSignerName('spec.signerName', 'example/signer').map(fieldErrorString), [
    'spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots',
  ]);
});

test('update rules depend on the write path', () => {
  const stored = csr({}, { conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove' }] });
  const removed = csr({}, {});
  assert.deepEqual(errors(removed, stored, 'approval'), ['status.conditions: Forbidden: updates may not remove a condition of type "Approved"']);
  const denied = csr({}, { conditions: [{ type: 'Denied', status: 'True' }] });
  assert.deepEqual(errors(denied, csr({}), 'status'), ['status.conditions: Forbidden: updates may not add a condition of type "Denied"']);
  assert.deepEqual(errors(denied, csr({}), 'approval'), []);
  const withCert = csr({}, { certificate: 'eA==' });
  assert.deepEqual(errors(withCert, csr({}), 'approval'), ['status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block', 'status.certificate: Forbidden: updates may not set certificate content']);
});

test('goBytes prints a []byte as Go\'s %#v', () => {
  assert.equal(goBytes(Buffer.from([0x2d, 0x0a])), '[]byte{0x2d, 0xa}');
  assert.equal(goBytes(undefined), '[]byte(nil)');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admitCsrSubject, admitCsrSubresource, type SignerPermission } from '../../../../../daemon/apiserver/admission/certificate-signing-requests.js';
import type { StatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { janeCsrPem, mastersCsrPem } from '../../../../helpers/csr-fixtures.js';

const csr = (pem: string, signerName: string, status: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'root' },
  spec: { request: Buffer.from(pem).toString('base64'), signerName, usages: ['client auth'] },
  status,
});
const refusedWith = (message: string) => (err: StatusError) => {
  assert.equal(err.code, 403);
  assert.equal(err.message, message);
  return true;
};

test('CertificateSubjectRestriction: no system:masters through kube-apiserver-client', () => {
  assert.throws(
    () => admitCsrSubject(csr(mastersCsrPem, 'kubernetes.io/kube-apiserver-client')),
    refusedWith('certificatesigningrequests.certificates.k8s.io "root" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed'),
  );
  admitCsrSubject(csr(mastersCsrPem, 'example.com/custom'));
  admitCsrSubject(csr(janeCsrPem, 'kubernetes.io/kube-apiserver-client'));
});

test('CertificateApproval and CertificateSigning ask for approve and sign on the signer', () => {
  const asked: string[] = [];
  const nothing: SignerPermission = (verb, signer) => (asked.push(`${verb} ${signer}`), false);
  const old = csr(janeCsrPem, 'kubernetes.io/kube-apiserver-client');
  assert.throws(
    () => admitCsrSubresource('approval', old, old, nothing),
    refusedWith('certificatesigningrequests.certificates.k8s.io "root" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"'),
  );
  assert.throws(
    () => admitCsrSubresource('status', csr(janeCsrPem, 'kubernetes.io/kube-apiserver-client', { certificate: 'eA==' }), old, nothing),
    refusedWith('certificatesigningrequests.certificates.k8s.io "root" is forbidden: user not permitted to sign requests with signerName "kubernetes.io/kube-apiserver-client"'),
  );
  assert.deepEqual(asked, ['approve kubernetes.io/kube-apiserver-client', 'sign kubernetes.io/kube-apiserver-client']);
  // A status write that leaves the certificate alone, and a caller that is not asked, pass.
  admitCsrSubresource('status', old, old, nothing);
  admitCsrSubresource('approval', old, old, undefined);
});

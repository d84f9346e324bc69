import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCertificateSigningRequest } from '../../../../shared/describe/certificatesigningrequest.js';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { janeCsrPem, nodeCsrPem } from '../../../helpers/csr-fixtures.js';

const csr = (pem: string, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'jane', creationTimestamp: '2026-11-23T03:03:19Z' },
  spec: { request: Buffer.from(pem).toString('base64'), username: 'kubernetes-admin', ...spec },
  status,
});

describe('describeCertificateSigningRequest', () => {
  it('prints jane\'s issued request as kubectl describe csr does against kubelab', () => {
    const issued = csr(janeCsrPem, { signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 86400 }, { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'eA==' });
    assert.equal(
      describeCertificateSigningRequest(issued, [], 0),
      [
        'Name:                jane',
        'Labels:              <none>',
        'Annotations:         <none>',
        'CreationTimestamp:   Mon, 23 Nov 2026 03:03:19 +0000',
        'Requesting User:     kubernetes-admin',
        'Signer:              kubernetes.io/kube-apiserver-client',
        'Requested Duration:  24h',
        'Status:              Approved,Issued',
        'Subject:',
        '         Common Name:    jane',
        '         Serial Number:  ',
        '         Organization:   devs',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });

  it('leaves out an unset signer and duration, and lists the subjectAltNames', () => {
    const text = describeCertificateSigningRequest(csr(nodeCsrPem, {}, {}), [], 0);
    assert.match(text, /^Status: +Pending$/m);
    assert.doesNotMatch(text, /Signer:|Requested Duration:/);
    assert.match(text, /^Subject Alternative Names:\n +DNS Names: +node1\n +IP Addresses: +10\.0\.0\.1\n/m);
  });

  it('says why when the request does not parse', () => {
    assert.equal(describeCertificateSigningRequest(csr('nope', {}, {}), [], 0), 'Error: PEM block type must be CERTIFICATE REQUEST\n');
  });
});

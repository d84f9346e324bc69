import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signerPolicyError } from '../../../../daemon/controllers/csr-signer-policy.js';
import type { CertificateRequest } from '../../../../shared/pki/pkcs10.js';

const request = (over: Partial<CertificateRequest>): CertificateRequest => ({
  subject: new Uint8Array(),
  commonName: 'jane',
  organizations: [],
  subjectAttributes: {},
  publicKey: new Uint8Array(),
  publicKeyAlgorithm: 'RSA',
  dnsNames: [],
  emailAddresses: [],
  ipAddresses: [],
  uris: [],
  signed: new Uint8Array(),
  signatureAlgorithm: '',
  signature: new Uint8Array(),
  ...over,
});
const node = request({ commonName: 'system:node:node1', organizations: ['system:nodes'] });

test('each kubernetes.io signer\'s rules, with Go\'s messages', () => {
  const cases = [
    { name: 'a client certificate for anyone', signer: 'kubernetes.io/kube-apiserver-client', given: request({}), usages: ['client auth', 'digital signature'], want: undefined },
    { name: 'server auth from the client signer', signer: 'kubernetes.io/kube-apiserver-client', given: request({}), usages: ['server auth', 'client auth'], want: 'invalid usage for client certificate: server auth' },
    { name: 'no client auth', signer: 'kubernetes.io/kube-apiserver-client', given: request({}), usages: ['digital signature'], want: 'missing required usage for client certificate: client auth' },
    { name: 'a kubelet client that is not a node', signer: 'kubernetes.io/kube-apiserver-client-kubelet', given: request({}), usages: ['digital signature', 'client auth'], want: 'subject organization is not system:nodes' },
    { name: 'a kubelet client with the wrong usages', signer: 'kubernetes.io/kube-apiserver-client-kubelet', given: node, usages: ['client auth'], want: 'usages did not match [client auth digital signature key encipherment]' },
    { name: 'a kubelet serving certificate without SANs', signer: 'kubernetes.io/kubelet-serving', given: node, usages: ['digital signature', 'server auth'], want: 'DNS or IP subjectAltName is required' },
    { name: 'a good kubelet serving certificate', signer: 'kubernetes.io/kubelet-serving', given: { ...node, dnsNames: ['node1'] }, usages: ['digital signature', 'server auth'], want: undefined },
    { name: 'legacy-unknown takes anything', signer: 'kubernetes.io/legacy-unknown', given: request({}), usages: ['any'], want: undefined },
  ];
  for (const { name, signer, given, usages, want } of cases) assert.equal(signerPolicyError(signer, given, usages), want, name);
});

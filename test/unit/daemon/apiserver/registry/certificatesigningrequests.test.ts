import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certificateSigningRequestStrategy } from '../../../../../daemon/apiserver/registry/certificatesigningrequests.js';
import { createSelfSignedCert } from '../../../../../daemon/apiserver/self-signed-cert.js';
import { isInvalid, type StatusError } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import type { ResourceRef } from '../../../../../shared/client/client.js';
import { startApi } from '../../../../helpers/api.js';
import { janeCsrPem } from '../../../../helpers/csr-fixtures.js';

const csrs: ResourceRef = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' };
const request = Buffer.from(janeCsrPem).toString('base64');

function newCsr(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...extra },
  };
}

const approved = { type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' };

test('create records the requesting user and starts with an empty status', () => {
  const csr = newCsr('jane', { username: 'mallory', groups: ['system:masters'] });
  csr.status = { conditions: [approved] };
  certificateSigningRequestStrategy.prepareForCreate!(csr, { user: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } });
  assert.equal(csr.spec.username, 'kubernetes-admin');
  assert.deepEqual(csr.spec.groups, ['kubeadm:cluster-admins', 'system:authenticated']);
  assert.deepEqual(csr.status, {});
});

test('an update of the main resource keeps spec and status as stored', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(csrs, undefined, newCsr('jane'));
  const edited = structuredClone(created) as KubeObject;
  edited.spec.signerName = 'example.com/other';
  edited.status = { conditions: [approved] };
  edited.metadata.labels = { team: 'a' };
  const updated = await api.client.update(csrs, edited);
  assert.equal(updated.spec.signerName, 'kubernetes.io/kube-apiserver-client');
  assert.deepEqual(updated.status, {});
  assert.deepEqual(updated.metadata.labels, { team: 'a' });
});

test('the approval subresource adds the condition with its times; the status subresource cannot', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(csrs, undefined, newCsr('jane'));
  const viaStatus = structuredClone(created) as KubeObject;
  viaStatus.status = { conditions: [approved] };
  await assert.rejects(api.client.update(csrs, viaStatus, { subresource: 'status' }), (err: StatusError) => {
    assert.equal(err.message, 'CertificateSigningRequest.certificates.k8s.io "jane" is invalid: status.conditions: Forbidden: updates may not add a condition of type "Approved"');
    return true;
  });
  const viaApproval = structuredClone(created) as KubeObject;
  viaApproval.status = { conditions: [approved], certificate: 'bm90IGEgY2VydA==' };
  const result = await api.client.update(csrs, viaApproval, { subresource: 'approval' });
  const now = new Date(api.clock.now()).toISOString().replace('.000', '');
  assert.deepEqual(result.status, { conditions: [{ ...approved, lastUpdateTime: now, lastTransitionTime: now }] });
});

test('the status subresource sets the certificate once and keeps the approval as stored', async (t) => {
  const api = await startApi(t);
  const created = await api.client.create(csrs, undefined, newCsr('jane'));
  const approvedCsr = await api.client.update(csrs, { ...structuredClone(created), status: { conditions: [approved] } } as KubeObject, { subresource: 'approval' });
  const withCert = structuredClone(approvedCsr) as KubeObject;
  const pem = '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n';
  withCert.status.certificate = Buffer.from(pem).toString('base64');
  withCert.status.conditions[0].message = 'changed';
  await assert.rejects(api.client.update(csrs, withCert, { subresource: 'status' }), (err: StatusError) => {
    // An unparsable certificate is refused with Go's x509 text; the changed message is not reported: the stored approval was put back.
    assert.ok(isInvalid(err));
    assert.equal(err.message, 'CertificateSigningRequest.certificates.k8s.io "jane" is invalid: status.certificate: Invalid value: "<certificate data>": x509: malformed certificate');
    return true;
  });
  const cert = createSelfSignedCert({ commonName: 'jane', organization: 'devs', ips: [], dnsNames: ['jane'], notBefore: new Date(0), notAfter: new Date(1e12), serial: Buffer.from([1]) }).cert;
  withCert.status.certificate = Buffer.from(cert).toString('base64');
  const issued = await api.client.update(csrs, withCert, { subresource: 'status' });
  assert.equal(issued.status.certificate, withCert.status.certificate);
  assert.equal(issued.status.conditions[0].message, 'This CSR was approved by kubectl certificate approve.');
  const again = structuredClone(issued) as KubeObject;
  again.status.certificate = Buffer.from(cert + cert).toString('base64');
  await assert.rejects(api.client.update(csrs, again, { subresource: 'status' }), (err: StatusError) => {
    assert.equal(err.message, 'CertificateSigningRequest.certificates.k8s.io "jane" is invalid: status.certificate: Forbidden: updates may not modify existing certificate content');
    return true;
  });
});

test('create validation refuses a request that is not a PEM CERTIFICATE REQUEST', async (t) => {
  const api = await startApi(t);
  await assert.rejects(api.client.create(csrs, undefined, newCsr('bad', { request: Buffer.from('hi').toString('base64') })), (err: StatusError) => {
    assert.equal(err.message, 'CertificateSigningRequest.certificates.k8s.io "bad" is invalid: spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST');
    return true;
  });
});

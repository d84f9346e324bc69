import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { CsrSigningController, shouldSign, signingDuration } from '../../../../daemon/controllers/csr-signing.js';
import { createSelfSignedCert } from '../../../../daemon/apiserver/self-signed-cert.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { janeCsrPem } from '../../../helpers/csr-fixtures.js';
import { waitFor } from '../../../helpers/wait-for.js';

const csrs = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' };
const approved = { type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' };

async function approvedCsr(api: TestApi, name: string, spec: Record<string, unknown>): Promise<void> {
  const request = Buffer.from(janeCsrPem).toString('base64');
  const created = await api.client.create(csrs, undefined, {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec },
  });
  await api.client.update(csrs, { ...structuredClone(created), status: { conditions: [approved] } } as KubeObject, { subresource: 'approval' });
}

async function controllerFor(api: TestApi): Promise<CsrSigningController> {
  const now = new Date(api.clock.now());
  const ca = createSelfSignedCert({ commonName: 'kubelab-apiserver', organization: 'kubelab', ips: [], dnsNames: ['localhost'], notBefore: new Date(now.getTime() - 3600_000), notAfter: new Date(now.getTime() + 10 * 365 * 86400_000), serial: Buffer.from([7]) });
  const controller = CsrSigningController.fromContext({ ...api, clusterSigning: ca }) as CsrSigningController;
  await api.syncInformers();
  return controller;
}

test('signs an approved kube-apiserver-client CSR for its expirationSeconds, backdated 5 minutes', async (t) => {
  const api = await startApi(t);
  await approvedCsr(api, 'jane', { expirationSeconds: 86400 });
  const controller = await controllerFor(api);
  await waitFor(() => controller.queue.len() > 0 && api.informers.informerFor(csrs).get('jane')?.status?.conditions, { what: 'the approved CSR in the cache' });
  await controller.sync('jane');
  const csr = await api.client.get(csrs, undefined, 'jane');
  const cert = new X509Certificate(Buffer.from(csr.status.certificate, 'base64'));
  assert.equal(cert.subject, 'CN=jane\nO=devs');
  assert.equal(Date.parse(cert.validFrom), api.clock.now() - 5 * 60_000);
  assert.equal(Date.parse(cert.validTo), api.clock.now() - 5 * 60_000 + 86400_000);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  assert.deepEqual(csr.status.conditions.map((c: { type: string }) => c.type), ['Approved']);
});

test('a usage the signer refuses adds a Failed condition instead of a certificate', async (t) => {
  const api = await startApi(t);
  await approvedCsr(api, 'web', { usages: ['client auth', 'server auth'] });
  const controller = await controllerFor(api);
  await waitFor(() => api.informers.informerFor(csrs).get('web')?.status?.conditions, { what: 'the approved CSR in the cache' });
  await controller.sync('web');
  const csr = await api.client.get(csrs, undefined, 'web');
  assert.equal(csr.status.certificate, undefined);
  const failed = csr.status.conditions[1];
  assert.deepEqual([failed.type, failed.status, failed.reason, failed.message], ['Failed', 'True', 'SignerValidationFailure', 'invalid usage for client certificate: server auth']);
});

test('shouldSign: approved, not denied or failed, not issued, for a kubernetes.io signer it serves', () => {
  const csr = (signerName: string, status: Record<string, unknown>) => ({ metadata: {}, spec: { signerName }, status }) as KubeObject;
  const client = 'kubernetes.io/kube-apiserver-client';
  assert.equal(shouldSign(csr(client, { conditions: [approved] })), true);
  assert.equal(shouldSign(csr(client, {})), false);
  assert.equal(shouldSign(csr('example.com/custom', { conditions: [approved] })), false);
  assert.equal(shouldSign(csr(client, { conditions: [approved], certificate: 'eA==' })), false);
  assert.equal(shouldSign(csr(client, { conditions: [approved, { type: 'Failed', status: 'True' }] })), false);
});

test('signingDuration keeps expirationSeconds within 10 minutes and the signing duration', () => {
  const year = 365 * 86400_000;
  assert.equal(signingDuration(undefined, year), year);
  assert.equal(signingDuration(600, year), 600_000);
  assert.equal(signingDuration(60, year), 600_000);
  assert.equal(signingDuration(10 * 365 * 86400, year), year);
});

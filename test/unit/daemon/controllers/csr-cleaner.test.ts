import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { CsrCleanerController, isPastDeadline } from '../../../../daemon/controllers/csr-cleaner.js';
import { createSelfSignedCert } from '../../../../daemon/apiserver/self-signed-cert.js';
import { startApi } from '../../../helpers/api.js';
import { janeCsrPem } from '../../../helpers/csr-fixtures.js';
import { waitFor } from '../../../helpers/wait-for.js';

const now = Date.parse('2026-01-02T00:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString().replace('.000', '');
const hour = 3600_000;
const csr = (created: number, status: Record<string, unknown>) => ({ metadata: { name: 'x', creationTimestamp: ago(created) }, spec: {}, status }) as KubeObject;

test('isPastDeadline: the cleaner\'s four deadlines and an expired certificate', () => {
  const certificate = (notAfter: number) =>
    Buffer.from(createSelfSignedCert({ commonName: 'x', organization: 'o', ips: [], dnsNames: [], notBefore: new Date(now - 2 * hour), notAfter: new Date(notAfter), serial: Buffer.from([1]) }).cert).toString('base64');
  const cases = [
    { name: 'pending for a day and a minute', given: csr(24 * hour + 60_000, {}), want: true },
    { name: 'pending for an hour', given: csr(hour, {}), want: false },
    { name: 'issued and approved over an hour ago', given: csr(2 * hour, { conditions: [{ type: 'Approved', lastUpdateTime: ago(hour + 1000) }], certificate: certificate(now + hour) }), want: true },
    { name: 'approved over an hour ago without a certificate', given: csr(2 * hour, { conditions: [{ type: 'Approved', lastUpdateTime: ago(hour + 1000) }] }), want: false },
    { name: 'denied over an hour ago', given: csr(2 * hour, { conditions: [{ type: 'Denied', lastUpdateTime: ago(hour + 1000) }] }), want: true },
    { name: 'failed a minute ago', given: csr(2 * hour, { conditions: [{ type: 'Failed', lastUpdateTime: ago(60_000) }] }), want: false },
    { name: 'issued a minute ago with an expired certificate', given: csr(2 * hour, { conditions: [{ type: 'Approved', lastUpdateTime: ago(60_000) }], certificate: certificate(now - 1000) }), want: true },
  ];
  for (const { name, given, want } of cases) assert.equal(isPastDeadline(given, now), want, name);
});

test('runOnce deletes a CSR left pending for more than 24 hours', async (t) => {
  const api = await startApi(t);
  const csrs = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' };
  const spec = { request: Buffer.from(janeCsrPem).toString('base64'), signerName: 'example.com/x', usages: ['client auth'] };
  await api.client.create(csrs, undefined, { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'old' }, spec });
  const cleaner = CsrCleanerController.fromContext(api) as CsrCleanerController;
  await api.syncInformers();
  await cleaner.runOnce();
  assert.equal((await api.client.list(csrs, undefined)).items.length, 1);
  api.clock.step(24 * hour + 1000);
  await cleaner.runOnce();
  await waitFor(async () => (await api.client.list(csrs, undefined)).items.length === 0, { what: 'the pending CSR deleted' });
});

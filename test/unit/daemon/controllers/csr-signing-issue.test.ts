import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { issueCertificate, validityWindow } from '../../../../daemon/controllers/csr-signing-issue.js';
import { createSelfSignedCert } from '../../../../daemon/apiserver/self-signed-cert.js';
import { parseCsrPem } from '../../../../shared/pki/pkcs10.js';
import { nodeCsrPem } from '../../../helpers/csr-fixtures.js';

const now = Date.UTC(2026, 0, 1);
const hour = 3600_000;

test('validityWindow backdates the start 5 minutes, and the end too from 8 hours up', () => {
  const farAway = now + 1000 * 24 * hour;
  assert.deepEqual(validityWindow(now, 24 * hour, farAway), { notBefore: now - 300_000, notAfter: now - 300_000 + 24 * hour });
  assert.deepEqual(validityWindow(now, hour, farAway), { notBefore: now - 300_000, notAfter: now + hour });
  assert.deepEqual(validityWindow(now, 24 * hour, now + hour), { notBefore: now - 300_000, notAfter: now + hour });
  assert.throws(() => validityWindow(now, hour, now - 10 * 60_000), /^Error: the signer has expired: NotAfter=2025-12-31T23:50:00.000Z$/);
});

test('issues a certificate the CA verifies, with the request\'s subject, key, SANs and usages', async () => {
  const ca = createSelfSignedCert({ commonName: 'kubelab-apiserver', organization: 'kubelab', ips: [], dnsNames: ['localhost'], notBefore: new Date(now - hour), notAfter: new Date(now + 1000 * 24 * hour), serial: Buffer.from([9]) });
  const parsed = parseCsrPem(nodeCsrPem);
  assert.ok('request' in parsed);
  const pem = await issueCertificate(ca, parsed.request, ['digital signature', 'key encipherment', 'server auth'], 24 * hour, now);
  const cert = new X509Certificate(pem);
  const issuer = new X509Certificate(ca.cert);
  assert.equal(cert.checkIssued(issuer), true);
  assert.equal(cert.verify(issuer.publicKey), true);
  assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:node1');
  assert.equal(cert.subjectAltName, 'DNS:node1, IP Address:10.0.0.1');
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.equal(cert.ca, false);
  assert.equal(cert.publicKey.export({ format: 'der', type: 'spki' }).equals(Buffer.from(parsed.request.publicKey)), true);
});

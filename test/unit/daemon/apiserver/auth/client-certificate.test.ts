import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { ClientCertificateAuthenticator } from '../../../../../daemon/apiserver/auth/client-certificate.js';
import { createSelfSignedCert } from '../../../../../daemon/apiserver/self-signed-cert.js';
import { issueCertificate } from '../../../../../daemon/controllers/csr-signing-issue.js';
import { parseCsrPem } from '../../../../../shared/pki/pkcs10.js';
import { janeCsrPem } from '../../../../helpers/csr-fixtures.js';

const start = Date.UTC(2026, 0, 1);
const hour = 3600_000;
const newCa = () => createSelfSignedCert({ commonName: 'kubelab-apiserver', organization: 'kubelab', ips: [], dnsNames: ['localhost'], notBefore: new Date(start - hour), notAfter: new Date(start + 1000 * 24 * hour), serial: Buffer.from([3]) });

async function janeCertificate(ca: { cert: string; key: string }, usages = ['client auth']): Promise<X509Certificate> {
  const parsed = parseCsrPem(janeCsrPem);
  assert.ok('request' in parsed);
  return new X509Certificate(await issueCertificate(ca, parsed.request, usages, 24 * hour, start));
}

test('a certificate the cluster CA signed is its CN, with its O values and system:authenticated', async () => {
  const ca = newCa();
  const cert = await janeCertificate(ca);
  const verified = new ClientCertificateAuthenticator(ca.cert, () => start).verify(cert);
  assert.ok(verified);
  assert.equal(verified.user.username, 'jane');
  assert.deepEqual(verified.user.groups, ['devs', 'system:authenticated']);
  assert.deepEqual(verified.user.extra, { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${cert.fingerprint256.replace(/:/g, '').toLowerCase()}`] });
  assert.equal(verified.validTo - verified.validFrom, 24 * hour);
});

test('no user for another CA\'s certificate, a server-only one, or none at all', async () => {
  const ca = newCa();
  const authenticator = new ClientCertificateAuthenticator(ca.cert, () => start);
  assert.equal(authenticator.verify(await janeCertificate(newCa())), null);
  assert.equal(authenticator.verify(await janeCertificate(ca, ['server auth'])), null);
  assert.equal(authenticator.verify(undefined), null);
});

test('the validity is checked in cluster time on every request of a connection', async () => {
  const ca = newCa();
  const cert = await janeCertificate(ca);
  let now = start;
  const authenticator = new ClientCertificateAuthenticator(ca.cert, () => now);
  let asked = 0;
  const socket = { getPeerX509Certificate: () => (asked++, cert) } as never;
  assert.equal(authenticator.authenticate(socket)?.username, 'jane');
  now = start + 25 * hour;
  assert.equal(authenticator.authenticate(socket), undefined);
  assert.equal(asked, 1, 'the peer certificate is verified once per connection');
});

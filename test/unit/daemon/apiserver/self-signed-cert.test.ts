import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSelfSignedCert } from '../../../../daemon/apiserver/self-signed-cert.js';

test('the self-signed certificate is a valid v3 CA for 127.0.0.1 and localhost, signed by its own key', () => {
  const { cert, key } = createSelfSignedCert({
    commonName: 'kubelab-apiserver',
    organization: 'kubelab',
    ips: ['127.0.0.1'],
    dnsNames: ['localhost'],
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2036-01-01T00:00:00Z'),
    serial: Buffer.from([0x80, 0x01]),
  });
  const x509 = new X509Certificate(cert);
  assert.equal(x509.subject, 'O=kubelab\nCN=kubelab-apiserver');
  assert.equal(x509.issuer, x509.subject);
  assert.equal(x509.ca, true);
  assert.equal(x509.subjectAltName, 'IP Address:127.0.0.1, DNS:localhost');
  assert.equal(x509.validFrom, 'Jan  1 00:00:00 2026 GMT');
  assert.equal(x509.validTo, 'Jan  1 00:00:00 2036 GMT');
  assert.equal(x509.serialNumber, '8001');
  assert.equal(x509.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), true);
  assert.equal(x509.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(x509.checkHost('localhost'), 'localhost');
  assert.equal(x509.verify(x509.publicKey), true);
  assert.equal(x509.checkPrivateKey(createPrivateKey(key)), true);
});

test('dates from 2050 on are written as GeneralizedTime', () => {
  const { cert } = createSelfSignedCert({
    commonName: 'x', organization: 'y', ips: [], dnsNames: ['localhost'],
    notBefore: new Date('2049-12-31T23:00:00Z'), notAfter: new Date('2060-06-01T12:00:00Z'), serial: Buffer.from([1]),
  });
  const x509 = new X509Certificate(cert);
  assert.equal(x509.validFrom, 'Dec 31 23:00:00 2049 GMT');
  assert.equal(x509.validTo, 'Jun  1 12:00:00 2060 GMT');
});

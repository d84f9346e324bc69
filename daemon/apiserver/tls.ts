/**
 * The serving certificate: self-signed, made once per data dir and kept there (mode 0600).
 * kubectl sends its bearer token only over https (reference/kubectl-compat.md §0.2), so the
 * daemon must serve TLS. Node has no X.509 builder; @peculiar/x509 is the well-kept one, and an
 * ECDSA P-256 key takes milliseconds where RSA would take a second on every fresh data dir.
 * It is imported lazily: a daemon restarting on an existing data dir never loads it.
 */
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
}

export async function loadOrCreateTls(dataDir: string, validFrom: Date): Promise<TlsMaterial> {
  const certPath = join(dataDir, 'apiserver.crt');
  const keyPath = join(dataDir, 'apiserver.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  }
  const material = await createSelfSigned(validFrom);
  writeFileSync(keyPath, material.key, { mode: 0o600 });
  writeFileSync(certPath, material.cert, { mode: 0o600 });
  return material;
}

async function createSelfSigned(validFrom: Date): Promise<TlsMaterial> {
  await import('reflect-metadata'); // @peculiar/x509's dependency injection needs the polyfill
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const tenYears = 10 * 365 * 24 * 3600 * 1000;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: validFrom.getTime().toString(16),
    name: 'CN=kubelab-apiserver,O=kubelab',
    notBefore: new Date(validFrom.getTime() - 3600 * 1000),
    notAfter: new Date(validFrom.getTime() + tenYears),
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']), // serverAuth
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
        { type: 'dns', value: 'kubernetes.default.svc' },
      ]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}

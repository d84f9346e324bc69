/**
 * The serving certificate: self-signed, made once per data dir and kept there (mode 0600).
 * kubectl sends its bearer token only over https (reference/kubectl-compat.md §0.2), so the
 * daemon must serve TLS. An ECDSA P-256 key takes milliseconds where RSA would take a second on
 * every fresh data dir; self-signed-cert.ts says why the certificate is encoded by hand.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSelfSignedCert } from './self-signed-cert.js';

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
  const tenYears = 10 * 365 * 24 * 3600 * 1000;
  return createSelfSignedCert({
    commonName: 'kubelab-apiserver',
    organization: 'kubelab',
    ips: ['127.0.0.1'],
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
    notBefore: new Date(validFrom.getTime() - 3600 * 1000),
    notAfter: new Date(validFrom.getTime() + tenYears),
    serial: randomBytes(16),
  });
}

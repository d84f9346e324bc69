/**
 * Issues the certificate of an approved CSR with the cluster CA, as kube-controller-manager's
 * certificate authority does (pkg/controller/certificates/authority): a random 128-bit serial, the
 * request's subject, key and subjectAltNames, key usages and extended key usages from spec.usages,
 * CA:FALSE, notBefore backdated 5 minutes, notAfter at notBefore + duration (now + duration for a
 * certificate shorter than 8 h, which is not backdated at the end) and never past the CA's own
 * notAfter. The X.509 encoding and the ECDSA signature come from @peculiar/x509 over WebCrypto,
 * imported on the first signature only: its ~90 ms import must stay off the daemon's start-up.
 */
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { children, readTlv, whole } from '../../shared/pki/der.js';
import type { CertificateRequest } from '../../shared/pki/pkcs10.js';

/** The cluster CA that signs: kube-controller-manager's --cluster-signing-cert-file and -key-file. */
export interface ClusterSigningCA {
  /** PEM certificate. */
  cert: string;
  /** PEM PKCS#8 private key (ECDSA P-256, the daemon's serving key). */
  key: string;
}

/** The controller's backdate and the length under which a certificate's end is not backdated. */
const backdateMs = 5 * 60_000;
const shortMs = 8 * 3600_000;

const keyUsageBits: Record<string, number> = {
  signing: 1,
  'digital signature': 1,
  'content commitment': 2,
  'key encipherment': 4,
  'data encipherment': 8,
  'key agreement': 16,
  'cert sign': 32,
  'crl sign': 64,
  'encipher only': 128,
  'decipher only': 256,
};

const extendedKeyUsages: Record<string, string> = {
  any: '2.5.29.37.0',
  'server auth': '1.3.6.1.5.5.7.3.1',
  'client auth': '1.3.6.1.5.5.7.3.2',
  'code signing': '1.3.6.1.5.5.7.3.3',
  'email protection': '1.3.6.1.5.5.7.3.4',
  's/mime': '1.3.6.1.5.5.7.3.4',
  'ipsec end system': '1.3.6.1.5.5.7.3.5',
  'ipsec tunnel': '1.3.6.1.5.5.7.3.6',
  'ipsec user': '1.3.6.1.5.5.7.3.7',
  timestamping: '1.3.6.1.5.5.7.3.8',
  'ocsp signing': '1.3.6.1.5.5.7.3.9',
  'microsoft sgc': '1.3.6.1.4.1.311.10.3.3',
  'netscape sgc': '2.16.840.1.113730.4.1',
};

/** PermissiveSigningPolicy.apply: the validity window, or the error that refuses to sign. */
export function validityWindow(now: number, ttlMs: number, caNotAfter: number): { notBefore: number; notAfter: number } {
  const notBefore = now - backdateMs;
  let notAfter = ttlMs < shortMs ? now + ttlMs : notBefore + ttlMs;
  if (notAfter >= caNotAfter) notAfter = caNotAfter;
  if (notBefore >= caNotAfter) throw new Error(`the signer has expired: NotAfter=${new Date(caNotAfter).toISOString()}`);
  if (now >= caNotAfter) throw new Error('refusing to sign a certificate that expires after the signer');
  return { notBefore, notAfter };
}

type X509Module = typeof import('@peculiar/x509');
let x509Module: Promise<X509Module> | undefined;

function loadX509(): Promise<X509Module> {
  x509Module ??= (async () => {
    // tsyringe, which @peculiar/x509 v2 uses, needs the Reflect metadata polyfill loaded first.
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    return x509;
  })();
  return x509Module;
}

/** Signs `request` for `usages` with `ca`; returns the PEM certificate. */
export async function issueCertificate(ca: ClusterSigningCA, request: CertificateRequest, usages: readonly string[], ttlMs: number, now: number): Promise<string> {
  const x509 = await loadX509();
  const caCert = new X509Certificate(ca.cert);
  const { notBefore, notAfter } = validityWindow(now, ttlMs, Date.parse(caCert.validTo));
  const der = Buffer.from(ca.key.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const signingKey = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const bits = usages.reduce((sum, u) => sum | (keyUsageBits[u] ?? 0), 0);
  const extended = [...new Set(usages.map((u) => extendedKeyUsages[u]).filter((oid): oid is string => oid !== undefined))];
  const extensions = [];
  if (bits) extensions.push(new x509.KeyUsagesExtension(bits, true));
  if (extended.length) extensions.push(new x509.ExtendedKeyUsageExtension(extended, false));
  extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
  if (request.subjectAltName) extensions.push(new x509.Extension('2.5.29.17', false, Buffer.from(request.subjectAltName)));
  // A positive 128-bit serial: clear the top bit, as rand.Int(2^128) never sets the sign.
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: new x509.Name(Buffer.from(request.subject)),
    issuer: new x509.Name(caSubject(caCert.raw)),
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    publicKey: Buffer.from(request.publicKey),
    signingKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions,
  });
  return cert.toString('pem') + '\n';
}

/** The CA certificate's subject Name (DER): the issuer of what it signs, byte for byte. */
function caSubject(der: Buffer): Buffer {
  // Certificate → TBSCertificate → [0] version, serial, signature, issuer, validity, subject.
  const tbs = readTlv(der, readTlv(der, 0).contentStart);
  const parts = children(der, tbs);
  const subject = parts[(parts[0]?.tag === 0xa0 ? 1 : 0) + 4];
  if (!subject) throw new Error('sign: the CA certificate has no subject');
  return Buffer.from(whole(der, subject));
}

/**
 * PKCS#10 certificate requests (RFC 2986) as kube-apiserver reads spec.request of a
 * CertificateSigningRequest: the first PEM block must be a `CERTIFICATE REQUEST`
 * (certificates.ParseCSR), its DER parses as Go's x509.ParseCertificateRequest does, and its
 * signature verifies with its own key (CheckSignature); each failure carries Go's error text.
 * Parsed by hand over a small DER reader and checked with node:crypto, synchronously: the registry
 * validates inside its synchronous strategy, and @peculiar/x509 (which the signer uses to issue)
 * is async and costs ~90 ms to import. Left out: RSA-PSS and DSA signatures ("algorithm unimplemented").
 */
import { createPublicKey, verify } from 'node:crypto';
import { children, content, derTag, DerError, expectTlv, oidText, readTlv, stringValue, whole } from './der.js';

/** A parsed request: the raw parts the signer copies into the certificate, and the names policy checks. */
export interface CertificateRequest {
  /** DER of the subject Name, copied as is into the certificate. */
  subject: Uint8Array;
  commonName: string;
  organizations: string[];
  /** Every subject attribute's values by OID (`2.5.4.11` → the OUs), in order. */
  subjectAttributes: Record<string, string[]>;
  /** DER of the SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  publicKeyAlgorithm: 'RSA' | 'ECDSA' | 'Ed25519' | 'unknown';
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
  /** The subjectAltName extension's value (DER), when the request asks for one. */
  subjectAltName?: Uint8Array;
  /** What CheckSignature needs: the signed bytes, the algorithm and the signature. */
  signed: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

const oids = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  extensionRequest: '1.2.840.113549.1.9.14',
  subjectAltName: '2.5.29.17',
  rsa: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
};

/** Signature algorithms Go verifies: hash for node:crypto and the key type they need. */
const signatureAlgorithms: Record<string, { hash: string | null; key: CertificateRequest['publicKeyAlgorithm'] }> = {
  '1.2.840.113549.1.1.5': { hash: 'sha1', key: 'RSA' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', key: 'RSA' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', key: 'RSA' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', key: 'RSA' },
  '1.2.840.10045.4.1': { hash: 'sha1', key: 'ECDSA' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', key: 'ECDSA' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', key: 'ECDSA' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', key: 'ECDSA' },
  '1.3.101.112': { hash: null, key: 'Ed25519' },
};

/** Go's pem.Decode of the first block: its type and bytes, or undefined when there is none. */
export function decodePem(text: string): { type: string; bytes: Buffer } | undefined {
  const pattern = /-----BEGIN ([^\r\n]*?)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    // Headers (`Proc-Type: …`) end at the first blank line; the rest is base64.
    const lines = match[2]!.split(/\r?\n/);
    const blank = lines.some((l) => l.includes(':')) ? lines.indexOf('') : -1;
    const body = lines.slice(blank + 1).join('');
    if (/^[A-Za-z0-9+/]*={0,2}$/.test(body) && body.length % 4 === 0) return { type: match[1]!, bytes: Buffer.from(body, 'base64') };
  }
  return undefined;
}

/** certificates.ParseCSR: the request, or the error kube-apiserver's validation quotes. */
export function parseCsrPem(pem: Uint8Array | string): { request: CertificateRequest } | { error: string } {
  const block = decodePem(typeof pem === 'string' ? pem : Buffer.from(pem).toString('latin1'));
  if (!block || block.type !== 'CERTIFICATE REQUEST') return { error: 'PEM block type must be CERTIFICATE REQUEST' };
  try {
    return { request: parseCertificateRequest(block.bytes) };
  } catch (err) {
    if (err instanceof DerError) return { error: err.message };
    throw err;
  }
}

/** x509.ParseCertificateRequest over DER bytes; throws DerError with Go's text. */
export function parseCertificateRequest(der: Uint8Array): CertificateRequest {
  const outer = expectTlv(der, 0, derTag.sequence);
  if (outer.end !== der.length) throw new DerError('asn1: syntax error: trailing data');
  const [info, algorithm, signature] = children(der, outer);
  if (!info || !algorithm || !signature) throw new DerError('asn1: syntax error: data truncated');
  if (info.tag !== derTag.sequence || algorithm.tag !== derTag.sequence || signature.tag !== derTag.bitString) {
    throw new DerError('asn1: structure error: tags don\'t match');
  }
  const [version, subject, spki, attributes] = children(der, info);
  if (!version || version.tag !== derTag.integer || !subject || subject.tag !== derTag.sequence || !spki || spki.tag !== derTag.sequence) {
    throw new DerError('asn1: structure error: tags don\'t match');
  }
  const names = readName(der, subject);
  const request: CertificateRequest = {
    subject: whole(der, subject),
    commonName: names.attributes[oids.commonName]?.at(-1) ?? '',
    organizations: names.attributes[oids.organization] ?? [],
    subjectAttributes: names.attributes,
    publicKey: whole(der, spki),
    publicKeyAlgorithm: keyAlgorithm(der, spki),
    dnsNames: [],
    emailAddresses: [],
    ipAddresses: [],
    uris: [],
    signed: whole(der, info),
    signatureAlgorithm: oidText(der, expectTlv(der, algorithm.contentStart, derTag.oid, algorithm.end)),
    signature: content(der, signature).subarray(1),
  };
  if (attributes && attributes.tag === 0xa0) readExtensionRequest(der, attributes, request);
  return request;
}

/** CheckSignature: undefined when the request is signed by its own key, else Go's error text. */
export function checkSignature(request: CertificateRequest): string | undefined {
  const algorithm = signatureAlgorithms[request.signatureAlgorithm];
  if (!algorithm) return 'x509: cannot verify signature: algorithm unimplemented';
  if (algorithm.key !== request.publicKeyAlgorithm) {
    return `x509: signature algorithm specifies an ${algorithm.key} public key, but have public key of type ${goKeyType(request.publicKeyAlgorithm)}`;
  }
  let isValid = false;
  try {
    const key = createPublicKey({ key: Buffer.from(request.publicKey), format: 'der', type: 'spki' });
    isValid = verify(algorithm.hash, request.signed, key, request.signature);
  } catch {
    // A key node cannot load, or a signature it cannot decode, is a failed verification, as in Go.
    isValid = false;
  }
  if (isValid) return undefined;
  if (algorithm.key === 'RSA') return 'crypto/rsa: verification error';
  return `x509: ${algorithm.key} verification failure`;
}

function goKeyType(algorithm: CertificateRequest['publicKeyAlgorithm']): string {
  return { RSA: '*rsa.PublicKey', ECDSA: '*ecdsa.PublicKey', Ed25519: 'ed25519.PublicKey', unknown: '<nil>' }[algorithm];
}

function keyAlgorithm(der: Uint8Array, spki: ReturnType<typeof readTlv>): CertificateRequest['publicKeyAlgorithm'] {
  const algorithm = expectTlv(der, spki.contentStart, derTag.sequence, spki.end);
  const id = oidText(der, expectTlv(der, algorithm.contentStart, derTag.oid, algorithm.end));
  return id === oids.rsa ? 'RSA' : id === oids.ecPublicKey ? 'ECDSA' : id === oids.ed25519 ? 'Ed25519' : 'unknown';
}

/** A Name's attribute values by OID; pkix.Name keeps the last CN and every O, OU, … in order. */
function readName(der: Uint8Array, name: ReturnType<typeof readTlv>): { attributes: Record<string, string[]> } {
  const attributes: Record<string, string[]> = {};
  for (const rdn of children(der, name)) {
    for (const attribute of children(der, rdn)) {
      const [type, value] = children(der, attribute);
      if (!type || !value) continue;
      (attributes[oidText(der, type)] ??= []).push(stringValue(der, value));
    }
  }
  return { attributes };
}

/** The extensionRequest attribute's subjectAltName: DNS, email, IP and URI names. */
function readExtensionRequest(der: Uint8Array, attributes: ReturnType<typeof readTlv>, request: CertificateRequest): void {
  for (const attribute of children(der, attributes)) {
    const [type, values] = children(der, attribute);
    if (!type || !values || oidText(der, type) !== oids.extensionRequest) continue;
    for (const extensions of children(der, values)) {
      for (const extension of children(der, extensions)) {
        const parts = children(der, extension);
        if (oidText(der, parts[0]!) !== oids.subjectAltName) continue;
        const value = parts[parts.length - 1]!;
        const names = readTlv(der, value.contentStart, value.end);
        request.subjectAltName = whole(der, names);
        readGeneralNames(der, names, request);
      }
    }
  }
}

function readGeneralNames(der: Uint8Array, names: ReturnType<typeof readTlv>, request: CertificateRequest): void {
  for (const name of children(der, names)) {
    const bytes = Buffer.from(content(der, name));
    if (name.tag === 0x82) request.dnsNames.push(bytes.toString('ascii'));
    else if (name.tag === 0x81) request.emailAddresses.push(bytes.toString('ascii'));
    else if (name.tag === 0x86) request.uris.push(bytes.toString('ascii'));
    else if (name.tag === 0x87) request.ipAddresses.push(bytes.length === 4 ? [...bytes].join('.') : bytes.toString('hex'));
  }
}

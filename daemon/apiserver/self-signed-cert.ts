/**
 * A self-signed X.509 v3 certificate for the API server, DER-encoded by hand over node:crypto.
 * Written by hand on purpose: the well-kept builder (@peculiar/x509) costs ~250 ms to import
 * (reflect-metadata, tsyringe, its ASN.1 schema), half of the 0.5 s start-up budget of a fresh
 * data dir, and this certificate has one fixed shape: ECDSA P-256, CA:TRUE, serverAuth, and the
 * SANs 127.0.0.1 / localhost. `openssl x509 -text` and Go's crypto/x509 (kubectl) read it.
 */
import { generateKeyPairSync, sign } from 'node:crypto';

// ---- DER building blocks (ITU-T X.690) ----

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content);
const octetString = (content: Buffer): Buffer => tlv(0x04, content);
const bitString = (content: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const boolTrue = (): Buffer => tlv(0x01, Buffer.from([0xff]));

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) b = b.subarray(1);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]); // keep it positive
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part % 128];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v % 128));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2) + 'Z')) : tlv(0x18, Buffer.from(iso + 'Z'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

// ---- the certificate ----

const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));

export interface SelfSignedOptions {
  commonName: string;
  organization: string;
  ips: string[];
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  serial: Buffer;
}

export function createSelfSignedCert(options: SelfSignedOptions): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = sequence(set(sequence(oid('2.5.4.10'), utf8(options.organization))), set(sequence(oid('2.5.4.3'), utf8(options.commonName))));
  const altNames = sequence(
    ...options.ips.map((ip) => tlv(0x87, Buffer.from(ip.split('.').map(Number)))),
    ...options.dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
  );
  const extensions = sequence(
    extension('2.5.29.19', true, sequence(boolTrue())), // basicConstraints: CA
    extension('2.5.29.15', true, bitString(Buffer.from([0x84]), 2)), // keyUsage: digitalSignature, keyCertSign
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
    extension('2.5.29.17', false, altNames), // subjectAltName
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(options.serial),
    ecdsaWithSha256,
    name,
    sequence(time(options.notBefore), time(options.notAfter)),
    name,
    publicKey.export({ format: 'der', type: 'spki' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = sequence(tbs, ecdsaWithSha256, bitString(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { cert: pem, key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

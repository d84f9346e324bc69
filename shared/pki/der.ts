/**
 * A minimal DER reader (ITU-T X.690): enough to walk a PKCS#10 request for its subject, key,
 * extensions and signature. Hand-written on purpose: the apiserver validates a CSR inside its
 * synchronous strategy, where a lazily imported ASN.1 library (@peculiar/asn1-schema) cannot be
 * awaited, and importing one at start-up would cost ~90 ms of the 0.5 s budget. Definite lengths
 * only, as DER requires.
 */

/** One TLV: its tag byte, where its header starts, where its content starts and ends. */
export interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** Thrown for bytes that are not DER: the text is what Go's encoding/asn1 reports in the same case. */
export class DerError extends Error {}

export const derTag = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** The TLV at `offset`, which must end within `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError('asn1: syntax error: data truncated');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('asn1: syntax error: data truncated');
  let length = buf[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new DerError('asn1: syntax error: indefinite length found (not DER)');
    if (count > 4 || contentStart + count > limit) throw new DerError('asn1: syntax error: data truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[contentStart + i]!;
    contentStart += count;
    if (length < 0x80 || (count > 1 && buf[offset + 2] === 0)) throw new DerError('asn1: structure error: non-minimal length');
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('asn1: syntax error: data truncated');
  return { tag, start: offset, contentStart, end };
}

/** readTlv, requiring the given tag. */
export function expectTlv(buf: Uint8Array, offset: number, tag: number, limit = buf.length): Tlv {
  const tlv = readTlv(buf, offset, limit);
  if (tlv.tag !== tag) throw new DerError(`asn1: structure error: tags don't match (${tag & 0x1f} vs {class:${tlv.tag >> 6} tag:${tlv.tag & 0x1f} length:${tlv.end - tlv.contentStart} isCompound:${(tlv.tag & 0x20) !== 0}})`);
  return tlv;
}

/** The TLVs directly inside a constructed value. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const tlv = readTlv(buf, at, parent.end);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

export function content(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.contentStart, tlv.end);
}

export function whole(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.start, tlv.end);
}

/** An OBJECT IDENTIFIER's dotted form. */
export function oidText(buf: Uint8Array, tlv: Tlv): string {
  const bytes = content(buf, tlv);
  if (bytes.length === 0) throw new DerError('asn1: syntax error: zero length OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The text of a directory string (UTF8String, PrintableString, IA5String, T61String, BMPString). */
export function stringValue(buf: Uint8Array, tlv: Tlv): string {
  const bytes = Buffer.from(content(buf, tlv));
  if (tlv.tag === derTag.bmpString) return bytes.swap16().toString('utf16le');
  if (tlv.tag === derTag.t61String) return bytes.toString('latin1');
  return bytes.toString('utf8');
}

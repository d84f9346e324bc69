import { test } from 'node:test';
import assert from 'node:assert/strict';
import { children, DerError, expectTlv, oidText, readTlv, stringValue } from '../../../../shared/pki/der.js';

test('readTlv reads short and long definite lengths', () => {
  const short = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]);
  assert.deepEqual(readTlv(short, 0), { tag: 0x30, start: 0, contentStart: 2, end: 5 });
  const long = Buffer.concat([Buffer.from([0x04, 0x81, 0x80]), Buffer.alloc(0x80)]);
  assert.deepEqual(readTlv(long, 0), { tag: 0x04, start: 0, contentStart: 3, end: 0x83 });
});

test('readTlv refuses what DER does not allow, with encoding/asn1 texts', () => {
  const cases = [
    { name: 'a value longer than its buffer', given: [0x30, 0x05, 0x00], want: 'asn1: syntax error: data truncated' },
    { name: 'an indefinite length', given: [0x30, 0x80, 0x00, 0x00], want: 'asn1: syntax error: indefinite length found (not DER)' },
    { name: 'a long form for a short length', given: [0x04, 0x81, 0x01, 0x00], want: 'asn1: structure error: non-minimal length' },
  ];
  for (const { name, given, want } of cases) assert.throws(() => readTlv(Buffer.from(given), 0), (err) => err instanceof DerError && err.message === want, name);
});

test('expectTlv names both tags when they differ', () => {
  assert.throws(() => expectTlv(Buffer.from([0x31, 0x00]), 0, 0x30), /^Error: asn1: structure error: tags don't match \(16 vs \{class:0 tag:17 length:0 isCompound:true\}\)$/);
});

test('children, oidText and stringValue walk a Name', () => {
  // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String "jane" } } }
  const name = Buffer.from('300f31 0d300b0603550403 0c046a616e65'.replace(/ /g, ''), 'hex');
  const outer = readTlv(name, 0);
  const [rdn] = children(name, outer);
  const [attribute] = children(name, rdn!);
  const [type, value] = children(name, attribute!);
  assert.equal(oidText(name, type!), '2.5.4.3');
  assert.equal(stringValue(name, value!), 'jane');
  assert.equal(oidText(Buffer.from([0x06, 0x03, 0x2a, 0x86, 0x48]), readTlv(Buffer.from([0x06, 0x03, 0x2a, 0x86, 0x48]), 0)), '1.2.840');
});

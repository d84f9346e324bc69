import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDeflate, inflateSync } from 'node:zlib';
import { FrameReader, HeaderCompressor, HeaderDecompressor, controlFrame, dataFrame, frameTypes, headerDictionary } from '../../../../../daemon/apiserver/subresources/spdy-framer.js';

/** SPDY/3's dictionary starts with the length-prefixed `options`. */
const dictionaryStart = Buffer.from([0, 0, 0, 7, ...Buffer.from('options')]);

function block(headers: [string, string][]): Buffer {
  const parts = [Buffer.alloc(4)];
  parts[0]!.writeUInt32BE(headers.length);
  for (const [name, value] of headers) {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(name.length);
    const v = Buffer.alloc(4);
    v.writeUInt32BE(value.length);
    parts.push(n, Buffer.from(name), v, Buffer.from(value));
  }
  return Buffer.concat(parts);
}

test('frames are cut from a byte stream however it is split', () => {
  const bytes = Buffer.concat([controlFrame(frameTypes.ping, 0, Buffer.from([0, 0, 0, 1])), dataFrame(3, 1, Buffer.from('hello'))]);
  const reader = new FrameReader();
  const first = reader.push(bytes.subarray(0, 14));
  const rest = reader.push(bytes.subarray(14));
  assert.deepEqual(first.map((f) => f.kind), ['control']);
  assert.deepEqual(rest, [{ kind: 'data', streamId: 3, flags: 1, payload: Buffer.from('hello') }]);
  assert.equal(bytes.readUInt16BE(0), 0x8003);
});

test('our header blocks are stored deflate blocks, each ending with a sync marker, one zlib stream', () => {
  const compressor = new HeaderCompressor();
  const first = compressor.write(new Map([['a', 'b']]));
  const second = compressor.write(new Map());
  assert.deepEqual([...first.subarray(0, 2)], [0x78, 0x01]);
  assert.deepEqual([...first.subarray(-5)], [0, 0, 0, 0xff, 0xff]);
  const inflated = inflateSync(Buffer.concat([first, second]), { finishFlush: constants.Z_SYNC_FLUSH });
  assert.deepEqual(inflated, Buffer.concat([block([['a', 'b']]), block([])]));
});

test('the client\'s blocks (zlib with the SPDY dictionary, sync-flushed) decompress one by one', async () => {
  const decompressor = new HeaderDecompressor();
  assert.equal(headerDictionary.length, 1423);
  assert.deepEqual(headerDictionary.subarray(0, dictionaryStart.length), dictionaryStart);
  const deflate = createDeflate({ dictionary: headerDictionary });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const flushed = async (headers: [string, string][]): Promise<Buffer> => {
    deflate.write(block(headers));
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(chunks.splice(0));
  };
  const errorHeaders = await flushed([['streamtype', 'error'], ['port', '80'], ['requestid', '0']]);
  const dataHeaders = await flushed([['streamtype', 'data'], ['port', '80'], ['requestid', '0']]);
  assert.deepEqual([...decompressor.read(errorHeaders)], [['streamtype', 'error'], ['port', '80'], ['requestid', '0']]);
  assert.deepEqual([...decompressor.read(dataHeaders)], [['streamtype', 'data'], ['port', '80'], ['requestid', '0']]);
});

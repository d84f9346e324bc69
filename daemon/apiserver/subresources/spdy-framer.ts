/**
 * SPDY/3.1 framing, the server half, as much as kubectl's port-forward needs (its client is
 * moby/spdystream, which does no flow control): frames are read from a byte stream (a socket, or
 * the WebSocket tunnel of `SPDY/3.1+portforward.k8s.io`) and written back. Header blocks arrive
 * zlib-compressed with SPDY/3's dictionary over one zlib stream per direction; the ones we send are
 * stored (uncompressed) deflate blocks, which any inflater reads without a dictionary.
 * Hand-written: the npm `spdy-transport` wants Node streams and an HTTP/2-era stack to sit on,
 * while the part needed here is a page of byte layout.
 */
import { constants, inflateSync } from 'node:zlib';

/** SPDY/3's header dictionary (draft-mbelshe-httpbis-spdy-00 §2.6.10.1), 1423 bytes. */
export const headerDictionary = Buffer.from('AAAAB29wdGlvbnMAAAAEaGVhZAAAAARwb3N0AAAAA3B1dAAAAAZkZWxldGUAAAAFdHJhY2UAAAAGYWNjZXB0AAAADmFjY2VwdC1jaGFyc2V0AAAAD2FjY2VwdC1lbmNvZGluZwAAAA9hY2NlcHQtbGFuZ3VhZ2UAAAANYWNjZXB0LXJhbmdlcwAAAANhZ2UAAAAFYWxsb3cAAAANYXV0aG9yaXphdGlvbgAAAA1jYWNoZS1jb250cm9sAAAACmNvbm5lY3Rpb24AAAAMY29udGVudC1iYXNlAAAAEGNvbnRlbnQtZW5jb2RpbmcAAAAQY29udGVudC1sYW5ndWFnZQAAAA5jb250ZW50LWxlbmd0aAAAABBjb250ZW50LWxvY2F0aW9uAAAAC2NvbnRlbnQtbWQ1AAAADWNvbnRlbnQtcmFuZ2UAAAAMY29udGVudC10eXBlAAAABGRhdGUAAAAEZXRhZwAAAAZleHBlY3QAAAAHZXhwaXJlcwAAAARmcm9tAAAABGhvc3QAAAAIaWYtbWF0Y2gAAAARaWYtbW9kaWZpZWQtc2luY2UAAAANaWYtbm9uZS1tYXRjaAAAAAhpZi1yYW5nZQAAABNpZi11bm1vZGlmaWVkLXNpbmNlAAAADWxhc3QtbW9kaWZpZWQAAAAIbG9jYXRpb24AAAAMbWF4LWZvcndhcmRzAAAABnByYWdtYQAAABJwcm94eS1hdXRoZW50aWNhdGUAAAATcHJveHktYXV0aG9yaXphdGlvbgAAAAVyYW5nZQAAAAdyZWZlcmVyAAAAC3JldHJ5LWFmdGVyAAAABnNlcnZlcgAAAAJ0ZQAAAAd0cmFpbGVyAAAAEXRyYW5zZmVyLWVuY29kaW5nAAAAB3VwZ3JhZGUAAAAKdXNlci1hZ2VudAAAAAR2YXJ5AAAAA3ZpYQAAAAd3YXJuaW5nAAAAEHd3dy1hdXRoZW50aWNhdGUAAAAGbWV0aG9kAAAAA2dldAAAAAZzdGF0dXMAAAAGMjAwIE9LAAAAB3ZlcnNpb24AAAAISFRUUC8xLjEAAAADdXJsAAAABnB1YmxpYwAAAApzZXQtY29va2llAAAACmtlZXAtYWxpdmUAAAAGb3JpZ2luMTAwMTAxMjAxMjAyMjA1MjA2MzAwMzAyMzAzMzA0MzA1MzA2MzA3NDAyNDA1NDA2NDA3NDA4NDA5NDEwNDExNDEyNDEzNDE0NDE1NDE2NDE3NTAyNTA0NTA1MjAzIE5vbi1BdXRob3JpdGF0aXZlIEluZm9ybWF0aW9uMjA0IE5vIENvbnRlbnQzMDEgTW92ZWQgUGVybWFuZW50bHk0MDAgQmFkIFJlcXVlc3Q0MDEgVW5hdXRob3JpemVkNDAzIEZvcmJpZGRlbjQwNCBOb3QgRm91bmQ1MDAgSW50ZXJuYWwgU2VydmVyIEVycm9yNTAxIE5vdCBJbXBsZW1lbnRlZDUwMyBTZXJ2aWNlIFVuYXZhaWxhYmxlSmFuIEZlYiBNYXIgQXByIE1heSBKdW4gSnVsIEF1ZyBTZXB0IE9jdCBOb3YgRGVjIDAwOjAwOjAwIE1vbiwgVHVlLCBXZWQsIFRodSwgRnJpLCBTYXQsIFN1biwgR01UY2h1bmtlZCx0ZXh0L2h0bWwsaW1hZ2UvcG5nLGltYWdlL2pwZyxpbWFnZS9naWYsYXBwbGljYXRpb24veG1sLGFwcGxpY2F0aW9uL3hodG1sK3htbCx0ZXh0L3BsYWluLHRleHQvamF2YXNjcmlwdCxwdWJsaWNwcml2YXRlbWF4LWFnZT1nemlwLGRlZmxhdGUsc2RjaGNoYXJzZXQ9dXRmLThjaGFyc2V0PWlzby04ODU5LTEsdXRmLSwqLGVucT0wLg==', 'base64');

export const frameTypes = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
export const flagFin = 0x01;

export type Frame =
  | { kind: 'control'; type: number; flags: number; payload: Buffer }
  | { kind: 'data'; streamId: number; flags: number; payload: Buffer };

/** Splits a byte stream into frames; keeps an unfinished frame for the next call. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(bytes: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUIntBE(5, 3);
      if (this.pending.length < 8 + length) break;
      const flags = this.pending[4]!;
      const payload = this.pending.subarray(8, 8 + length);
      if (this.pending[0]! & 0x80) frames.push({ kind: 'control', type: this.pending.readUInt16BE(2), flags, payload });
      else frames.push({ kind: 'data', streamId: this.pending.readUInt32BE(0) & 0x7fffffff, flags, payload });
      this.pending = this.pending.subarray(8 + length);
    }
    return frames;
  }
}

/** The client's header blocks: one zlib stream for the session, inflated as it grows. */
export class HeaderDecompressor {
  private compressed: Buffer = Buffer.alloc(0);
  private produced = 0;

  /** Headers of the next block; names lower-case, as spdystream sends them. */
  read(block: Buffer): Map<string, string> {
    // Node has no synchronous streaming inflate: the session's blocks are re-inflated whole (they
    // are a few dozen bytes per port-forward connection) and the new output taken.
    this.compressed = Buffer.concat([this.compressed, block]);
    const all = inflateSync(this.compressed, { dictionary: headerDictionary, finishFlush: constants.Z_SYNC_FLUSH });
    const out = all.subarray(this.produced);
    this.produced = all.length;
    const headers = new Map<string, string>();
    const count = out.readUInt32BE(0);
    let at = 4;
    for (let i = 0; i < count; i++) {
      const nameLength = out.readUInt32BE(at);
      const name = out.subarray(at + 4, at + 4 + nameLength).toString('utf8');
      at += 4 + nameLength;
      const valueLength = out.readUInt32BE(at);
      headers.set(name.toLowerCase(), out.subarray(at + 4, at + 4 + valueLength).toString('utf8'));
      at += 4 + valueLength;
    }
    return headers;
  }
}

const syncMarker = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** Our header blocks: a zlib header once, then each block as one stored deflate block. */
export class HeaderCompressor {
  private started = false;

  write(headers: ReadonlyMap<string, string>): Buffer {
    const parts: Buffer[] = [u32(headers.size)];
    for (const [name, value] of headers) {
      const n = Buffer.from(name);
      const v = Buffer.from(value);
      parts.push(u32(n.length), n, u32(v.length), v);
    }
    const raw = Buffer.concat(parts);
    const stored = Buffer.alloc(5);
    stored[0] = 0x00; // BFINAL 0, BTYPE 00 (stored), then byte-aligned LEN and NLEN
    stored.writeUInt16LE(raw.length, 1);
    stored.writeUInt16LE(~raw.length & 0xffff, 3);
    const header = this.started ? Buffer.alloc(0) : Buffer.from([0x78, 0x01]);
    this.started = true;
    // The empty stored block a sync flush ends with: Go's inflater hands over a block's bytes only
    // when it reaches this marker, without reading past the frame.
    return Buffer.concat([header, stored, raw, syncMarker]);
  }
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8003, 0);
  head.writeUInt16BE(type, 2);
  head[4] = flags;
  head.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([head, payload]);
}

export function dataFrame(streamId: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head[4] = flags;
  head.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([head, payload]);
}

export function streamIdOf(payload: Buffer): number {
  return payload.readUInt32BE(0) & 0x7fffffff;
}

export { u32 as uint32 };

/**
 * The tar archive format as `tar` in a container writes and reads it: POSIX ustar headers (512
 * bytes: name, octal mode/size/mtime, checksum, type, `ustar\0` `00`, prefix for long paths),
 * data padded to 512, two zero blocks, the whole padded to a 10 KiB record as GNU and busybox tar
 * do. Reading also takes what Go's archive/tar (kubectl cp) writes for long names: PAX `x`
 * headers (`path=`) and GNU `L` entries. Archives are byte strings: one char per byte (latin1).
 * Hand-written rather than the npm `tar-stream`: the runtime holds whole files as strings of a
 * virtual filesystem, never Node streams, and the format needed here is a page of code.
 */

const block = 512;
const record = 20 * block;

export interface TarEntry {
  /** The member name, relative (`etc/hostname`, `dir/`). */
  name: string;
  type: 'file' | 'dir';
  mode: number;
  mtimeMs: number;
  /** File content as bytes. */
  data?: Uint8Array;
}

function octal(value: number, width: number): string {
  return `${Math.max(0, Math.floor(value)).toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntry, name: Buffer, prefix: Buffer): Buffer {
  const h = Buffer.alloc(block);
  name.copy(h, 0);
  h.write(octal(entry.mode & 0o7777, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(entry.data?.length ?? 0, 12), 124, 'latin1');
  h.write(octal(entry.mtimeMs / 1000, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(entry.type === 'dir' ? '5' : '0', 156, 'latin1');
  h.write('ustar\x0000', 257, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  prefix.copy(h, 345);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** Splits a long name at a `/` into ustar's prefix (155) and name (100); undefined if it cannot. */
function splitName(full: Buffer): { name: Buffer; prefix: Buffer } | undefined {
  if (full.length <= 100) return { name: full, prefix: Buffer.alloc(0) };
  for (let i = full.length - 1; i > 0; i--) {
    if (full[i] !== 0x2f) continue;
    if (i <= 155 && full.length - i - 1 <= 100 && full.length - i - 1 > 0) return { prefix: full.subarray(0, i), name: full.subarray(i + 1) };
  }
  return undefined;
}

function padding(length: number, to: number): Buffer {
  return Buffer.alloc((to - (length % to)) % to);
}

/** The archive for entries, as a byte string. */
export function writeTar(entries: readonly TarEntry[]): string {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const full = Buffer.from(entry.name, 'utf8');
    let split = splitName(full);
    if (!split) {
      // GNU tar's long-name entry, which Go, GNU and busybox tar all read.
      const longName = Buffer.concat([full, Buffer.from([0])]);
      parts.push(header({ name: '././@LongLink', type: 'file', mode: 0, mtimeMs: 0, data: longName }, Buffer.from('././@LongLink'), Buffer.alloc(0)));
      parts[parts.length - 1]!.write('L', 156, 'latin1');
      rechecksum(parts[parts.length - 1]!);
      parts.push(longName, padding(longName.length, block));
      split = { name: full.subarray(0, 100), prefix: Buffer.alloc(0) };
    }
    parts.push(header(entry, split.name, split.prefix));
    if (entry.type === 'file' && entry.data) parts.push(Buffer.from(entry.data), padding(entry.data.length, block));
  }
  parts.push(Buffer.alloc(2 * block));
  const body = Buffer.concat(parts);
  return Buffer.concat([body, padding(body.length, record)]).toString('latin1');
}

function rechecksum(h: Buffer): void {
  h.write('        ', 148, 'latin1');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
}

function field(h: Buffer, offset: number, length: number): string {
  const raw = h.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return (end < 0 ? raw : raw.subarray(0, end)).toString('utf8');
}

function numeric(h: Buffer, offset: number, length: number): number {
  const text = field(h, offset, length).trim();
  return text ? parseInt(text, 8) : 0;
}

/** Parses an archive (a byte string); throws with busybox's wording when it is not one. */
export function readTar(archive: string): TarEntry[] {
  const bytes = Buffer.from(archive, 'latin1');
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + block <= bytes.length; ) {
    const h = bytes.subarray(offset, offset + block);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== numeric(h, 148, 8)) throw new Error('invalid tar header checksum');
    const size = numeric(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const data = bytes.subarray(offset + block, offset + block + size);
    offset += block + size + padding(size, block).length;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1] ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const prefix = field(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    const mode = numeric(h, 100, 8);
    const mtimeMs = numeric(h, 136, 12) * 1000;
    if (type === '5') entries.push({ name, type: 'dir', mode, mtimeMs });
    else if (type === '0' || type === '\0' || type === '7') entries.push({ name, type: 'file', mode, mtimeMs, data: new Uint8Array(data) });
    // Links, devices and FIFOs have no place on the virtual filesystem: skipped.
  }
  return entries;
}

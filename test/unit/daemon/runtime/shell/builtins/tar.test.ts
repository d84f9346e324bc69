import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTar, writeTar } from '../../../../../../daemon/runtime/shell/builtins/tar-format.js';
import { TestContainer } from '../harness.js';

test('writeTar: ustar headers with checksums, data padded, a 10 KiB record; readTar reads it back', () => {
  const archive = writeTar([
    { name: 'dir/', type: 'dir', mode: 0o755, mtimeMs: 1_700_000_000_000 },
    { name: 'dir/héllo.txt', type: 'file', mode: 0o644, mtimeMs: 1_700_000_000_000, data: Buffer.from('wörld\n') },
  ]);
  assert.equal(archive.length, 10240);
  const bytes = Buffer.from(archive, 'latin1');
  assert.equal(bytes.subarray(257, 263).toString('latin1'), 'ustar\0');
  assert.equal(bytes.subarray(124, 136).toString('latin1'), '00000000000\0');
  assert.equal(bytes.subarray(512 + 124, 512 + 136).toString('latin1'), '00000000007\0');
  const entries = readTar(archive);
  assert.deepEqual(entries.map((e) => [e.name, e.type, e.mode]), [['dir/', 'dir', 0o755], ['dir/héllo.txt', 'file', 0o644]]);
  assert.equal(Buffer.from(entries[1]!.data!).toString('utf8'), 'wörld\n');
});

test('long names go into the ustar prefix, or a GNU L entry past 255 bytes', () => {
  const medium = `${'a'.repeat(120)}/${'b'.repeat(90)}`;
  const long = `${'c'.repeat(300)}/x`;
  const names = readTar(writeTar([medium, long].map((name) => ({ name, type: 'file' as const, mode: 0o644, mtimeMs: 0, data: Buffer.from('x') })))).map((e) => e.name);
  assert.deepEqual(names, [medium, long]);
});

test('readTar takes a PAX path header (Go archive/tar, which kubectl cp uses) and rejects a bad checksum', () => {
  const archive = Buffer.from(writeTar([{ name: 'short', type: 'file', mode: 0o644, mtimeMs: 0, data: Buffer.from('pax\n') }]), 'latin1');
  const record = '30 path=a/very/long/name.txt\n';
  const pax = Buffer.from(writeTar([{ name: 'PaxHeaders/short', type: 'file', mode: 0o644, mtimeMs: 0, data: Buffer.from(record) }]), 'latin1');
  pax.write('x', 156, 'latin1');
  pax.write('        ', 148, 'latin1');
  let sum = 0;
  for (const byte of pax.subarray(0, 512)) sum += byte;
  pax.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const combined = Buffer.concat([pax.subarray(0, 1024), archive]).toString('latin1');
  assert.deepEqual(readTar(combined).map((e) => e.name), ['a/very/long/name.txt']);
  const broken = Buffer.from(archive);
  broken[0] = 0x7a;
  assert.throws(() => readTar(broken.toString('latin1')), /invalid tar header checksum/);
});

test('tar cf - then tar -xmf - -C: what kubectl cp runs, with busybox\'s leading-slash warning', async () => {
  const c = new TestContainer();
  await c.run(['sh', '-c', 'mkdir -p /data/sub /restore && echo one > /data/a && echo two > /data/sub/b']);
  const created = await c.run(['tar', 'cf', '-', '/data']);
  assert.equal(created.code, 0);
  assert.equal(created.stderr, "tar: removing leading '/' from member names\n");
  assert.deepEqual(readTar(created.stdout).map((e) => e.name), ['data/', 'data/a', 'data/sub/', 'data/sub/b']);
  const extracted = await c.run(['tar', '-xmf', '-', '-C', '/restore'], { readStdin: async () => created.stdout });
  assert.deepEqual(extracted, { stdout: '', stderr: '', code: 0 });
  assert.equal((await c.run(['cat', '/restore/data/sub/b'])).stdout, 'two\n');
  assert.equal((await c.run(['tar', 'tf', '-'], { readStdin: async () => created.stdout })).stdout, 'data/\ndata/a\ndata/sub/\ndata/sub/b\n');
});

test('tar errors: a missing member, a missing -C directory, not an archive', async () => {
  const c = new TestContainer();
  const missing = await c.run(['tar', 'cf', '-', 'nope']);
  assert.equal(missing.stderr, 'tar: nope: No such file or directory\n');
  assert.equal(missing.code, 1);
  const noDir = await c.run(['tar', '-xmf', '-', '-C', '/nowhere']);
  assert.deepEqual(noDir, { stdout: '', stderr: "tar: can't change directory to '/nowhere': No such file or directory\n", code: 1 });
  const garbage = await c.run(['tar', 'xf', '-'], { readStdin: async () => 'x'.repeat(600) });
  assert.deepEqual(garbage, { stdout: '', stderr: 'tar: invalid tar header checksum\n', code: 1 });
});

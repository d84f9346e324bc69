import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../../../shared/clock.js';
import { MemoryFs } from '../../../../../daemon/runtime/fs/memory-fs.js';
import { VfsError, type VfsErrorCode } from '../../../../../daemon/runtime/fs/vfs.js';

function errorCode(fn: () => unknown): VfsErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (error) {
    if (error instanceof VfsError) return error.code;
    throw error;
  }
}

function sample(): MemoryFs {
  const fs = new MemoryFs();
  fs.mkdir('/etc/config', { recursive: true });
  fs.writeFile('/etc/config/game.properties', 'enemies=aliens\n');
  fs.mkdir('/tmp');
  return fs;
}

describe('MemoryFs', () => {
  it('reads back what was written, and appends', () => {
    const fs = sample();
    fs.writeFile('/tmp/log', 'one\n');
    fs.writeFile('/tmp/log', 'two\n', { append: true });
    assert.equal(fs.readFile('/tmp/log'), 'one\ntwo\n');
    assert.equal(fs.readFile('/tmp/../etc/./config/game.properties'), 'enemies=aliens\n');
  });

  it('lists a directory sorted by name', () => {
    const fs = sample();
    fs.writeFile('/tmp/b', '');
    fs.writeFile('/tmp/a', '');
    fs.mkdir('/tmp/c');
    assert.deepEqual(fs.readdir('/tmp'), ['a', 'b', 'c']);
    assert.deepEqual(fs.readdir('/'), ['etc', 'tmp']);
  });

  it('stats files with their byte size, mode and modification time', () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const fs = new MemoryFs({ clock });
    clock.step(5000);
    fs.writeFile('/héllo', 'é');
    assert.deepEqual(fs.stat('/héllo'), { type: 'file', size: 2, mode: 0o644, mtimeMs: Date.UTC(2024, 0, 1) + 5000 });
    assert.equal(fs.stat('/')?.type, 'dir');
    assert.equal(fs.stat('/nope'), undefined);
  });

  const errors: { name: string; given: (fs: MemoryFs) => unknown; want: VfsErrorCode }[] = [
    { name: 'reading a missing file is ENOENT', given: (fs) => fs.readFile('/tmp/nope'), want: 'ENOENT' },
    { name: 'reading a directory is EISDIR', given: (fs) => fs.readFile('/etc'), want: 'EISDIR' },
    { name: 'reading through a file is ENOTDIR', given: (fs) => fs.readFile('/etc/config/game.properties/x'), want: 'ENOTDIR' },
    { name: 'writing into a missing directory is ENOENT', given: (fs) => fs.writeFile('/nope/file', 'x'), want: 'ENOENT' },
    { name: 'writing over a directory is EISDIR', given: (fs) => fs.writeFile('/tmp', 'x'), want: 'EISDIR' },
    { name: 'mkdir of an existing path is EEXIST', given: (fs) => fs.mkdir('/tmp'), want: 'EEXIST' },
    { name: 'mkdir without -p under a missing parent is ENOENT', given: (fs) => fs.mkdir('/a/b'), want: 'ENOENT' },
    { name: 'mkdir -p over a file is EEXIST', given: (fs) => fs.mkdir('/etc/config/game.properties', { recursive: true }), want: 'EEXIST' },
    { name: 'mkdir -p through a file is ENOTDIR', given: (fs) => fs.mkdir('/etc/config/game.properties/x', { recursive: true }), want: 'ENOTDIR' },
    { name: 'listing a file is ENOTDIR', given: (fs) => fs.readdir('/etc/config/game.properties'), want: 'ENOTDIR' },
    { name: 'unlinking a directory is EISDIR', given: (fs) => fs.unlink('/tmp'), want: 'EISDIR' },
    { name: 'unlinking a missing file is ENOENT', given: (fs) => fs.unlink('/tmp/nope'), want: 'ENOENT' },
    { name: 'rmdir of a non-empty directory is ENOTEMPTY', given: (fs) => fs.rmdir('/etc'), want: 'ENOTEMPTY' },
    { name: 'rmdir of a file is ENOTDIR', given: (fs) => fs.rmdir('/etc/config/game.properties'), want: 'ENOTDIR' },
    { name: 'rmdir of the root is EBUSY', given: (fs) => fs.rmdir('/', { recursive: true }), want: 'EBUSY' },
    { name: 'renaming a missing file is ENOENT', given: (fs) => fs.rename('/tmp/nope', '/tmp/x'), want: 'ENOENT' },
    { name: 'renaming a directory into itself is EINVAL', given: (fs) => fs.rename('/etc', '/etc/config/etc'), want: 'EINVAL' },
    { name: 'renaming a file over a directory is EISDIR', given: (fs) => fs.rename('/etc/config/game.properties', '/tmp'), want: 'EISDIR' },
    { name: 'renaming a directory over a non-empty one is ENOTEMPTY', given: (fs) => fs.rename('/tmp', '/etc'), want: 'ENOTEMPTY' },
  ];
  for (const c of errors) it(c.name, () => assert.equal(errorCode(() => c.given(sample())), c.want));

  it('removes a tree with rmdir recursive', () => {
    const fs = sample();
    fs.rmdir('/etc', { recursive: true });
    assert.deepEqual(fs.readdir('/'), ['tmp']);
  });

  it('renames files and directories, replacing an existing file', () => {
    const fs = sample();
    fs.writeFile('/tmp/old', 'old');
    fs.rename('/etc/config/game.properties', '/tmp/old');
    assert.equal(fs.readFile('/tmp/old'), 'enemies=aliens\n');
    fs.rename('/etc/config', '/tmp/config');
    assert.deepEqual(fs.readdir('/tmp'), ['config', 'old']);
    assert.deepEqual(fs.readdir('/etc'), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fsFromFiles } from '../../../../../daemon/runtime/fs/file-map.js';
import { MemoryFs } from '../../../../../daemon/runtime/fs/memory-fs.js';
import { copyTree, moveAcross, removeTree } from '../../../../../daemon/runtime/fs/tree-copy.js';
import { VfsError } from '../../../../../daemon/runtime/fs/vfs.js';

describe('tree copy', () => {
  it('copies a tree between two filesystems', () => {
    const source = fsFromFiles({ '/app/a': '1', '/app/sub/b': '2' });
    const target = new MemoryFs();
    copyTree(source, '/app', target, '/copy');
    assert.deepEqual(target.readdir('/copy'), ['a', 'sub']);
    assert.equal(target.readFile('/copy/sub/b'), '2');
  });

  it('moves across filesystems: copy, then delete', () => {
    const source = fsFromFiles({ '/data/file': 'x' });
    const target = new MemoryFs();
    moveAcross(source, '/data', target, '/moved');
    assert.equal(target.readFile('/moved/file'), 'x');
    assert.equal(source.stat('/data'), undefined);
  });

  it('refuses to move a directory over a non-empty one, or a file over a directory', () => {
    const fs = fsFromFiles({ '/a/x': '', '/b/y': '', '/f': '' });
    assert.throws(() => moveAcross(fs, '/a', fs, '/b'), (e: VfsError) => e.code === 'ENOTEMPTY');
    assert.throws(() => moveAcross(fs, '/f', fs, '/b'), (e: VfsError) => e.code === 'EISDIR');
  });

  it('removes files and trees', () => {
    const fs = fsFromFiles({ '/a/x': '', '/f': '' });
    removeTree(fs, '/a');
    removeTree(fs, '/f');
    assert.deepEqual(fs.readdir('/'), []);
    assert.throws(() => removeTree(fs, '/nope'), (e: VfsError) => e.code === 'ENOENT');
  });
});

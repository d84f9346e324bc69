import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../../../shared/clock.js';
import { ContainerFs, type ImageFiles } from '../../../../../daemon/runtime/fs/container-fs.js';
import { fsFromFiles } from '../../../../../daemon/runtime/fs/file-map.js';
import { MemoryFs } from '../../../../../daemon/runtime/fs/memory-fs.js';
import { VfsError, type VfsErrorCode } from '../../../../../daemon/runtime/fs/vfs.js';
import type { Mount } from '../../../../../daemon/runtime/container.js';

const busybox: ImageFiles = { files: { '/bin/sh': '\x7fELF', '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n' }, dirs: ['/root', '/home'] };

function codeOf(fn: () => unknown): VfsErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (error) {
    if (error instanceof VfsError) return error.code;
    throw error;
  }
}

describe('ContainerFs', () => {
  it('starts from the image files plus the directories every container has', () => {
    const fs = new ContainerFs({ image: busybox });
    assert.deepEqual(fs.readdir('/'), ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp']);
    assert.equal(fs.readFile('/etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    assert.equal(fs.stat('/bin/sh')?.mode, 0o755);
    assert.equal(fs.stat('/etc/passwd')?.mode, 0o644);
  });

  it('loses the writable layer on restart (a new view) while a mounted emptyDir keeps its files', () => {
    const emptyDir = new MemoryFs();
    const mounts: Mount[] = [{ mountPath: '/cache', fs: emptyDir, source: '/', readOnly: false }];
    const first = new ContainerFs({ image: busybox, mounts });
    first.writeFile('/tmp/test1', '');
    first.writeFile('/cache/data', 'kept');
    first.unlink('/etc/passwd');
    const restarted = new ContainerFs({ image: busybox, mounts });
    assert.equal(restarted.stat('/tmp/test1'), undefined);
    assert.equal(restarted.readFile('/etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    assert.equal(restarted.readFile('/cache/data'), 'kept');
  });

  it('shows one volume to two containers of a pod', () => {
    const volume = new MemoryFs();
    const nginx = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/container-volume', fs: volume, source: '/', readOnly: false }] });
    const other = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/data', fs: volume, source: '/', readOnly: false }] });
    nginx.writeFile('/container-volume/index.html', 'shared');
    assert.deepEqual(other.readdir('/data'), ['index.html']);
    assert.equal(other.readFile('/data/index.html'), 'shared');
  });

  it('creates mount points that the image lacks, and lists them in their parent', () => {
    const configMap = fsFromFiles({ 'game.properties': 'lives=3\n', 'ui.properties': 'color=red\n' });
    const fs = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/etc/config', fs: configMap, source: '/', readOnly: true }] });
    assert.deepEqual(fs.readdir('/etc'), ['config', 'passwd']);
    assert.deepEqual(fs.readdir('/etc/config'), ['game.properties', 'ui.properties']);
    assert.equal(fs.readFile('/etc/config/game.properties'), 'lives=3\n');
  });

  const readOnly: { name: string; given: (fs: ContainerFs) => unknown; want: VfsErrorCode }[] = [
    { name: 'writing a file in a read-only mount is EROFS', given: (fs) => fs.writeFile('/secret/new', 'x'), want: 'EROFS' },
    { name: 'overwriting a key of a read-only mount is EROFS', given: (fs) => fs.writeFile('/secret/username', 'x'), want: 'EROFS' },
    { name: 'deleting a key of a read-only mount is EROFS', given: (fs) => fs.unlink('/secret/username'), want: 'EROFS' },
    { name: 'mkdir in a read-only mount is EROFS', given: (fs) => fs.mkdir('/secret/dir'), want: 'EROFS' },
    { name: 'mkdir of an existing name in a read-only mount is EEXIST', given: (fs) => fs.mkdir('/secret/username'), want: 'EEXIST' },
    { name: 'deleting a missing file of a read-only mount is ENOENT', given: (fs) => fs.unlink('/secret/nope'), want: 'ENOENT' },
    { name: 'removing the mount point is EBUSY', given: (fs) => fs.rmdir('/secret', { recursive: true }), want: 'EBUSY' },
    { name: 'removing a directory holding a mount point is EBUSY', given: (fs) => fs.rmdir('/', { recursive: true }), want: 'EBUSY' },
    { name: 'moving a key out of a read-only mount is EROFS', given: (fs) => fs.rename('/secret/username', '/tmp/u'), want: 'EROFS' },
    { name: 'writing /proc is EACCES', given: (fs) => fs.writeFile('/proc/1/cmdline', 'x'), want: 'EACCES' },
  ];
  for (const c of readOnly) {
    it(c.name, () => {
      const secret = fsFromFiles({ username: 'admin', password: 'password123' });
      const fs = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/secret', fs: secret, source: '/', readOnly: true }] });
      assert.equal(codeOf(() => c.given(fs)), c.want);
    });
  }

  it('reports errors with the path the container used, not the path inside the volume', () => {
    const volume = new MemoryFs();
    const fs = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/data', fs: volume, source: '/pvc-1', readOnly: false }] });
    assert.throws(() => fs.readFile('/data/missing'), (e: VfsError) => e.code === 'ENOENT' && e.path === '/data/missing');
  });

  it('mounts a subPath directory, creating it in a writable volume', () => {
    const volume = new MemoryFs();
    const fs = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/var/lib/mysql', fs: volume, source: '/mysql', readOnly: false }] });
    fs.writeFile('/var/lib/mysql/ibdata1', 'db');
    assert.deepEqual(volume.readdir('/'), ['mysql']);
    assert.equal(volume.readFile('/mysql/ibdata1'), 'db');
  });

  it('mounts a single key with subPath as a file', () => {
    const configMap = fsFromFiles({ 'nginx.conf': 'events {}\n', other: 'x' });
    const fs = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/etc/nginx/nginx.conf', fs: configMap, source: '/nginx.conf', readOnly: true }] });
    assert.equal(fs.readFile('/etc/nginx/nginx.conf'), 'events {}\n');
    assert.deepEqual(fs.readdir('/etc/nginx'), ['nginx.conf']);
    assert.equal(fs.stat('/etc/nginx/nginx.conf')?.type, 'file');
  });

  it('moves a file from the writable layer into a volume (mv across mounts)', () => {
    const volume = new MemoryFs();
    const fs = new ContainerFs({ image: busybox, mounts: [{ mountPath: '/data', fs: volume, source: '/', readOnly: false }] });
    fs.writeFile('/tmp/file', 'saved');
    fs.rename('/tmp/file', '/data/file');
    assert.equal(volume.readFile('/file'), 'saved');
    assert.equal(fs.stat('/tmp/file'), undefined);
  });

  it('swallows writes to /dev/null and reads it empty', () => {
    const fs = new ContainerFs({ image: busybox });
    fs.writeFile('/dev/null', 'gone');
    assert.equal(fs.readFile('/dev/null'), '');
    assert.deepEqual(fs.readdir('/dev'), ['null']);
  });

  it('shows the process table under /proc', () => {
    const clock = new ManualClock();
    const fs = new ContainerFs({ image: busybox, clock });
    fs.processes.add(['sleep', 'infinity'], clock.now());
    assert.deepEqual(fs.readdir('/proc'), ['1']);
    assert.equal(fs.readFile('/proc/1/cmdline'), 'sleep\0infinity\0');
  });

  it('shares one image layer between containers without sharing their writes', () => {
    const a = new ContainerFs({ image: busybox });
    const b = new ContainerFs({ image: busybox });
    a.writeFile('/root/.ash_history', 'ls\n');
    assert.equal(b.stat('/root/.ash_history'), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fsFromFiles } from '../../../../../daemon/runtime/fs/file-map.js';
import { OverlayFs } from '../../../../../daemon/runtime/fs/overlay-fs.js';
import { VfsError } from '../../../../../daemon/runtime/fs/vfs.js';

function image() {
  return fsFromFiles(
    {
      '/etc/nginx/nginx.conf': 'worker_processes auto;\n',
      '/usr/share/nginx/html/index.html': '<h1>Welcome to nginx!</h1>\n',
      '/usr/share/nginx/html/50x.html': '<h1>An error occurred.</h1>\n',
    },
    { dirs: ['/tmp'] },
  );
}

describe('OverlayFs', () => {
  it('shows the image files through an empty writable layer', () => {
    const fs = new OverlayFs(image());
    assert.equal(fs.readFile('/etc/nginx/nginx.conf'), 'worker_processes auto;\n');
    assert.deepEqual(fs.readdir('/'), ['etc', 'tmp', 'usr']);
  });

  it('writes to the upper layer and leaves the image untouched', () => {
    const lower = image();
    const fs = new OverlayFs(lower);
    fs.writeFile('/usr/share/nginx/html/index.html', 'hacked\n');
    fs.writeFile('/tmp/new', 'x');
    assert.equal(fs.readFile('/usr/share/nginx/html/index.html'), 'hacked\n');
    assert.equal(lower.readFile('/usr/share/nginx/html/index.html'), '<h1>Welcome to nginx!</h1>\n');
    assert.equal(lower.stat('/tmp/new'), undefined);
    assert.deepEqual(fs.readdir('/usr/share/nginx/html'), ['50x.html', 'index.html']);
  });

  it('appends to an image file by copying it up first', () => {
    const fs = new OverlayFs(image());
    fs.writeFile('/etc/nginx/nginx.conf', 'events {}\n', { append: true });
    assert.equal(fs.readFile('/etc/nginx/nginx.conf'), 'worker_processes auto;\nevents {}\n');
  });

  it('hides deleted image files with whiteouts', () => {
    const fs = new OverlayFs(image());
    fs.unlink('/usr/share/nginx/html/50x.html');
    assert.deepEqual(fs.readdir('/usr/share/nginx/html'), ['index.html']);
    assert.equal(fs.stat('/usr/share/nginx/html/50x.html'), undefined);
    assert.throws(() => fs.readFile('/usr/share/nginx/html/50x.html'), (e: VfsError) => e.code === 'ENOENT');
  });

  it('keeps a re-created directory opaque over the deleted image directory', () => {
    const fs = new OverlayFs(image());
    fs.rmdir('/usr/share/nginx/html', { recursive: true });
    fs.mkdir('/usr/share/nginx/html');
    assert.deepEqual(fs.readdir('/usr/share/nginx/html'), []);
    fs.writeFile('/usr/share/nginx/html/index.html', 'mine');
    assert.deepEqual(fs.readdir('/usr/share/nginx/html'), ['index.html']);
  });

  it('refuses to remove a non-empty image directory without recursion', () => {
    const fs = new OverlayFs(image());
    assert.throws(() => fs.rmdir('/etc/nginx'), (e: VfsError) => e.code === 'ENOTEMPTY');
  });

  it('renames an image file into the upper layer', () => {
    const fs = new OverlayFs(image());
    fs.rename('/etc/nginx/nginx.conf', '/tmp/nginx.conf');
    assert.equal(fs.readFile('/tmp/nginx.conf'), 'worker_processes auto;\n');
    assert.deepEqual(fs.readdir('/etc/nginx'), []);
  });

  it('reports ENOENT for a write under a missing directory and ENOTDIR through a file', () => {
    const fs = new OverlayFs(image());
    assert.throws(() => fs.writeFile('/nope/x', ''), (e: VfsError) => e.code === 'ENOENT');
    assert.throws(() => fs.writeFile('/etc/nginx/nginx.conf/x', ''), (e: VfsError) => e.code === 'ENOTDIR');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fsFromFiles, imageFileMode } from '../../../../../daemon/runtime/fs/file-map.js';

describe('fsFromFiles', () => {
  it('makes one file per configMap key, with the default mode 0644', () => {
    const fs = fsFromFiles({ 'game.properties': 'lives=3\n', 'ui.properties': 'color=red\n' });
    assert.deepEqual(fs.readdir('/'), ['game.properties', 'ui.properties']);
    assert.equal(fs.readFile('/game.properties'), 'lives=3\n');
    assert.equal(fs.stat('/ui.properties')?.mode, 0o644);
  });

  it('creates the directories of nested item paths and of empty dirs', () => {
    const fs = fsFromFiles({ 'conf/app.yaml': 'a: 1\n' }, { dirs: ['/empty'], mode: 0o400 });
    assert.deepEqual(fs.readdir('/'), ['conf', 'empty']);
    assert.equal(fs.stat('/conf/app.yaml')?.mode, 0o400);
  });
});

describe('imageFileMode', () => {
  const cases: { name: string; path: string; data: string; want: number }[] = [
    { name: 'a file in a bin directory is executable', path: '/usr/bin/curl', data: '', want: 0o755 },
    { name: 'an ELF binary is executable', path: '/hello', data: '\x7fELF', want: 0o755 },
    { name: 'a script with #! is executable', path: '/docker-entrypoint.sh', data: '#!/bin/sh\n', want: 0o755 },
    { name: 'anything else is 0644', path: '/etc/nginx/nginx.conf', data: 'events {}', want: 0o644 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(imageFileMode(c.path, c.data), c.want));
});

// `kubectl cp` with the real kubectl (it execs `test -d`, `tar -xmf - -C <dir>` and
// `tar cf - <path>` in the container, reference/kubectl-compat.md §9.8): files and directories
// both ways between a temporary directory on the host (written by kubectl, not the daemon) and a
// pod's virtual filesystem, with tar's own warning (which kubectl prints on its stdout).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let daemon: TestDaemon;
let host: string;

after(async () => {
  await daemon?.stop();
  for (const dir of [daemon?.dataDir, daemon?.cacheDir, host]) if (dir) rmSync(dir, { recursive: true, force: true });
});

before(async () => {
  daemon = await startDaemon(undefined, { nodes: 1 });
  host = mkdtempSync(join(tmpdir(), 'kubelab-cp-'));
  await daemon.kubectl('run', 'bb', '--image=busybox', '--', 'sleep', '3600');
  await daemon.kubectl('run', 'web', '--image=nginx');
  const ready = await daemon.kubectl('wait', '--for=condition=Ready', 'pod/bb', 'pod/web', '--timeout=60s');
  assert.equal(ready.stdout, 'pod/bb condition met\npod/web condition met\n', ready.stderr);
});

test('kubectl cp a host file into a pod, then a directory tree', async () => {
  writeFileSync(join(host, 'note.txt'), 'from the host\n');
  const file = await daemon.kubectl('cp', join(host, 'note.txt'), 'bb:/tmp/note.txt');
  assert.deepEqual([file.code, file.stdout, file.stderr], [0, '', '']);
  assert.equal((await daemon.kubectl('exec', 'bb', '--', 'cat', '/tmp/note.txt')).stdout, 'from the host\n');

  mkdirSync(join(host, 'site', 'css'), { recursive: true });
  writeFileSync(join(host, 'site', 'index.html'), '<h1>héllo</h1>\n');
  writeFileSync(join(host, 'site', 'css', 'main.css'), 'body {}\n');
  const tree = await daemon.kubectl('cp', join(host, 'site'), 'web:/usr/share/nginx/html/site');
  assert.deepEqual([tree.code, tree.stderr], [0, '']);
  const listed = await daemon.kubectl('exec', 'web', '--', 'sh', '-c', 'cd /usr/share/nginx/html/site && ls -R && cat index.html');
  assert.equal(listed.stdout, '.:\ncss\nindex.html\n\n./css:\nmain.css\n<h1>héllo</h1>\n');
});

test('kubectl cp a pod file and a pod directory to the host', async () => {
  await daemon.kubectl('exec', 'bb', '--', 'sh', '-c', 'mkdir -p /data/logs && echo alpha > /data/a.txt && echo beta > /data/logs/b.log');
  const file = await daemon.kubectl('cp', 'bb:/data/a.txt', join(host, 'a.txt'));
  assert.equal(file.code, 0);
  // kubectl passes the remote tar's stderr to its own stdout, from a goroutine of its own: it may
  // exit once the archive is unpacked, before that line is printed (seen under load), so the
  // line is there or the output is empty, never anything else.
  assert.ok(["tar: removing leading '/' from member names\n", ''].includes(file.stdout), JSON.stringify(file.stdout));
  assert.equal(file.stderr, '');
  assert.equal(readFileSync(join(host, 'a.txt'), 'utf8'), 'alpha\n');

  const dir = await daemon.kubectl('cp', 'bb:/data', join(host, 'data-copy'));
  assert.equal(dir.code, 0);
  assert.deepEqual(readdirSync(join(host, 'data-copy')).sort(), ['a.txt', 'logs']);
  assert.equal(readFileSync(join(host, 'data-copy', 'logs', 'b.log'), 'utf8'), 'beta\n');

  // nginx's image is Debian: GNU tar words the same warning its own way.
  const debian = await daemon.kubectl('cp', 'web:/etc/hostname', join(host, 'hostname'));
  assert.equal(debian.stdout, "tar: Removing leading `/' from member names\n");
  assert.equal(readFileSync(join(host, 'hostname'), 'utf8'), 'web\n');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fsFromFiles } from '../../../../../../daemon/runtime/fs/file-map.js';
import { TestContainer, type RunResult } from '../harness.js';

function container(): TestContainer {
  const secret = fsFromFiles({ username: 'admin', password: 'password123' });
  const c = new TestContainer({ mounts: [{ mountPath: '/secret', fs: secret, source: '/', readOnly: true }] });
  c.fs.mkdir('/data');
  c.fs.writeFile('/data/a.txt', 'alpha\nbeta\n');
  c.fs.mkdir('/data/sub');
  c.fs.writeFile('/data/sub/b.txt', 'b\n');
  return c;
}

const cases: { name: string; given: string; want: Partial<RunResult> }[] = [
  { name: 'cat prints files in order', given: 'cat /data/a.txt /data/sub/b.txt', want: { stdout: 'alpha\nbeta\nb\n' } },
  { name: 'cat reads stdin for -', given: 'echo piped | cat -', want: { stdout: 'piped\n' } },
  { name: 'cat numbers lines with -n', given: 'cat -n /data/a.txt', want: { stdout: '     1\talpha\n     2\tbeta\n' } },
  { name: 'cat reports a missing file and goes on', given: 'cat /nope /data/sub/b.txt', want: { stdout: 'b\n', stderr: "cat: can't open '/nope': No such file or directory\n", code: 1 } },
  { name: 'cat reports a directory', given: 'cat /data', want: { stderr: 'cat: read error: Is a directory\n', code: 1 } },
  { name: 'cat reads a secret key', given: 'cat /secret/username', want: { stdout: 'admin' } },
  { name: 'touch creates an empty file and keeps an existing one', given: 'touch /data/new /data/a.txt; cat /data/new /data/a.txt', want: { stdout: 'alpha\nbeta\n' } },
  { name: 'touch reports a missing directory', given: 'touch /nope/x', want: { stderr: 'touch: /nope/x: No such file or directory\n', code: 1 } },
  { name: 'touch reports a read-only volume', given: 'touch /secret/x', want: { stderr: 'touch: /secret/x: Read-only file system\n', code: 1 } },
  { name: 'mkdir creates a directory', given: 'mkdir /data/d && ls /data', want: { stdout: 'a.txt\nd\nsub\n' } },
  { name: 'mkdir reports an existing directory', given: 'mkdir /data', want: { stderr: "mkdir: can't create directory '/data': File exists\n", code: 1 } },
  { name: 'mkdir reports a missing parent without -p', given: 'mkdir /x/y', want: { stderr: "mkdir: can't create directory '/x/y': No such file or directory\n", code: 1 } },
  { name: 'mkdir -p creates parents and accepts existing ones', given: 'mkdir -p /x/y /data && ls /x', want: { stdout: 'y\n' } },
  { name: 'rm removes a file', given: 'rm /data/a.txt && ls /data', want: { stdout: 'sub\n' } },
  { name: 'rm refuses a directory without -r', given: 'rm /data', want: { stderr: "rm: '/data' is a directory\n", code: 1 } },
  { name: 'rm reports a missing file', given: 'rm /nope', want: { stderr: "rm: can't stat '/nope': No such file or directory\n", code: 1 } },
  { name: 'rm -f ignores a missing file', given: 'rm -f /nope', want: {} },
  { name: 'rm -rf removes a tree', given: 'rm -rf /data && ls /data', want: { stderr: 'ls: /data: No such file or directory\n', code: 1 } },
  { name: 'rm cannot remove from a read-only volume', given: 'rm /secret/username', want: { stderr: "rm: can't remove '/secret/username': Read-only file system\n", code: 1 } },
  { name: 'cp copies a file into a directory', given: 'cp /data/a.txt /tmp && cat /tmp/a.txt', want: { stdout: 'alpha\nbeta\n' } },
  { name: 'cp omits a directory without -r', given: 'cp /data /tmp/d', want: { stderr: "cp: omitting directory '/data'\n", code: 1 } },
  { name: 'cp -r copies a tree', given: 'cp -r /data /tmp/copy && cat /tmp/copy/sub/b.txt', want: { stdout: 'b\n' } },
  { name: 'cp reports a missing source', given: 'cp /nope /tmp', want: { stderr: "cp: can't stat '/nope': No such file or directory\n", code: 1 } },
  { name: 'mv renames a file', given: 'mv /data/a.txt /data/z.txt && ls /data', want: { stdout: 'sub\nz.txt\n' } },
  { name: 'mv moves into a directory', given: 'mv /data/a.txt /tmp && ls /tmp', want: { stdout: 'a.txt\n' } },
  { name: 'mv reports a missing source', given: 'mv /nope /tmp', want: { stderr: "mv: can't rename '/nope': No such file or directory\n", code: 1 } },
];

describe('file programs', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(['sh', '-c', c.given]), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }
});

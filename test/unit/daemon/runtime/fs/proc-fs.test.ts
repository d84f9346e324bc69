import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podPidNamespace, ProcessTable } from '../../../../../daemon/runtime/fs/proc-fs.js';
import { VfsError } from '../../../../../daemon/runtime/fs/vfs.js';

describe('ProcessTable', () => {
  it('numbers processes from 1 and lists them as /proc directories', () => {
    const table = new ProcessTable();
    assert.equal(table.add(['nginx', '-g', 'daemon off;'], 1000), 1);
    assert.equal(table.add(['sh'], 2000, 1), 2);
    assert.deepEqual(table.readdir('/'), ['1', '2']);
    assert.deepEqual(table.readdir('/1'), ['cmdline', 'comm', 'status']);
  });

  it('writes cmdline with NUL separators and status with the parent', () => {
    const table = new ProcessTable();
    table.add(['/bin/sh', '-c', 'sleep 1'], 0);
    const child = table.add(['sleep', '1'], 0, 1);
    assert.equal(table.readFile('/1/cmdline'), '/bin/sh\0-c\0sleep 1\0');
    assert.equal(table.readFile('/1/comm'), 'sh\n');
    assert.equal(table.readFile(`/${child}/status`), 'Name:\tsleep\nState:\tS (sleeping)\nPid:\t2\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n');
  });

  it('forgets a process that ended', () => {
    const table = new ProcessTable();
    const pid = table.add(['sleep', '1'], 0);
    table.remove(pid);
    assert.deepEqual(table.readdir('/'), []);
    assert.equal(table.stat(`/${pid}`), undefined);
    assert.throws(() => table.readFile(`/${pid}/cmdline`), (e: VfsError) => e.code === 'ENOENT');
  });

  it('refuses writes with EACCES', () => {
    const table = new ProcessTable();
    table.add(['sh'], 0);
    assert.throws(() => table.writeFile('/1/comm'), (e: VfsError) => e.code === 'EACCES');
    assert.throws(() => table.unlink('/1/comm'), (e: VfsError) => e.code === 'EACCES');
  });
});

describe('podPidNamespace', () => {
  it('starts with the sandbox\'s /pause as PID 1, run by 65535; the containers\' processes follow', () => {
    const table = podPidNamespace(0);
    assert.equal(table.add(['nginx'], 0), 2);
    assert.equal(table.readFile('/1/cmdline'), '/pause\0');
    assert.match(table.readFile('/1/status'), /^Uid:\t65535\t65535\t65535\t65535$/m);
    assert.match(table.readFile('/2/status'), /^Uid:\t0\t0\t0\t0$/m);
  });

  it('routes kill(2) to the runtime that registered the PID; ESRCH for a PID it does not have', () => {
    const table = podPidNamespace(0);
    const pid = table.add(['nginx'], 0);
    const got: string[] = [];
    table.onSignal(pid, (signal) => got.push(signal));
    assert.equal(table.signal(pid, 'SIGTERM'), true);
    assert.equal(table.signal(1, 'SIGTERM'), true, '/pause takes it');
    assert.equal(table.signal(42, 'SIGTERM'), false);
    table.remove(pid);
    assert.equal(table.signal(pid, 'SIGKILL'), false);
    assert.deepEqual(got, ['SIGTERM']);
  });
});

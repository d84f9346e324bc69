import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreutilsPrograms } from '../../../../../daemon/runtime/shell/coreutils.js';

describe('coreutilsPrograms', () => {
  it('provides every binary the labs and the image catalog need', () => {
    assert.deepEqual([...coreutilsPrograms.keys()].sort(), [
      '[', 'ash', 'basename', 'bash', 'cat', 'cp', 'curl', 'cut', 'date', 'dirname', 'echo', 'env', 'exit', 'false', 'getent', 'git', 'grep', 'head', 'hostname', 'id', 'kill',
      'ls', 'mkdir', 'mv', 'nslookup', 'ping', 'printenv', 'printf', 'ps', 'pwd', 'rm', 'seq', 'sh', 'sleep', 'sort', 'stty', 'tail', 'tar', 'tee', 'test', 'touch', 'tr', 'true', 'tty', 'uname', 'uniq', 'wc',
      'wget', 'which', 'whoami',
    ]);
  });

  it('maps sh, ash and bash to the same shell', () => {
    assert.equal(coreutilsPrograms.get('sh'), coreutilsPrograms.get('ash'));
    assert.equal(coreutilsPrograms.get('sh'), coreutilsPrograms.get('bash'));
  });
});

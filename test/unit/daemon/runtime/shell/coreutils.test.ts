import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreutilsPrograms } from '../../../../../daemon/runtime/shell/coreutils.js';

describe('coreutilsPrograms', () => {
  it('provides every binary the labs and the image catalog need', () => {
    assert.deepEqual([...coreutilsPrograms.keys()].sort(), [
      '[', 'ash', 'bash', 'cat', 'cp', 'curl', 'date', 'echo', 'env', 'exit', 'false', 'git', 'grep', 'head', 'hostname', 'id',
      'ls', 'mkdir', 'mv', 'nslookup', 'printenv', 'printf', 'ps', 'pwd', 'rm', 'sh', 'sleep', 'stty', 'tail', 'tar', 'test', 'touch', 'true', 'tty', 'uname', 'wc',
      'wget', 'which', 'whoami',
    ]);
  });

  it('maps sh, ash and bash to the same shell', () => {
    assert.equal(coreutilsPrograms.get('sh'), coreutilsPrograms.get('ash'));
    assert.equal(coreutilsPrograms.get('sh'), coreutilsPrograms.get('bash'));
  });
});

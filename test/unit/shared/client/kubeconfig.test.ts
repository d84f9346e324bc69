// Reading kubeconfig files: the named context, else the current one, inline or file CA and token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig } from '../../../../shared/client/kubeconfig.js';

const config = `apiVersion: v1
kind: Config
clusters:
- name: kubelab
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${Buffer.from('PEM-A').toString('base64')}
- name: other
  cluster:
    server: https://10.0.0.1:443
    certificate-authority: ca.crt
users:
- name: kubelab
  user:
    token: abc123
- name: other
  user:
    tokenFile: token.txt
contexts:
- name: kubelab
  context:
    cluster: kubelab
    user: kubelab
    namespace: default
- name: other
  context:
    cluster: other
    user: other
current-context: other
`;

test('kubeconfig', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-kubeconfig-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'config');
  writeFileSync(path, config);
  writeFileSync(join(dir, 'ca.crt'), 'PEM-B');
  writeFileSync(join(dir, 'token.txt'), 'from-file\n');

  await t.test('the current context by default, with files relative to the kubeconfig', () => {
    assert.deepEqual(loadKubeconfig(path), { context: 'other', cluster: 'other', user: 'other', namespace: 'default', server: 'https://10.0.0.1:443', token: 'from-file', ca: 'PEM-B' });
  });

  await t.test('a named context with inline CA data and token', () => {
    const target = loadKubeconfig(path, { context: 'kubelab' });
    assert.equal(target.server, 'https://127.0.0.1:6443');
    assert.equal(target.ca, 'PEM-A');
    assert.equal(target.token, 'abc123');
  });

  await t.test('a context that does not exist is a one-line error naming it', () => {
    assert.throws(() => loadKubeconfig(path, { context: 'nope' }), { message: `kubeconfig ${path}: no context named "nope"` });
  });
});

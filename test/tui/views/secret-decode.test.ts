import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { startApi } from '../../helpers/api.js';
import { SecretDecodeView } from '../../../tui/views/secret-decode.js';
import { fitsIn, frameLines, frameMatching, viewProps } from './view-harness.js';

const secrets = { group: '', version: 'v1', resource: 'secrets' };

test('SecretDecodeView prints the Secret\'s data decoded, follows its changes, esc goes back', async (t) => {
  const api = await startApi(t);
  await api.client.create(secrets, 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { username: 'admin', password: 'hunter2' }, data: { key: Buffer.from([0xff, 0x00, 0x10]).toString('base64') } });
  const props = viewProps(api.client, { width: 60, height: 10 });
  const view = render(createElement(SecretDecodeView, { ...props, target: { ref: secrets, namespace: 'default', name: 'creds' } }));
  t.after(() => view.unmount());

  const frame = await frameMatching(view.lastFrame, (f) => f.includes('password: hunter2'), 'the decoded data');
  assert.deepEqual(frameLines(frame), [
    'decode default/creds (values in plain text)',
    'key: <binary 3 bytes>',
    'password: hunter2',
    'username: admin',
  ]);
  assert.ok(fitsIn(frame, 60, 10));
  assert.deepEqual(props.hints.at(-1)?.map(([key]) => key), ['j/k', 'g/G', 'ctrl-f/b', 'esc']);

  await api.client.patch(secrets, 'default', 'creds', 'merge', { data: { password: Buffer.from('changed').toString('base64') } });
  await frameMatching(view.lastFrame, (f) => f.includes('password: changed'), 'the changed value');

  view.stdin.write('\x1b');
  await frameMatching(() => String(props.backs), (n) => n === '1', 'esc to call back()');
});

test('SecretDecodeView shows kubectl NotFound for a missing Secret and flashes it', async (t) => {
  const api = await startApi(t);
  const props = viewProps(api.client);
  const view = render(createElement(SecretDecodeView, { ...props, target: { ref: secrets, namespace: 'default', name: 'nope' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, (f) => f.includes('Error from server (NotFound): secrets "nope" not found'), 'the NotFound line');
  assert.deepEqual(props.flashes.at(-1), ['Error from server (NotFound): secrets "nope" not found', 'error']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { startApi } from '../../helpers/api.js';
import { YamlView } from '../../../tui/views/yaml.js';
import { fitsIn, frameMatching, viewProps } from './view-harness.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };

test('YamlView prints the object as kubectl get -o yaml does and follows its changes', async (t) => {
  const api = await startApi(t);
  await api.client.create(configMaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { enabled: 'true', color: 'blue' } });
  const props = viewProps(api.client, { width: 60, height: 14 });
  const view = render(createElement(YamlView, { ...props, target: { ref: configMaps, namespace: 'default', name: 'settings' } }));
  t.after(() => view.unmount());

  const frame = await frameMatching(view.lastFrame, (f) => f.includes('kind: ConfigMap'), 'the YAML');
  const lines = frame.split('\n');
  assert.equal(lines[0], 'yaml default/settings');
  assert.deepEqual(lines.slice(1, 5), ['apiVersion: v1', 'data:', '  color: blue', '  enabled: "true"']);
  assert.ok(lines.includes('  name: settings'), frame);
  assert.ok(lines.some((l) => /^  creationTimestamp: "2026-01-01T00:00:00Z"$/.test(l)), frame);
  assert.ok(!frame.includes('managedFields'), 'managedFields hidden by default');
  assert.ok(fitsIn(frame, 60, 14));
  assert.deepEqual(props.hints.at(-1)?.map(([key]) => key), ['j/k', 'g/G', 'ctrl-f/b', 'm', 'esc']);

  await api.client.patch(configMaps, 'default', 'settings', 'merge', { data: { color: 'green' } });
  await frameMatching(view.lastFrame, (f) => f.includes('  color: green'), 'the changed value');

  view.stdin.write('\x1b');
  await frameMatching(() => String(props.backs), (n) => n === '1', 'esc to call back()');
});

test('YamlView shows kubectl NotFound for a missing object and flashes it', async (t) => {
  const api = await startApi(t);
  const props = viewProps(api.client);
  const view = render(createElement(YamlView, { ...props, target: { ref: configMaps, namespace: 'default', name: 'nope' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, (f) => f.includes('Error from server (NotFound): configmaps "nope" not found'), 'the NotFound line');
  assert.deepEqual(props.flashes.at(-1), ['Error from server (NotFound): configmaps "nope" not found', 'error']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { ManualClock } from '../../../shared/clock.js';
import { startApi } from '../../helpers/api.js';
import { DescribeView } from '../../../tui/views/describe.js';
import { fitsIn, frameLines, frameMatching, viewProps } from './view-harness.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };

test('DescribeView shows kubectl describe text, follows changes and scrolls', async (t) => {
  const api = await startApi(t);
  await api.client.create(configMaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { app: 'web' } }, data: { color: 'blue' } });
  const props = viewProps(api.client, { width: 60, height: 8 });
  // A clock that never moves: the refresh throttle fires at once for the first change only after a step.
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const view = render(createElement(DescribeView, { ...props, clock, target: { ref: configMaps, namespace: 'default', name: 'settings' } }));
  t.after(() => view.unmount());
  const frame = await frameMatching(view.lastFrame, (f) => f.includes('Name:'), 'the describe text');
  assert.deepEqual(frameLines(frame).slice(0, 4), ['describe default/settings', 'Name:         settings', 'Namespace:    default', 'Labels:       app=web']);
  assert.ok(fitsIn(frame, 60, 8));

  view.stdin.write('G');
  await frameMatching(view.lastFrame, (f) => !f.includes('Name:'), 'scrolled to the bottom');
  view.stdin.write('g');
  await frameMatching(view.lastFrame, (f) => f.includes('Name:'), 'back at the top');

  await api.client.patch(configMaps, 'default', 'settings', 'merge', { metadata: { labels: { app: 'api' } } });
  clock.step(1000);
  await frameMatching(view.lastFrame, (f) => f.includes('Labels:       app=api'), 'the new label');
  assert.deepEqual(props.hints.at(-1)?.map(([key]) => key), ['j/k', 'g/G', 'ctrl-f/b', 'esc']);
});

test('DescribeView shows the NotFound error as kubectl prints it', async (t) => {
  const api = await startApi(t);
  const props = viewProps(api.client);
  const view = render(createElement(DescribeView, { ...props, target: { ref: { group: 'apps', version: 'v1', resource: 'deployments' }, namespace: 'default', name: 'nope' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, (f) => f.includes('Error from server (NotFound): deployments.apps "nope" not found'), 'NotFound');
  assert.deepEqual(props.flashes.at(-1), ['Error from server (NotFound): deployments.apps "nope" not found', 'error']);
});

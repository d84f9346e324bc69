import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { startApi } from '../../helpers/api.js';
import { XrayView } from '../../../tui/views/xray.js';
import { frameLines, frameMatching, viewProps } from './view-harness.js';

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const replicaSets = { group: 'apps', version: 'v1', resource: 'replicasets' };
const pods = { group: '', version: 'v1', resource: 'pods' };

test('XrayView shows Deployment → ReplicaSet → Pod → container and describes the selection', async (t) => {
  const api = await startApi(t);
  const labels = { app: 'web' };
  const template = { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
  const deployment = await api.client.create(deployments, 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: labels }, template } });
  const owner = (kind: string, obj: { metadata: { name?: string; uid?: string } }) => [{ apiVersion: 'apps/v1', kind, name: obj.metadata.name!, uid: obj.metadata.uid!, controller: true }];
  const rs = await api.client.create(replicaSets, 'default', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f', labels, ownerReferences: owner('Deployment', deployment) }, spec: { replicas: 1, selector: { matchLabels: labels }, template } });
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-5d8f-abcde', labels, ownerReferences: owner('ReplicaSet', rs) }, spec: template.spec });

  const props = viewProps(api.client, { width: 70, height: 10 });
  const view = render(createElement(XrayView, { ...props, ref: deployments, namespace: 'default' }));
  t.after(() => view.unmount());
  const frame = await frameMatching(view.lastFrame, (f) => f.includes('Container app'), 'the tree');
  assert.deepEqual(frameLines(frame), [
    'xray deployments in default',
    'Deployment web  0/1',
    '└─ ReplicaSet web-5d8f  0/1',
    '   └─ Pod web-5d8f-abcde  Pending 0/1',
    '      └─ Container app  nginx waiting',
  ]);
  view.stdin.write('j');
  view.stdin.write('j');
  await new Promise<void>((resolve) => setImmediate(resolve));
  view.stdin.write('\r');
  await frameMatching(view.lastFrame, (f) => f.startsWith('describe default/web-5d8f-abcde'), 'the pod described');
  view.stdin.write('\x1b');
  await frameMatching(view.lastFrame, (f) => f.startsWith('xray deployments'), 'back to the tree');
  assert.equal(props.backs, 0);
});

test('XrayView says when there is nothing, and flashes an unknown kind', async (t) => {
  const api = await startApi(t);
  const props = viewProps(api.client);
  const view = render(createElement(XrayView, { ...props, ref: deployments, namespace: 'empty' }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, (f) => f.includes('No resources found in empty namespace.'), 'the empty tree');
  const other = render(createElement(XrayView, { ...props, ref: { group: '', version: 'v1', resource: 'configmaps' } }));
  t.after(() => other.unmount());
  await frameMatching(() => props.flashes.map(([m]) => m).join('\n'), (f) => f.includes('xray does not know configmaps'), 'the flash');
});

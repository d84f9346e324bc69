import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import type { KubeObject } from '../../../shared/api/meta.js';
import { startApi } from '../../helpers/api.js';
import { ClusterMapView } from '../../../tui/views/cluster-map.js';
import { fitsIn, frameLines, frameMatching, viewProps } from './view-harness.js';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };

function nodeObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } };
}

function podObject(name: string, nodeName?: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '500m', memory: '1Gi' } } }] } };
}

test('ClusterMapView draws the nodes with their pods and shows a pod moving', async (t) => {
  const api = await startApi(t);
  await api.client.create(nodes, undefined, nodeObject('node1'));
  await api.client.create(nodes, undefined, nodeObject('node2'));
  await api.client.create(pods, 'default', podObject('web-1', 'node1'));
  const props = viewProps(api.client, { width: 80, height: 9 });
  const view = render(createElement(ClusterMapView, props));
  t.after(() => view.unmount());

  let frame = await frameMatching(view.lastFrame, (f) => f.includes('web-1'), 'the map');
  assert.deepEqual(frameLines(frame), [
    '● Running ● Pending ● Failing ● Terminating ● Completed  2 nodes, 1 pod',
    '┌─ node1 Ready ────────────────────────┐ ┌─ node2 Ready ───────────────────────┐',
    '│ taints <none>                        │ │ taints <none>                       │',
    '│ cpu █████░░░░░░░░░░░░░ 500m/2 (25%)  │ │ cpu ░░░░░░░░░░░░░░░░░░░░ 0/2 (0%)   │',
    '│ mem █████░░░░░░░░░░░░░ 1Gi/4Gi (25%) │ │ mem ░░░░░░░░░░░░░░░░░░░░ 0/4Gi (0%) │',
    '│ ● web-1                              │ │ no pods                             │',
    '│                                      │ │                                     │',
    '│                                      │ │                                     │',
    '└─ 1 pod ──────────────────────────────┘ └─ 0 pods ────────────────────────────┘',
  ]);
  assert.ok(fitsIn(frame, 80, 9));

  // The pod is replaced on the other node (what the learner sees after a node dies).
  await api.client.delete(pods, 'default', 'web-1', { gracePeriodSeconds: 0 });
  await api.client.create(pods, 'default', podObject('web-2', 'node2'));
  frame = await frameMatching(view.lastFrame, (f) => f.includes('web-2') && !f.includes('web-1'), 'the pod on node2');
  assert.equal(frameLines(frame)[5], '│ no pods                              │ │ ● web-2                             │');

  view.rerender(createElement(ClusterMapView, { ...props, width: 40, height: 6 }));
  frame = await frameMatching(view.lastFrame, (f) => frameLines(f).length <= 6 && !f.includes('node2'), 'the narrow map');
  assert.ok(fitsIn(frame, 40, 6), frame);
  view.stdin.write('j');
  await frameMatching(view.lastFrame, (f) => f.includes('node2'), 'scrolled to node2');
});

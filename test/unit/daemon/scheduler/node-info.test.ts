import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { NodeInfo } from '../../../../daemon/scheduler/node-info.js';
import { podInfoOf, type PodInfo } from '../../../../daemon/scheduler/pod-info.js';

const pod = (name: string, app: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: name, labels: { app }, ...extra },
  spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'pause' }] },
  status: {},
});

test('countPods follows pods as they come, change and go', () => {
  const node = new NodeInfo('node1');
  const web = ({ pod: p }: PodInfo): boolean => !p.metadata.deletionTimestamp && p.metadata.labels?.app === 'web';
  node.addPod(podInfoOf(pod('a', 'web')));
  node.addPod(podInfoOf(pod('b', 'db')));
  assert.equal(node.countPods('web', web), 1);
  node.addPod(podInfoOf(pod('c', 'web')));
  assert.equal(node.countPods('web', web), 2);
  // An update replaces the pod: terminating pods no longer count.
  node.addPod(podInfoOf(pod('c', 'web', { deletionTimestamp: '2026-01-01T00:00:00Z' })));
  assert.equal(node.countPods('web', web), 1);
  node.removePod(podInfoOf(pod('a', 'web')).key);
  assert.equal(node.countPods('web', web), 0);
  assert.equal(node.clone().countPods('web', web), 0);
});

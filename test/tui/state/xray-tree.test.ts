import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import { buildXrayTree, flattenXray } from '../../../tui/state/xray-tree.js';
import { pod } from './fixtures.js';

const now = Date.UTC(2026, 0, 1, 0, 1);
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

function owned(kind: string, name: string, owner: string | undefined, extra: Partial<KubeObject>): KubeObject {
  const ownerReferences = owner ? [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner, uid: `uid-${owner}`, controller: true }] : undefined;
  return { apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences }, ...extra };
}

test('buildXrayTree nests ReplicaSets and Pods under their Deployment with glyphs and statuses', () => {
  const deployment = owned('Deployment', 'web', undefined, { spec: { replicas: 2 }, status: { readyReplicas: 1 } });
  const current = owned('ReplicaSet', 'web-abc', 'web', { spec: { replicas: 2 }, status: { readyReplicas: 1 } });
  const old = owned('ReplicaSet', 'web-old', 'web', { spec: { replicas: 0 }, status: {} });
  const pods = [pod('web-abc-1', 'node1', 'running', {}, 'web-abc'), pod('web-abc-2', 'node1', 'crash', {}, 'web-abc'), pod('stray', 'node1')];
  const tree = buildXrayTree(deployments, [deployment], [[old, current], pods], ['Deployment', 'ReplicaSet', 'Pod'], now);
  const lines = flattenXray(tree).map((l) => `${l.prefix}${l.item.kind} ${l.item.name}  ${l.item.status}`);
  assert.deepEqual(lines, [
    'Deployment web  1/2',
    '├─ ReplicaSet web-abc  1/2',
    '│  ├─ Pod web-abc-1  Running 1/1',
    '│  │  └─ Container app  nginx running',
    '│  └─ Pod web-abc-2  CrashLoopBackOff 0/1',
    '│     └─ Container app  nginx waiting: CrashLoopBackOff',
    '└─ ReplicaSet web-old  0/0',
  ]);
  const flat = flattenXray(tree);
  assert.deepEqual(flat.map((l) => l.item.color), ['yellow', 'yellow', 'green', 'green', 'red', 'red', 'green']);
  assert.deepEqual(flat[3]!.item.target, { ref: { group: '', version: 'v1', resource: 'pods' }, namespace: 'default', name: 'web-abc-1' });
  assert.deepEqual(flat[1]!.item.target.ref, { group: 'apps', version: 'v1', resource: 'replicasets' });
});

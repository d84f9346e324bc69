import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { completeRollingUpdate, newVersionedStatefulSetPod, parentAndOrdinal, statusForApi, storageMatches, type StatefulSetStatus } from '../../../../daemon/controllers/statefulset-pods.js';

function set(image: string, partition: number): KubeObject {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image }], volumes: [{ name: 'www', emptyDir: {} }, { name: 'conf', emptyDir: {} }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: {} }],
    },
  };
}

const names: { name: string; given: string; want: { parent: string; ordinal: number } }[] = [
  { name: 'reads the ordinal after the last dash', given: 'my-web-12', want: { parent: 'my-web', ordinal: 12 } },
  { name: 'gives -1 without a numeric suffix', given: 'web-abc', want: { parent: '', ordinal: -1 } },
  { name: 'gives -1 for an ordinal beyond int32', given: 'web-9999999999', want: { parent: 'web', ordinal: -1 } },
];

for (const { name, given, want } of names) {
  test(`parentAndOrdinal ${name}`, () => assert.deepEqual(parentAndOrdinal({ metadata: { name: given } }), want));
}

test('ordinals below the partition are built from the current revision, the rest from the update', () => {
  const current = set('nginx:1', 2);
  const update = set('nginx:2', 2);
  const low = newVersionedStatefulSetPod(current, update, 'web-old', 'web-new', 1);
  const high = newVersionedStatefulSetPod(current, update, 'web-old', 'web-new', 2);
  assert.deepEqual([low.spec.containers[0].image, low.metadata.labels!['controller-revision-hash']], ['nginx:1', 'web-old']);
  assert.deepEqual([high.spec.containers[0].image, high.metadata.labels!['controller-revision-hash']], ['nginx:2', 'web-new']);
  // The claim replaces the template's volume of the same name; the others stay.
  assert.deepEqual(high.spec.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-2' } }, { name: 'conf', emptyDir: {} }]);
  assert.ok(storageMatches(update, high));
});

test('a finished rolling update makes the update revision current', () => {
  const status: StatefulSetStatus = { replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 1, currentRevision: 'a', updateRevision: 'b', availableReplicas: 3, collisionCount: 0 };
  completeRollingUpdate(set('x', 0), status);
  assert.deepEqual([status.currentRevision, status.currentReplicas], ['b', 3]);
});

test('the status leaves out zero counts as omitempty does, in field order', () => {
  assert.deepEqual(statusForApi({ replicas: 0, availableReplicas: 0, readyReplicas: 0, currentRevision: 'web-1', updateRevision: 'web-1', collisionCount: 0, observedGeneration: 1 }), {
    observedGeneration: 1,
    replicas: 0,
    currentRevision: 'web-1',
    updateRevision: 'web-1',
    collisionCount: 0,
    availableReplicas: 0,
  });
});

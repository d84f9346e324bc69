import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statefulSetStrategy } from '../../../../../daemon/apiserver/registry/statefulsets.js';
import { create, update } from './run-strategy.js';

function statefulSet(spec: object = {}, name = 'web'): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

describe('StatefulSet', () => {
  it('fills the apps/v1 defaults and the claim template defaults', () => {
    const { obj, errors } = create(statefulSetStrategy, statefulSet());
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(obj.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.deepEqual(obj.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.equal(obj.spec.replicas, 1);
    assert.equal(obj.spec.revisionHistoryLimit, 10);
    assert.deepEqual(obj.spec.volumeClaimTemplates[0], {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'www', creationTimestamp: null },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    assert.deepEqual(obj.status, { replicas: 0, availableReplicas: 0 });
  });

  it('names must be DNS labels', () => {
    assert.deepEqual(create(statefulSetStrategy, statefulSet({}, 'web.v1')).errors, ['metadata.name: Invalid value: "web.v1": must not contain dots']);
  });

  it('requires a selector and reports the template mismatch', () => {
    assert.deepEqual(create(statefulSetStrategy, statefulSet({ selector: undefined })).errors, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    ]);
  });

  it('forbids changing fields other than the mutable ones', () => {
    const stored = create(statefulSetStrategy, statefulSet()).obj;
    assert.deepEqual(update(statefulSetStrategy, stored, (o) => (o.spec.replicas = 3)).errors, []);
    assert.deepEqual(update(statefulSetStrategy, stored, (o) => (o.spec.serviceName = 'other')).errors, [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicationControllerStrategy } from '../../../../../daemon/apiserver/registry/replicationcontrollers.js';
import { create } from './run-strategy.js';

const rc = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'myweb-rc' },
  spec: { template: { metadata: { labels: { app: 'myweb' } }, spec: { containers: [{ name: 'myweb', image: 'ghcr.io/c1t1d0s7/go-myweb' }] } } },
};

describe('ReplicationController', () => {
  it('takes its selector, labels and replicas from defaults', () => {
    const { obj, errors } = create(replicationControllerStrategy, rc);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec.selector, { app: 'myweb' });
    assert.deepEqual(obj.metadata.labels, { app: 'myweb' });
    assert.equal(obj.spec.replicas, 1);
    assert.deepEqual(obj.status, { replicas: 0 });
  });

  it('rejects a selector that does not match the template', () => {
    const given = { ...rc, spec: { ...rc.spec, selector: { app: 'other' } } };
    assert.deepEqual(create(replicationControllerStrategy, given).errors, [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"myweb"}: `selector` does not match template `labels`',
    ]);
  });

  it('requires a selector when the template has no labels', () => {
    const given = { ...rc, spec: { template: { spec: rc.spec.template.spec } } };
    assert.deepEqual(create(replicationControllerStrategy, given).errors, ['spec.selector: Required value']);
  });
});

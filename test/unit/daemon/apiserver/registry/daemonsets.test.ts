import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daemonSetStrategy } from '../../../../../daemon/apiserver/registry/daemonsets.js';
import { create, update } from './run-strategy.js';

function daemonSet(spec: object = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox' }] } }, ...spec },
  };
}

describe('DaemonSet', () => {
  it('defaults to RollingUpdate with maxUnavailable 1 and maxSurge 0 and starts the template generation', () => {
    const { obj, errors } = create(daemonSetStrategy, daemonSet());
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(obj.spec.revisionHistoryLimit, 10);
    assert.equal(obj.metadata.annotations?.['deprecated.daemonset.template.generation'], '1');
    assert.deepEqual(obj.status, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  it('reports only the template mismatch when the selector is missing', () => {
    assert.deepEqual(create(daemonSetStrategy, daemonSet({ selector: undefined })).errors, [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`',
    ]);
  });

  it('rejects an empty selector', () => {
    assert.deepEqual(create(daemonSetStrategy, daemonSet({ selector: { matchLabels: {} } })).errors, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
    ]);
  });

  it('bumps the template generation with the template only', () => {
    const stored = create(daemonSetStrategy, daemonSet()).obj;
    const changed = update(daemonSetStrategy, stored, (o) => (o.spec.template.spec.containers[0].image = 'busybox:1.36')).obj;
    assert.equal(changed.metadata.annotations?.['deprecated.daemonset.template.generation'], '2');
    assert.equal(changed.metadata.generation, 2);
    const other = update(daemonSetStrategy, stored, (o) => (o.spec.minReadySeconds = 5)).obj;
    assert.equal(other.metadata.annotations?.['deprecated.daemonset.template.generation'], '1');
    assert.equal(other.metadata.generation, 2);
  });
});

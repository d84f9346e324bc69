import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentStrategy } from '../../../../../daemon/apiserver/registry/deployments.js';
import { create, update } from './run-strategy.js';

function deployment(spec: object = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'mynginx' },
    spec: { selector: { matchLabels: { app: 'mynginx' } }, template: { metadata: { labels: { app: 'mynginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14' }] } }, ...spec },
  };
}

describe('Deployment defaults', () => {
  it('fills replicas, the 25%/25% rolling update, history and progress deadline, and template defaults', () => {
    const { obj, errors } = create(deploymentStrategy, deployment());
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.replicas, 1);
    assert.deepEqual(obj.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(obj.spec.revisionHistoryLimit, 10);
    assert.equal(obj.spec.progressDeadlineSeconds, 600);
    assert.deepEqual(obj.spec.template.metadata, { labels: { app: 'mynginx' }, creationTimestamp: null });
    assert.deepEqual(obj.spec.template.spec, {
      containers: [{ name: 'nginx', image: 'nginx:1.14', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
    assert.equal(obj.metadata.generation, 1);
    assert.deepEqual(obj.status, {});
  });

  it('leaves rollingUpdate out for Recreate (kubectl create sends `strategy: {}`, which becomes RollingUpdate)', () => {
    assert.deepEqual(create(deploymentStrategy, deployment({ strategy: { type: 'Recreate' } })).obj.spec.strategy, { type: 'Recreate' });
    assert.equal(create(deploymentStrategy, deployment({ strategy: {} })).obj.spec.strategy.type, 'RollingUpdate');
  });
});

describe('Deployment validation', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    {
      name: 'requires a selector and reports the template mismatch too',
      given: deployment({ selector: undefined }),
      want: ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"mynginx"}: `selector` does not match template `labels`'],
    },
    { name: 'rejects negative replicas', given: deployment({ replicas: -2 }), want: ['spec.replicas: Invalid value: -2: must be greater than or equal to 0'] },
    {
      name: 'rejects a strategy with both values zero',
      given: deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
      want: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0'],
    },
    {
      name: 'rejects rollingUpdate with Recreate',
      given: deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
      want: ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    },
    {
      name: 'rejects a progress deadline not above minReadySeconds',
      given: deployment({ minReadySeconds: 30, progressDeadlineSeconds: 10 }),
      want: ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds'],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(deploymentStrategy, given).errors, want));
});

describe('Deployment updates', () => {
  const stored = create(deploymentStrategy, deployment()).obj;

  it('bumps the generation on a spec change and on an annotation change', () => {
    assert.equal(update(deploymentStrategy, stored, (o) => (o.spec.replicas = 4)).obj.metadata.generation, 2);
    assert.equal(update(deploymentStrategy, stored, (o) => (o.metadata.annotations = { 'kubernetes.io/change-cause': 'x' })).obj.metadata.generation, 2);
    assert.equal(update(deploymentStrategy, stored, (o) => (o.metadata.labels = { a: 'b' })).obj.metadata.generation, 1);
  });

  it('keeps the stored status', () => {
    const withStatus = { ...stored, status: { replicas: 1 } };
    assert.deepEqual(update(deploymentStrategy, withStatus, (o) => (o.status = { replicas: 9 })).obj.status, { replicas: 1 });
  });

  it('refuses a selector change in apps/v1', () => {
    const { errors } = update(deploymentStrategy, stored, (o) => {
      o.spec.selector.matchLabels = { app: 'nginx2' };
      o.spec.template.metadata.labels = { app: 'nginx2' };
    });
    assert.deepEqual(errors, ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { equalIgnoreHash, findActiveOrLatest, newReplicaSetReplicas, proportionFor, resolveFenceposts } from '../../../../../daemon/controllers/deployment/replica-sets.js';

function deployment(replicas: number, maxSurge: number | string, maxUnavailable: number | string): KubeObject {
  return { metadata: { name: 'd' }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } } };
}

function rs(name: string, replicas: number, created: string, annotations: Record<string, string> = {}): KubeObject {
  return { metadata: { name, uid: name, creationTimestamp: created, annotations }, spec: { replicas } };
}

test('maxSurge rounds up and maxUnavailable rounds down, never both zero', () => {
  const cases = [
    { name: '25% of 4 is one of each', given: deployment(4, '25%', '25%'), want: { surge: 1, unavailable: 1 } },
    { name: '25% of 1 surges one pod and keeps the one running', given: deployment(1, '25%', '25%'), want: { surge: 1, unavailable: 0 } },
    { name: '25% of 10 surges 3 and lets 2 go', given: deployment(10, '25%', '25%'), want: { surge: 3, unavailable: 2 } },
    { name: 'zero surge with a percentage that rounds to zero allows one unavailable', given: deployment(3, 0, '10%'), want: { surge: 0, unavailable: 1 } },
    { name: 'plain numbers are taken as they are', given: deployment(5, 2, 0), want: { surge: 2, unavailable: 0 } },
  ];
  for (const c of cases) assert.deepEqual(resolveFenceposts(c.given), c.want, c.name);
});

test('the new ReplicaSet grows only as far as maxSurge allows', () => {
  const d = deployment(4, '25%', '25%');
  const cases = [
    { name: 'a first rollout starts at full size', given: { old: [], current: 0 }, want: 4 },
    { name: 'a rollout over 4 old pods adds one', given: { old: [rs('old', 4, '2026-01-01T00:00:00Z')], current: 0 }, want: 1 },
    { name: 'at replicas + maxSurge nothing more is added', given: { old: [rs('old', 4, '2026-01-01T00:00:00Z')], current: 1 }, want: 1 },
    { name: 'as old pods go, the new RS takes their place', given: { old: [rs('old', 1, '2026-01-01T00:00:00Z')], current: 2 }, want: 4 },
  ];
  for (const c of cases) {
    const next = rs('new', c.given.current, '2026-01-02T00:00:00Z');
    assert.equal(newReplicaSetReplicas(d, [...c.given.old, next], next), c.want, c.name);
  }
});

test('scaling shares replicas in proportion to the size each ReplicaSet was made for', () => {
  const d = deployment(8, '25%', '25%');
  const old = rs('old', 3, '2026-01-01T00:00:00Z', { 'deployment.kubernetes.io/max-replicas': '5' });
  const next = rs('new', 2, '2026-01-02T00:00:00Z', { 'deployment.kubernetes.io/max-replicas': '5' });
  assert.equal(proportionFor(old, d, 5, 0), 3);
  assert.equal(proportionFor(next, d, 5, 3), 2);
  assert.equal(proportionFor(next, d, 5, 5), 0, 'nothing left to add');
});

test('finds the only active ReplicaSet, or the newest when none is active', () => {
  const a = rs('a', 0, '2026-01-01T00:00:00Z');
  const b = rs('b', 0, '2026-01-02T00:00:00Z');
  const c = rs('c', 2, '2026-01-03T00:00:00Z');
  assert.equal(findActiveOrLatest(undefined, [a, b])?.metadata.name, 'b');
  assert.equal(findActiveOrLatest(a, [c, b])?.metadata.name, 'c');
  assert.equal(findActiveOrLatest(c, [rs('d', 1, '2026-01-04T00:00:00Z')]), undefined, 'two active: a rollout is under way');
});

test('templates that differ only in pod-template-hash or in empty fields are equal', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  const withHash = { metadata: { labels: { app: 'web', 'pod-template-hash': '5d4f8c9b7' }, annotations: {} }, spec: { containers: [{ name: 'web', image: 'nginx', args: [] }] } };
  assert.ok(equalIgnoreHash(template, withHash));
  assert.ok(!equalIgnoreHash(template, { ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.15' }] } }));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import {
  applyRevision,
  computeTemplateHash,
  controllerRevisionName,
  goJson,
  hashControllerRevision,
  revisionMatches,
  safeEncodeString,
  sortRevisions,
  templatePatch,
} from '../../../../daemon/controllers/history.js';
import { computeHash } from '../../../../daemon/controllers/deployment/pod-template-hash.js';

const owner: KubeObject = {
  metadata: { name: 'web' },
  spec: { replicas: 3, template: { metadata: { labels: { app: 'web' }, creationTimestamp: null }, spec: { containers: [{ name: 'c', image: 'nginx', command: ['sh', '-c', 'a && b > /x'] }] } } },
};

test('SafeEncodeString maps digits into the no-vowel alphabet', () => {
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
});

test('the revision data is the template patch with Go map key order and HTML escaping', () => {
  assert.equal(
    goJson(templatePatch(owner)),
    '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"command":["sh","-c","a \\u0026\\u0026 b \\u003e /x"],"image":"nginx","name":"c"}]}}}}',
  );
});

test('a revision matches the owner whose template it holds, and gives that template back', () => {
  const revision: KubeObject = { metadata: { name: 'web-1' }, data: templatePatch(owner), revision: 1 };
  assert.ok(revisionMatches(owner, revision));
  const changed = structuredClone(owner);
  changed.spec.template.spec.containers[0].image = 'nginx:2';
  assert.ok(!revisionMatches(changed, revision));
  assert.deepEqual(applyRevision(changed, revision).spec.template, owner.spec.template);
  assert.equal(applyRevision(changed, revision).spec.replicas, 3);
});

test('revision hashes are stable, encoded, and move with the collision count', () => {
  const data = templatePatch(owner);
  const hash = hashControllerRevision(data, 0);
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  assert.equal(hashControllerRevision(structuredClone(data), 0), hash);
  assert.notEqual(hashControllerRevision(data, 1), hash);
  assert.notEqual(computeTemplateHash(owner.spec.template, 1), computeTemplateHash(owner.spec.template));
  assert.equal(controllerRevisionName('x'.repeat(300), 'h'), `${'x'.repeat(223)}-h`);
});

test('revisions sort by number, then age, then name', () => {
  const rev = (name: string, revision: number, at: string): KubeObject => ({ metadata: { name, creationTimestamp: at }, revision });
  const sorted = sortRevisions([rev('c', 2, '2026-01-01T00:00:00Z'), rev('b', 1, '2026-01-01T00:00:01Z'), rev('a', 1, '2026-01-01T00:00:01Z'), rev('d', 1, '2026-01-01T00:00:00Z')]);
  assert.deepEqual(sorted.map((r) => r.metadata.name), ['d', 'a', 'b', 'c']);
});

test('a DaemonSet revision hash is controller.ComputeHash, the same value a Deployment gives the template', () => {
  const template = owner.spec.template;
  // Same template, same hash as the Deployment controller's pod-template-hash (go-spew dump + FNV-32a),
  // decimal digits mapped through SafeEncodeString, as `kubectl get controllerrevisions` shows them.
  assert.equal(computeTemplateHash(template), computeHash(template));
  assert.equal(computeTemplateHash(template, 2), computeHash(template, 2));
  assert.match(computeTemplateHash(template), /^[456789bcdf]{1,10}$/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evictionTime, toleratesTaint, type Toleration } from '../../../../daemon/controllers/tolerations.js';

const now = Date.UTC(2026, 0, 1, 0, 10);
const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
const dedicated = { key: 'dedicated', value: 'db', effect: 'NoExecute', timeAdded: '2026-01-01T00:09:00Z' };
const defaultToleration: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

test('toleratesTaint', () => {
  const cases: { name: string; given: Toleration; want: boolean }[] = [
    { name: 'Exists with an empty key tolerates every taint', given: { operator: 'Exists' }, want: true },
    { name: 'Equal needs the same value', given: { key: 'dedicated', operator: 'Equal', value: 'db' }, want: true },
    { name: 'Equal with another value does not tolerate', given: { key: 'dedicated', value: 'web' }, want: false },
    { name: 'another effect does not tolerate', given: { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, want: false },
    { name: 'another key does not tolerate', given: { key: 'other', operator: 'Exists' }, want: false },
  ];
  for (const c of cases) assert.equal(toleratesTaint(c.given, dedicated), c.want, c.name);
});

test('evictionTime', () => {
  const cases: { name: string; given: { taints: (typeof dedicated | typeof unreachable)[]; tolerations: Toleration[] }; want: number | undefined }[] = [
    { name: 'an untolerated taint evicts now', given: { taints: [unreachable, dedicated], tolerations: [defaultToleration] }, want: now },
    { name: 'the default toleration allows 300 s from timeAdded', given: { taints: [unreachable], tolerations: [defaultToleration] }, want: Date.UTC(2026, 0, 1, 0, 5) },
    { name: 'a toleration without seconds allows forever', given: { taints: [dedicated], tolerations: [{ key: 'dedicated', operator: 'Exists' }] }, want: undefined },
    { name: 'zero seconds evicts at timeAdded', given: { taints: [dedicated], tolerations: [{ operator: 'Exists', tolerationSeconds: 0 }] }, want: Date.UTC(2026, 0, 1, 0, 9) },
    {
      name: 'the shortest matching toleration wins',
      given: { taints: [dedicated], tolerations: [{ operator: 'Exists', tolerationSeconds: 600 }, { key: 'dedicated', operator: 'Exists', tolerationSeconds: 60 }] },
      want: Date.UTC(2026, 0, 1, 0, 10),
    },
  ];
  for (const c of cases) assert.equal(evictionTime(c.given.taints, c.given.tolerations, now), c.want, c.name);
});

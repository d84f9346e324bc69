import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEqual } from '../../../shared/json-equal.js';

const cases: { name: string; a: unknown; b: unknown; want: boolean }[] = [
  { name: 'two parses of the same pod spec are equal', a: JSON.parse('{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}],"restartPolicy":"Always"}'), b: JSON.parse('{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}],"restartPolicy":"Always"}'), want: true },
  { name: 'a changed image differs', a: { containers: [{ name: 'c', image: 'nginx:1.14' }] }, b: { containers: [{ name: 'c', image: 'nginx:1.15' }] }, want: false },
  { name: 'key order does not matter', a: { x: 1, y: [1, 2] }, b: { y: [1, 2], x: 1 }, want: true },
  { name: 'array order matters', a: [1, 2], b: [2, 1], want: false },
  { name: 'an added field differs', a: { x: 1 }, b: { x: 1, activeDeadlineSeconds: 30 }, want: false },
  { name: 'a removed field differs', a: { x: 1, y: 2 }, b: { x: 1 }, want: false },
  { name: 'an absent field and an empty list differ (as their JSON does)', a: {}, b: { tolerations: [] }, want: false },
  { name: 'an undefined member is absent, as in JSON', a: { x: 1, y: undefined }, b: { x: 1 }, want: true },
  { name: 'null and an empty object differ', a: { x: null }, b: { x: {} }, want: false },
  { name: 'an object and an array differ', a: { x: {} }, b: { x: [] }, want: false },
  { name: 'both undefined are equal', a: undefined, b: undefined, want: true },
  { name: '1 and "1" differ', a: 1, b: '1', want: false },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(jsonEqual(c.a, c.b), c.want);
    assert.equal(jsonEqual(c.b, c.a), c.want);
  });
}

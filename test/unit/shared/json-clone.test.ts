import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { frozenJsonClone, jsonClone } from '../../../shared/json-clone.js';

const viaText = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

// JSON-shaped values with what JSON.stringify drops or changes mixed in.
const member = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(-0),
    fc.constant(() => 1),
    fc.constant(Symbol('s')),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

test('jsonClone equals the JSON text round trip', () => {
  fc.assert(
    fc.property(member, (value) => {
      assert.deepEqual(jsonClone(value), viaText(value));
    }),
    { numRuns: 2000 },
  );
});

test('frozenJsonClone equals the round trip, deeply frozen', () => {
  fc.assert(
    fc.property(member, (value) => {
      const copy = frozenJsonClone(value);
      assert.deepEqual(copy, viaText(value));
      assert.ok(isDeepFrozen(copy));
    }),
    { numRuns: 2000 },
  );
});

test('the cases JSON changes, written out', () => {
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  const source = { a: undefined, b: [undefined, () => 0, NaN, Infinity, -0], c: new Date(Date.UTC(2026, 10, 23, 8, 0, 0)), d: sparse, '2': 'x', '1': 'y' };
  assert.deepEqual(jsonClone(source), { '1': 'y', '2': 'x', b: [null, null, null, null, 0], c: '2026-11-23T08:00:00.000Z', d: [1, null, 3] });
  assert.deepEqual(Object.keys(jsonClone(source) as object), ['1', '2', 'b', 'c', 'd'], 'keys in JSON.stringify order');
  assert.equal(Object.is((jsonClone(source) as { b: number[] }).b[4], 0), true, '-0 becomes 0');
  assert.throws(() => jsonClone({ n: 1n }), TypeError);
  assert.equal(jsonClone(undefined), undefined);
  const inherited = Object.create({ hidden: 1 }) as Record<string, number>;
  inherited.own = 2;
  assert.deepEqual(jsonClone(inherited), { own: 2 });
});

test('jsonClone copies everything, frozen parts too, so the copy can be changed', () => {
  const spec = Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'c' })]) });
  const copy = jsonClone({ spec }) as { spec: { containers: { name: string }[] } };
  assert.notEqual(copy.spec, spec);
  copy.spec.containers[0]!.name = 'changed';
  assert.equal(spec.containers[0]!.name, 'c');
});

test('frozenJsonClone shares parts that are already frozen and copies the rest', () => {
  const spec = Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'c' })]) });
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  const copy = frozenJsonClone({ spec, status });
  assert.equal(copy.spec, spec);
  assert.notEqual(copy.status, status);
  assert.ok(isDeepFrozen(copy));
  status.phase = 'Failed';
  assert.equal(copy.status.phase, 'Running');
});

test('a member named __proto__ (JSON.parse makes it an own key) is copied as a member, not as the prototype', () => {
  // A ConfigMap or Secret data key may be `__proto__` ([-._a-zA-Z0-9]+), and custom resources hold anything.
  const parsed = JSON.parse('{"data":{"__proto__":"x","a":"1"},"spec":{"__proto__":{"polluted":true},"b":[{"__proto__":null}]}}') as unknown;
  for (const copy of [jsonClone(parsed), frozenJsonClone(parsed)]) {
    assert.deepEqual(copy, viaText(parsed));
    assert.equal(JSON.stringify(copy), JSON.stringify(parsed));
    const { data, spec } = copy as { data: object; spec: object };
    assert.deepEqual(Object.keys(data), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(spec), Object.prototype, 'the prototype is left alone');
    assert.equal((spec as { polluted?: boolean }).polluted, undefined);
  }
  assert.ok(isDeepFrozen(frozenJsonClone(parsed)));
});

// The values CRD rules see: escaped property names, ints vs doubles, the resource root's
// metadata, and the metering that stops runaway rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CostLimitExceeded, CostMeter, escapeCelName, toCelValue } from '../../../../../daemon/apiserver/crd/cel-values.js';

test('property names are escaped as cel.Escape does', () => {
  assert.equal(escapeCelName('namespace'), '__namespace__');
  assert.equal(escapeCelName('x-prop'), 'x__dash__prop');
  assert.equal(escapeCelName('a.b/c'), 'a__dot__b__slash__c');
  assert.equal(escapeCelName('redact__d'), 'redact__underscores__d');
  assert.equal(escapeCelName('1abc'), undefined);
});

test('objects expose declared fields; the root keeps only name and generateName of metadata', () => {
  const meter = new CostMeter(1000);
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer' }, r: { type: 'number' }, gone: { type: 'string' } } } } };
  const value = toCelValue({ apiVersion: 'a/v1', kind: 'K', metadata: { name: 'x', labels: { a: 'b' } }, spec: { n: 2, r: 2, gone: null, extra: 1 } }, schema, meter, true) as any;
  assert.deepEqual(Object.keys(value), ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.deepEqual(Object.keys(value.metadata), ['name']);
  assert.equal(value.spec.n, 2n);
  assert.equal(value.spec.r, 2);
  assert.deepEqual(Object.keys(value.spec), ['n', 'r']);
});

test('reads are charged to the meter, which throws past its limit', () => {
  const meter = new CostMeter(5);
  const list = toCelValue([1, 2, 3], { type: 'array', items: { type: 'integer' } }, meter) as bigint[];
  assert.equal(list[0], 1n);
  assert.equal(meter.used, 1);
  assert.throws(() => [...list, ...list, ...list], CostLimitExceeded);
  assert.equal(meter.exceeded, true);
});

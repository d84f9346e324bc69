import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  parseMilliValue,
  parseQuantity,
  parseValue,
  quantityMilliValue,
  quantityValue,
  roundUpToMilli,
} from '../../../shared/quantity.js';

test('canonical forms keep the family the quantity was written in', () => {
  const cases = [
    { given: '0.25', want: '250m' },
    { given: '0.5', want: '500m' },
    { given: '1000m', want: '1' },
    { given: '2048Mi', want: '2Gi' },
    { given: '1536Mi', want: '1536Mi' },
    { given: '1.5Gi', want: '1536Mi' },
    { given: '500Mi', want: '500Mi' },
    { given: '1G', want: '1G' },
    { given: '0.1', want: '100m' },
    { given: '1e3', want: '1e3' },
    { given: '110', want: '110' },
    { given: '0', want: '0' },
  ];
  for (const { given, want } of cases) assert.equal(formatQuantity(roundUpToMilli(parseQuantity(given))), want, given);
});

test('Value and MilliValue round up as apimachinery does', () => {
  const cases = [
    { name: 'millicores of a fraction of a core', given: '250m', milli: 250, value: 1 },
    { name: 'whole cores', given: '2', milli: 2000, value: 2 },
    { name: 'decimal cores', given: '1.5', milli: 1500, value: 2 },
    { name: 'nanocores round up to a millicore', given: '1n', milli: 1, value: 1 },
    { name: 'binary memory', given: '1Gi', milli: 1073741824000, value: 1073741824 },
    { name: 'decimal memory', given: '1G', milli: 1e12, value: 1e9 },
    { name: 'kubelet-style allocatable memory', given: '8124516Ki', milli: 8319504384000, value: 8319504384 },
    { name: 'a pod count', given: '110', milli: 110000, value: 110 },
    { name: 'exponent form', given: '1e3', milli: 1e6, value: 1000 },
  ];
  for (const c of cases) {
    assert.equal(quantityMilliValue(parseQuantity(c.given)), c.milli, c.name);
    assert.equal(quantityValue(parseQuantity(c.given)), c.value, c.name);
    assert.equal(parseMilliValue(c.given), c.milli, c.name);
    assert.equal(parseValue(c.given), c.value, c.name);
  }
});

test('numbers are read as their decimal text', () => {
  assert.equal(parseValue(110), 110);
  assert.equal(parseMilliValue(0.5), 500);
});

test('bad quantities fail with apimachinery’s message', () => {
  assert.throws(() => parseQuantity('1.2.3'), { message: "unable to parse quantity's numeric part" });
  assert.throws(() => parseQuantity('abc'), {
    message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  });
  assert.throws(() => parseQuantity('5Mb'), { message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" });
  assert.throws(() => parseQuantity('5iM'), { message: "unable to parse quantity's suffix" });
  assert.throws(() => parseMilliValue(''), { message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" });
});

test('comparison and addition are exact across families', () => {
  assert.equal(compareQuantities(parseQuantity('1Gi'), parseQuantity('1G')), 1);
  assert.equal(compareQuantities(parseQuantity('1000m'), parseQuantity('1')), 0);
  assert.equal(compareQuantities(parseQuantity('0.1'), parseQuantity('101m')), -1);
  assert.equal(formatQuantity(addQuantities(parseQuantity('250m'), parseQuantity('750m'))), '1');
  assert.equal(formatQuantity(addQuantities(parseQuantity('512Mi'), parseQuantity('512Mi'))), '1Gi');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalizeResourceList, computeQosClass, formatQuantity, parseQuantity, roundUpToMilli } from '../../../../../daemon/apiserver/registry/pod-template-resources.js';

describe('quantity canonical form (Quantity.String after SetDefaults_ResourceList)', () => {
  const cases = [
    { name: 'writes a quarter core as millicores', given: '0.25', want: '250m' },
    { name: 'writes 1000m as a whole core', given: '1000m', want: '1' },
    { name: 'keeps 1536Mi', given: '1536Mi', want: '1536Mi' },
    { name: 'folds 2048Mi into 2Gi', given: '2048Mi', want: '2Gi' },
    { name: 'writes 1.5Gi as 1536Mi', given: '1.5Gi', want: '1536Mi' },
    { name: 'keeps a decimal gigabyte', given: '1G', want: '1G' },
    { name: 'writes a binary value below 1024 as a plain number', given: '0.5Ki', want: '512' },
    { name: 'keeps the exponent form', given: '1e3', want: '1e3' },
    { name: 'rounds a finer than milli value up', given: '0.0001', want: '1m' },
    { name: 'accepts a YAML number', given: 2, want: '2' },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => assert.equal(formatQuantity(roundUpToMilli(parseQuantity(given))), want));
  }
});

describe('quantity decode errors', () => {
  it('rejects a quantity outside the grammar as a 400 naming the kind', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} };
    assert.throws(() => canonicalizeResourceList({ cpu: 'lots' }, owner), {
      message: `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    });
  });

  it('rejects an unknown suffix', () => {
    assert.throws(() => parseQuantity('1K'), { message: "unable to parse quantity's suffix" });
  });
});

describe('computeQosClass counts init containers and compares the summed values', () => {
  const cases = [
    {
      name: 'is Burstable when an init container has no limits',
      given: { containers: [{ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }], initContainers: [{}] },
      want: 'Burstable',
    },
    {
      name: 'ignores resources other than cpu and memory',
      given: { containers: [{ resources: { limits: { 'ephemeral-storage': '1Gi' } } }] },
      want: 'BestEffort',
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.equal(computeQosClass(given), want));
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statefulSetPrinter } from '../../../../shared/printers/statefulsets.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('statefulSetPrinter', () => {
  it('declares NAME READY AGE and wide CONTAINERS IMAGES, with no selector', () => {
    assert.deepEqual(statefulSetPrinter.columns.map((c) => `${c.name}:${c.priority}`), ['Name:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1']);
  });

  it('prints ready/desired', () => {
    const sts = {
      metadata: { name: 'db', creationTimestamp: '2024-01-01T11:30:00Z' },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'postgres', image: 'postgres:16' }] } } },
      status: { readyReplicas: 1 },
    };
    assert.deepEqual(statefulSetPrinter.cells(sts, now), ['db', '1/3', '30m', 'postgres', 'postgres:16']);
  });
});

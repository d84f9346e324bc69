import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicaSetPrinter } from '../../../../shared/printers/replicasets.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('replicaSetPrinter', () => {
  it('declares integer DESIRED CURRENT READY columns', () => {
    assert.deepEqual(
      replicaSetPrinter.columns.map((c) => `${c.name}:${c.type}:${c.priority}`),
      ['Name:string:0', 'Desired:integer:0', 'Current:integer:0', 'Ready:integer:0', 'Age:string:0', 'Containers:string:1', 'Images:string:1', 'Selector:string:1'],
    );
  });

  it('prints counts as integers and the selector with the pod-template-hash', () => {
    const rs = {
      metadata: { name: 'web-5d4f8c7b9', namespace: 'default', creationTimestamp: '2024-01-01T11:00:00Z' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { 'pod-template-hash': '5d4f8c7b9', app: 'web' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      },
      status: { replicas: 3, readyReplicas: 1 },
    };
    assert.deepEqual(replicaSetPrinter.cells(rs, now), ['web-5d4f8c7b9', 3, 3, 1, '60m', 'nginx', 'nginx', 'app=web,pod-template-hash=5d4f8c7b9']);
  });
});

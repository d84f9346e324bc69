import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storageClassPrinter } from '../../../../shared/printers/storageclasses.js';

const now = Date.parse('2024-01-01T12:00:00Z');

describe('storageClassPrinter', () => {
  it('marks the default class and prints the API defaults', () => {
    const standard = {
      metadata: { name: 'standard', creationTimestamp: '2023-12-31T12:00:00Z', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path',
    };
    assert.deepEqual(storageClassPrinter.cells(standard, now), ['standard (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '24h']);
  });

  it('prints the class settings when set', () => {
    const fast = {
      metadata: { name: 'fast', creationTimestamp: '2023-12-31T12:00:00Z' },
      provisioner: 'kubelab.io/hostpath',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    };
    assert.deepEqual(storageClassPrinter.cells(fast, now), ['fast', 'kubelab.io/hostpath', 'Retain', 'WaitForFirstConsumer', true, '24h']);
  });
});

// `kubectl get cs`: the three components of a kubeadm control plane, all Healthy, printed by the
// ComponentStatus printer as NAME STATUS MESSAGE ERROR.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { componentStatuses, componentStatusWarning } from '../../../../../daemon/apiserver/handlers/component-statuses.js';
import { componentStatusPrinter } from '../../../../../shared/printers/componentstatuses.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

describe('componentstatuses', () => {
  it('lists controller-manager, scheduler and etcd-0 as Healthy, ok', () => {
    const rows = componentStatuses().map((s) => componentStatusPrinter.cells(s, 0));
    assert.deepEqual(rows, [
      ['controller-manager', 'Healthy', 'ok', ''],
      ['scheduler', 'Healthy', 'ok', ''],
      ['etcd-0', 'Healthy', 'ok', ''],
    ]);
    assert.deepEqual(componentStatusPrinter.columns.map((c) => c.name), ['Name', 'Status', 'Message', 'Error']);
  });

  it('carries the deprecation warning of v1.19+', () => {
    assert.equal(componentStatusWarning, 'v1 ComponentStatus is deprecated in v1.19+');
  });

  it('prints Unhealthy with the error, and Unknown without a Healthy condition', () => {
    const sick = { kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name: 'scheduler' }, conditions: [{ type: 'Healthy', status: 'False', message: '', error: 'connection refused' }] } as KubeObject;
    assert.deepEqual(componentStatusPrinter.cells(sick, 0), ['scheduler', 'Unhealthy', '', 'connection refused']);
    const bare = { kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name: 'etcd-1' } } as KubeObject;
    assert.deepEqual(componentStatusPrinter.cells(bare, 0), ['etcd-1', 'Unknown', '', '']);
  });
});

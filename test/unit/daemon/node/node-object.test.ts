import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeObject } from '../../../../daemon/node/node-object.js';

const identity = (name: string, controlPlane: boolean) => ({
  name, ip: '127.0.10.1', podCIDR: '10.244.0.0/24', controlPlane, machineID: 'm', systemUUID: 'u', bootID: 'b',
});

test('the control-plane node carries its role labels and the NoSchedule taint, as on kind', () => {
  const node = nodeObject(identity('control-plane', true), Date.UTC(2026, 0, 1));
  assert.equal(node.metadata.labels?.['node-role.kubernetes.io/control-plane'], '');
  assert.deepEqual(node.spec.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  assert.deepEqual(node.spec.podCIDRs, ['10.244.0.0/24']);
});

test('a worker reports the kubelet\'s healthy conditions, its addresses and its versions', () => {
  const node = nodeObject(identity('node1', false), Date.UTC(2026, 0, 1));
  assert.equal(node.spec.taints, undefined);
  assert.deepEqual(node.status.conditions.map((c: { type: string; status: string; reason: string; message: string }) => [c.type, c.status, c.reason, c.message]), [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ]);
  assert.deepEqual(node.status.addresses, [{ type: 'InternalIP', address: '127.0.10.1' }, { type: 'Hostname', address: 'node1' }]);
  assert.equal(node.status.nodeInfo.kubeletVersion, 'v1.32.4');
  assert.equal(node.status.nodeInfo.kubeProxyVersion, 'v1.32.4');
  assert.equal(node.status.conditions[3].lastHeartbeatTime, '2026-01-01T00:00:00Z');
});

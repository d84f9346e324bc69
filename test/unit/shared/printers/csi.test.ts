import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csiDriverPrinter, csiNodePrinter, csiStorageCapacityPrinter, volumeAttachmentPrinter } from '../../../../shared/printers/csi.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const metadata = (name: string) => ({ name, creationTimestamp: '2023-12-31T12:00:00Z' });

describe('CSI printers', () => {
  it('counts the drivers of a CSINode, none for null', () => {
    assert.deepEqual(csiNodePrinter.cells({ metadata: metadata('node1'), spec: { drivers: null } }, now), ['node1', 0, '24h']);
    assert.deepEqual(csiNodePrinter.cells({ metadata: metadata('node1'), spec: { drivers: [{ name: 'd', nodeID: 'n' }] } }, now), ['node1', 1, '24h']);
  });

  it('prints a CSIDriver with its defaults, `<unset>` token requests and its modes', () => {
    const driver = { metadata: metadata('hostpath.csi.k8s.io'), spec: { volumeLifecycleModes: ['Persistent', 'Ephemeral'] } };
    assert.deepEqual(csiDriverPrinter.cells(driver, now), ['hostpath.csi.k8s.io', true, false, false, '<unset>', false, 'Persistent,Ephemeral', '24h']);
    const tokens = { metadata: metadata('d'), spec: { tokenRequests: [{ audience: 'a' }, { audience: 'b' }] } };
    assert.deepEqual(csiDriverPrinter.cells(tokens, now), ['d', true, false, false, 'a,b', false, '<none>', '24h']);
  });

  it('prints a CSIStorageCapacity without an AGE column', () => {
    assert.deepEqual(csiStorageCapacityPrinter.columns.map((c) => c.name), ['Name', 'StorageClassName', 'Capacity']);
    assert.deepEqual(csiStorageCapacityPrinter.cells({ metadata: metadata('c1'), storageClassName: 'standard' }, now), ['c1', 'standard', '<unset>']);
  });

  it('prints a VolumeAttachment', () => {
    const va = { metadata: metadata('csi-123'), spec: { attacher: 'd.example.com', nodeName: 'node1', source: { persistentVolumeName: 'pv1' } }, status: { attached: true } };
    assert.deepEqual(volumeAttachmentPrinter.cells(va, now), ['csi-123', 'd.example.com', 'pv1', 'node1', true, '24h']);
  });
});

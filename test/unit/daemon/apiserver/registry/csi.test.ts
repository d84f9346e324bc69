import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csiDriverStrategy, csiNodeStrategy, csiStorageCapacityStrategy, volumeAttachmentStrategy } from '../../../../../daemon/apiserver/registry/csi.js';
import { create, update } from './run-strategy.js';

describe('CSIDriver', () => {
  it('fills the storage/v1 defaults', () => {
    const { obj, errors } = create(csiDriverStrategy, { metadata: { name: 'hostpath.csi.k8s.io' }, spec: {} }, false);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec, {
      attachRequired: true,
      podInfoOnMount: false,
      storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      requiresRepublish: false,
      volumeLifecycleModes: ['Persistent'],
      seLinuxMount: false,
    });
  });

  it('rejects unknown modes and policies and short token lifetimes', () => {
    const { errors } = create(csiDriverStrategy, { metadata: { name: 'd.example.com' }, spec: { fsGroupPolicy: 'Any', volumeLifecycleModes: ['Shared'], tokenRequests: [{ audience: 'a', expirationSeconds: 60 }, { audience: 'a' }] } }, false);
    assert.deepEqual(errors, [
      'spec.fsGroupPolicy: Unsupported value: "Any": supported values: "File", "None", "ReadWriteOnceWithFSType"',
      'spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.tokenRequests[1].audience: Duplicate value: "a"',
      'spec.volumeLifecycleModes: Unsupported value: "Shared": supported values: "Persistent", "Ephemeral"',
    ]);
  });

  it('keeps attachRequired fixed', () => {
    const stored = create(csiDriverStrategy, { metadata: { name: 'd.example.com' }, spec: {} }, false).obj;
    assert.deepEqual(update(csiDriverStrategy, stored, (d) => (d.spec.attachRequired = false), false).errors, ['spec.attachedRequired: Invalid value: false: field is immutable']);
  });
});

describe('CSINode', () => {
  it('stores an empty driver list as null, as a protobuf round trip does', () => {
    const { obj, errors } = create(csiNodeStrategy, { metadata: { name: 'node1' }, spec: { drivers: [] } }, false);
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec, { drivers: null });
  });

  it('needs a node ID and one entry per driver', () => {
    const { errors } = create(csiNodeStrategy, { metadata: { name: 'node1' }, spec: { drivers: [{ name: 'd.example.com', nodeID: 'n1' }, { name: 'd.example.com' }] } }, false);
    assert.deepEqual(errors, ['spec.drivers[1].nodeID: Required value', 'spec.drivers[1].name: Duplicate value: "d.example.com"']);
  });
});

describe('CSIStorageCapacity', () => {
  it('needs a storage class name and keeps it fixed', () => {
    assert.deepEqual(create(csiStorageCapacityStrategy, { metadata: { name: 'c1' } }).errors, [
      "storageClassName: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    const stored = create(csiStorageCapacityStrategy, { metadata: { name: 'c1' }, storageClassName: 'standard', capacity: '10Gi' }).obj;
    assert.deepEqual(update(csiStorageCapacityStrategy, stored, (c) => (c.storageClassName = 'fast')).errors, ['storageClassName: Invalid value: "fast": field is immutable']);
  });
});

describe('VolumeAttachment', () => {
  it('needs exactly one source', () => {
    const { errors } = create(volumeAttachmentStrategy, { metadata: { name: 'va' }, spec: { attacher: 'd.example.com', nodeName: 'node1', source: {} } }, false);
    assert.deepEqual(errors, ['spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName']);
  });

  it('keeps the spec fixed', () => {
    const stored = create(volumeAttachmentStrategy, { metadata: { name: 'va' }, spec: { attacher: 'd.example.com', nodeName: 'node1', source: { persistentVolumeName: 'pv1' } } }, false).obj;
    assert.deepEqual(update(volumeAttachmentStrategy, stored, (va) => (va.spec.nodeName = 'node2'), false).errors, [
      'spec: Invalid value: storage.VolumeAttachmentSpec{Attacher:"d.example.com", Source:storage.VolumeAttachmentSource{PersistentVolumeName:&"pv1"}, NodeName:"node2"}: field is immutable',
    ]);
  });
});

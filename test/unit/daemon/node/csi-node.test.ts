import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureCsiNode } from '../../../../daemon/node/csi-node.js';
import { startApi } from '../../../helpers/api.js';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const csiNodes = { group: 'storage.k8s.io', version: 'v1', resource: 'csinodes' };
const migrated = 'kubernetes.io/aws-ebs,kubernetes.io/azure-disk,kubernetes.io/azure-file,kubernetes.io/cinder,kubernetes.io/gce-pd,kubernetes.io/portworx-volume,kubernetes.io/vsphere-volume';

describe('ensureCsiNode', () => {
  it('creates the node\'s CSINode, owned by the Node, with no drivers', async (t) => {
    const api = await startApi(t);
    const node = await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } });
    await ensureCsiNode(api.client, node);
    const csiNode = await api.client.get(csiNodes, undefined, 'node1');
    assert.deepEqual(csiNode.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'node1', uid: node.metadata.uid }]);
    assert.deepEqual(csiNode.metadata.annotations, { 'storage.alpha.kubernetes.io/migrated-plugins': migrated });
    assert.deepEqual(csiNode.spec, { drivers: null });
  });

  it('puts the annotation back on an existing CSINode and leaves the rest', async (t) => {
    const api = await startApi(t);
    const node = await api.client.create(nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' } });
    await api.client.create(csiNodes, undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'node1' }, spec: { drivers: [] } });
    await ensureCsiNode(api.client, node);
    const csiNode = await api.client.get(csiNodes, undefined, 'node1');
    assert.equal(csiNode.metadata.annotations?.['storage.alpha.kubernetes.io/migrated-plugins'], migrated);
    assert.equal(csiNode.metadata.ownerReferences, undefined);
  });
});

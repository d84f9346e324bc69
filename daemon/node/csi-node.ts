/**
 * The kubelet's CSINode (its CSI plugin's node-info manager at start-up): one per node, named
 * after it and owned by the Node, so the garbage collector removes it with the Node. kind runs no
 * CSI driver, so `spec.drivers` stays empty; the annotation lists the in-tree volume plugins whose
 * CSI migration is on in v1.32 (all seven, sorted), as the kubelet writes it. Written through the
 * client like everything a kubelet does; an existing CSINode only gets the annotation put back.
 */
import { isAlreadyExists, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';

const csiNodes: ResourceRef = { group: 'storage.k8s.io', version: 'v1', resource: 'csinodes' };
const migratedPluginsAnnotation = 'storage.alpha.kubernetes.io/migrated-plugins';
const migratedPlugins = [
  'kubernetes.io/aws-ebs',
  'kubernetes.io/azure-disk',
  'kubernetes.io/azure-file',
  'kubernetes.io/cinder',
  'kubernetes.io/gce-pd',
  'kubernetes.io/portworx-volume',
  'kubernetes.io/vsphere-volume',
].join(',');

/** The CSINode a kubelet creates for its Node. */
export function csiNodeObject(node: Readonly<KubeObject>): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: {
      name: node.metadata.name,
      annotations: { [migratedPluginsAnnotation]: migratedPlugins },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid! }],
    },
    spec: { drivers: [] },
  };
}

/** Creates the node's CSINode, or puts the migration annotation back on the one there. */
export async function ensureCsiNode(client: ApiClient, node: Readonly<KubeObject>): Promise<void> {
  try {
    await client.create(csiNodes, undefined, csiNodeObject(node));
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw new Error(`create csinode ${node.metadata.name}: ${(err as Error).message}`);
  }
  try {
    const current = await client.get(csiNodes, undefined, node.metadata.name!);
    if (current.metadata.annotations?.[migratedPluginsAnnotation] === migratedPlugins) return;
    const annotations = { ...current.metadata.annotations, [migratedPluginsAnnotation]: migratedPlugins };
    await client.update(csiNodes, { ...current, metadata: { ...current.metadata, annotations } });
  } catch (err) {
    // Deleted meanwhile (its Node went): the next start creates it again.
    if (!isNotFound(err)) throw new Error(`update csinode ${node.metadata.name}: ${(err as Error).message}`);
  }
}

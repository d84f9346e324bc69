/**
 * The node's heartbeat, as the kubelet keeps it: a Lease `kube-node-lease/<node>` renewed every
 * 10 s (leaseDurationSeconds 40), owned by the Node, and the Node status rewritten when it changes
 * or every 5 minutes (nodeStatusReportFrequency) with a new lastHeartbeatTime.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339Micro, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';

export const leases: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
export const leaseRenewIntervalMs = 10_000;
export const leaseDurationSeconds = 40;
export const nodeStatusReportMs = 5 * 60_000;

/** Creates or renews the node's Lease; a Conflict (someone else wrote it) is fixed next time. */
export async function renewLease(client: ApiClient, clock: Clock, node: KubeObject): Promise<void> {
  const name = node.metadata.name!;
  const renewTime = rfc3339Micro(clock.nowPrecise());
  try {
    const current = await client.get(leases, 'kube-node-lease', name);
    await client.update(leases, { ...current, spec: { ...current.spec, holderIdentity: name, leaseDurationSeconds, renewTime } });
  } catch (err) {
    if (isConflict(err)) return;
    if (!isNotFound(err)) throw err;
    await client.create(leases, 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: 'kube-node-lease',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
      },
      spec: { holderIdentity: name, leaseDurationSeconds, renewTime },
    });
  }
}

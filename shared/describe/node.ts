/**
 * `kubectl describe node` (describe.go `describeNode`, `describeNodeResource`; labs K.1 and I.1):
 * roles, labels, annotations, taints, the kube-node-lease Lease, conditions, addresses, capacity
 * and allocatable, system info, pod CIDRs, the non-terminated pods with their requests and limits
 * as a share of allocatable, the allocated totals, and the events recorded against the node's uid
 * and (by the kubelet) against its name.
 */
import type { KubeObject } from '../api/meta.js';
import { isStatusError } from '../api/errors.js';
import type { ApiClient } from '../client/client.js';
import { translateTimestampSince } from '../duration.js';
import { nodeRoles } from '../printers/nodes.js';
import { addQuantities, formatQuantity, quantityMilliValue, quantityValue, type Quantity } from '../quantity.js';
import { describeEvents, searchEvents } from './events.js';
import { byteOrder, goBool, quantityString, rfc1123z, sortedKeys, str, toQuantity } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline } from './multiline.js';
import { podRequestsAndLimits, type ResourceList } from './pod-resources.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const leasesRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

/** What describeNode prints besides the node itself; `lease` is the Lease or the error text. */
export interface NodeExtras {
  pods: readonly KubeObject[] | 'forbidden';
  events: readonly KubeObject[];
  lease: KubeObject | { error: string };
}

export async function describeNodeObject(client: ApiClient, node: KubeObject, now: number): Promise<string> {
  const name = node.metadata.name ?? '';
  let pods: NodeExtras['pods'];
  try {
    pods = (await client.list(podsRef, undefined, { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` })).items;
  } catch (err) {
    if (!isStatusError(err) || err.reason !== 'Forbidden') throw err;
    pods = 'forbidden';
  }
  const events: KubeObject[] = [];
  // Controllers record node events against the node's uid, the kubelet against its name.
  for (const uid of [node.metadata.uid, name]) {
    try {
      events.push(...(await searchEvents(client, { kind: 'Node', name, namespace: '', uid })));
    } catch (err) {
      void err; // kubectl ignores a failed event search and prints what it has
    }
  }
  let lease: NodeExtras['lease'];
  try {
    lease = await client.get(leasesRef, 'kube-node-lease', name);
  } catch (err) {
    lease = { error: err instanceof Error ? err.message : String(err) };
  }
  return describeNode(node, { pods, events, lease }, now);
}

export function describeNode(node: Json, extras: NodeExtras, now: number): string {
  return tabbedString((w) => {
    const spec = node.spec ?? {};
    const status = node.status ?? {};
    w.write(0, `Name:\t${node.metadata.name}\n`);
    w.write(0, `Roles:\t${nodeRoles(node)}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(0, `Unschedulable:\t${goBool(spec.unschedulable)}\n`);
    describeLease(extras.lease, w);
    const conditions: Json[] = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(1, `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`);
      }
    }
    w.write(0, 'Addresses:\n');
    for (const address of status.addresses ?? []) w.write(1, `${str(address.type)}:\t${str(address.address)}\n`);
    for (const [title, list] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
      if (sortedKeys(list).length === 0) continue;
      w.write(0, `${title}:\n`);
      for (const resource of sortedKeys(list)) w.write(0, `  ${resource}:\t${quantityString(list[resource])}\n`);
    }
    const info = status.nodeInfo ?? {};
    w.write(0, 'System Info:\n');
    w.write(0, `  Machine ID:\t${str(info.machineID)}\n`);
    w.write(0, `  System UUID:\t${str(info.systemUUID)}\n`);
    w.write(0, `  Boot ID:\t${str(info.bootID)}\n`);
    w.write(0, `  Kernel Version:\t${str(info.kernelVersion)}\n`);
    w.write(0, `  OS Image:\t${str(info.osImage)}\n`);
    w.write(0, `  Operating System:\t${str(info.operatingSystem)}\n`);
    w.write(0, `  Architecture:\t${str(info.architecture)}\n`);
    w.write(0, `  Container Runtime Version:\t${str(info.containerRuntimeVersion)}\n`);
    w.write(0, `  Kubelet Version:\t${str(info.kubeletVersion)}\n`);
    w.write(0, `  Kube-Proxy Version:\t${str(info.kubeProxyVersion)}\n`);
    if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`);
    if (extras.pods === 'forbidden') w.write(0, 'Pods:\tnot authorized\n');
    else describeNodeResource(extras.pods, node, w, now);
    describeEvents(extras.events, w, now);
  });
}

function describeLease(lease: NodeExtras['lease'], w: PrefixWriter): void {
  if ('error' in lease) {
    w.write(0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    return;
  }
  const spec = (lease as Json).spec ?? {};
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
  w.write(1, `AcquireTime:\t${spec.acquireTime ? rfc1123z(spec.acquireTime) : '<unset>'}\n`);
  w.write(1, `RenewTime:\t${spec.renewTime ? rfc1123z(spec.renewTime) : '<unset>'}\n`);
}

const zero: Quantity = { mantissa: 0n, exponent: 0, format: 'DecimalSI' };

/**
 * `<quantity> (<percent>%)`, the percent truncated toward zero as Go's int64() of a float. The pod
 * rows divide unguarded, so a zero allocatable prints int64(NaN) (the minimum int64 on amd64) as
 * kubectl does; the totals are guarded and print 0%.
 */
function share(amount: Quantity | undefined, total: number, milli: boolean, guarded: boolean): string {
  const q = amount ?? zero;
  const value = milli ? quantityMilliValue(q) : quantityValue(q);
  let percent: string;
  if (total !== 0) percent = String(Math.trunc((value / total) * 100));
  else percent = guarded ? '0' : '-9223372036854775808';
  return `${formatQuantity(q)} (${percent}%)`;
}

function sumPods(pods: readonly KubeObject[]): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const pod of pods) {
    const own = podRequestsAndLimits(pod);
    for (const [into, from] of [[requests, own.requests], [limits, own.limits]] as const) {
      for (const [name, q] of from) {
        const current = into.get(name);
        into.set(name, current ? addQuantities(current, q) : q);
      }
    }
  }
  return { requests, limits };
}

function describeNodeResource(pods: readonly KubeObject[], node: Json, w: PrefixWriter, now: number): void {
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatableRaw = sortedKeys(node.status?.allocatable).length > 0 ? node.status.allocatable : (node.status?.capacity ?? {});
  const allocatable = (name: string, milli: boolean): number => {
    const q = toQuantity(allocatableRaw[name]);
    return q ? (milli ? quantityMilliValue(q) : quantityValue(q)) : 0;
  };
  const cpu = allocatable('cpu', true);
  const memory = allocatable('memory', false);
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    w.write(
      1,
      `${str(pod.metadata.namespace)}\t${pod.metadata.name}\t\t${share(requests.get('cpu'), cpu, true, false)}\t${share(limits.get('cpu'), cpu, true, false)}\t` +
        `${share(requests.get('memory'), memory, false, false)}\t${share(limits.get('memory'), memory, false, false)}\t${translateTimestampSince(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const totals = sumPods(pods);
  const totalShare = (name: string, total: number, milli: boolean, list: ResourceList): string => share(list.get(name), total, milli, true);
  for (const [name, milli] of [['cpu', true], ['memory', false], ['ephemeral-storage', false]] as const) {
    const total = allocatable(name, milli);
    w.write(1, `${name}\t${totalShare(name, total, milli, totals.requests)}\t${totalShare(name, total, milli, totals.limits)}\n`);
  }
  const names = Object.keys(allocatableRaw).sort(byteOrder);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) {
    const total = allocatable(name, false);
    w.write(1, `${name}\t${totalShare(name, total, false, totals.requests)}\t${totalShare(name, total, false, totals.limits)}\n`);
  }
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !standard.has(n))) {
    w.write(1, `${name}\t${formatQuantity(totals.requests.get(name) ?? zero)}\t${formatQuantity(totals.limits.get(name) ?? zero)}\n`);
  }
}

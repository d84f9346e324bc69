/**
 * What the table's action keys do to the cluster, through the ApiClient, with the line kubectl
 * prints for the same action (`pod "web-1" deleted`, `deployment.apps/web scaled`,
 * `node/node1 cordoned`) so the flash reads as the terminal would. `r` is `kubectl rollout
 * restart` (a template annotation), `i` is `kubectl set image`, `r` on a node is `kubectl drain
 * --ignore-daemonsets --delete-emptydir-data` (cordon, then evict). Errors propagate to the caller.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ResourceInfo } from '../../shared/api/resources.js';
import type { ApiClient } from '../../shared/client/client.js';
import { rfc3339 } from '../../shared/clock.js';
import { refOf } from './navigation.js';

/** `pod`, `deployment.apps`: kubectl's resource prefix in its messages. */
export function resourcePrefix(info: ResourceInfo): string {
  return info.group ? `${info.singular}.${info.group}` : info.singular;
}

/** Deletes each object (grace 0 for a kill); returns kubectl's lines joined. */
export async function deleteObjects(client: ApiClient, info: ResourceInfo, objects: readonly Readonly<KubeObject>[], options: { isKill?: boolean } = {}): Promise<string> {
  const lines: string[] = [];
  for (const obj of objects) {
    const deleteOptions = options.isKill ? { gracePeriodSeconds: 0 } : {};
    await client.delete(refOf(info), obj.metadata.namespace, obj.metadata.name ?? '', deleteOptions);
    lines.push(`${resourcePrefix(info)} "${obj.metadata.name}" deleted`);
  }
  return lines.join(', ');
}

/** Parses the scale prompt: a whole number of replicas, or an error text. */
export function parseReplicas(text: string): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return `replicas must be a whole number, got "${trimmed}"`;
  return Number(trimmed);
}

export async function scaleObject(client: ApiClient, info: ResourceInfo, obj: Readonly<KubeObject>, replicas: number): Promise<string> {
  await client.patch(refOf(info), obj.metadata.namespace, obj.metadata.name ?? '', 'merge', { spec: { replicas } }, { subresource: 'scale' });
  return `${resourcePrefix(info)}/${obj.metadata.name} scaled`;
}

/** `kubectl rollout restart`: a new template annotation makes the controller roll every pod. */
export async function restartObject(client: ApiClient, info: ResourceInfo, obj: Readonly<KubeObject>, now: number): Promise<string> {
  const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(now) } } } } };
  await client.patch(refOf(info), obj.metadata.namespace, obj.metadata.name ?? '', 'strategic', patch);
  return `${resourcePrefix(info)}/${obj.metadata.name} restarted`;
}

/**
 * `kubectl set image`: `nginx:1.25` sets every container's image; `web=nginx:1.25` one container.
 * Returns the success line, or an error text for a bad prompt or an unknown container.
 */
export async function setImage(client: ApiClient, info: ResourceInfo, obj: Readonly<KubeObject>, text: string): Promise<string> {
  const containers: { name: string; image?: string }[] = obj.spec?.template?.spec?.containers ?? [];
  const trimmed = text.trim();
  if (!trimmed) throw new Error('no image given');
  const eq = trimmed.indexOf('=');
  const [only, image] = eq > 0 ? [trimmed.slice(0, eq), trimmed.slice(eq + 1)] : [undefined, trimmed];
  if (only !== undefined && !containers.some((c) => c.name === only)) throw new Error(`unable to find container named "${only}"`);
  const changed = containers.filter((c) => (only === undefined || c.name === only) && c.image !== image);
  if (changed.length === 0) return `${resourcePrefix(info)}/${obj.metadata.name} image unchanged`;
  const patch = { spec: { template: { spec: { containers: changed.map((c) => ({ name: c.name, image })) } } } };
  await client.patch(refOf(info), obj.metadata.namespace, obj.metadata.name ?? '', 'strategic', patch);
  return `${resourcePrefix(info)}/${obj.metadata.name} image updated`;
}

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };

export async function cordonNode(client: ApiClient, node: Readonly<KubeObject>, isCordon: boolean): Promise<string> {
  const name = node.metadata.name ?? '';
  const verb = isCordon ? 'cordoned' : 'uncordoned';
  if (Boolean(node.spec?.unschedulable) === isCordon) return `node/${name} already ${verb}`;
  await client.patch(nodes, undefined, name, 'strategic', { spec: { unschedulable: isCordon ? true : null } });
  return `node/${name} ${verb}`;
}

/** Cordons, then evicts every pod on the node except DaemonSet-managed and mirror pods. */
export async function drainNode(client: ApiClient, node: Readonly<KubeObject>): Promise<string> {
  const name = node.metadata.name ?? '';
  await cordonNode(client, node, true);
  const list = await client.list(pods, undefined, { fieldSelector: `spec.nodeName=${name}` });
  const evictable = list.items.filter((p) => {
    const isDaemon = (p.metadata.ownerReferences ?? []).some((o: { kind?: string; controller?: boolean }) => o.kind === 'DaemonSet' && o.controller);
    const isMirror = p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
    const isDone = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    return !isDaemon && !isMirror && !isDone;
  });
  for (const pod of evictable) {
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace } };
    await client.createSubresource(pods, pod.metadata.namespace, pod.metadata.name ?? '', 'eviction', eviction);
  }
  return `node/${name} drained`;
}

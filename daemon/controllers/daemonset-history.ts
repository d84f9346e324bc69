/**
 * A DaemonSet's revision history (k/k `daemon/update.go` constructHistory, snapshot,
 * dedupCurHistories and cleanupHistory): the ControllerRevision `<ds>-<hash>` whose data matches
 * the current template is the current one, renumbered to the newest revision after a rollback;
 * old revisions beyond revisionHistoryLimit that no pod still runs are deleted, oldest first.
 */
import { isAlreadyExists } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { selectorFromLabelSelector } from '../../shared/labels.js';
import {
  appsControllerRef,
  claimRevisions,
  computeTemplateHash,
  controllerRevisions,
  deleteRevision,
  recheckNotDeleted,
  renumberRevision,
  revisionHashLabel,
  revisionMatches,
  sortRevisions,
  templatePatch,
} from './history.js';

type Obj = Readonly<KubeObject>;

const daemonSets: ResourceRef = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

export interface DaemonSetHistory {
  current: Obj;
  old: Obj[];
}

/** constructHistory: finds or creates the current revision; returns it and the old ones. */
export async function constructDaemonSetHistory(client: ApiClient, ds: Obj, candidates: readonly Obj[], claimedPods: () => Promise<Obj[]>): Promise<DaemonSetHistory> {
  const selector = selectorFromLabelSelector(ds.spec?.selector);
  const revisions = await claimRevisions(client, ds, appsControllerRef(ds, 'DaemonSet'), selector, candidates, () => recheckNotDeleted(client, daemonSets, ds));
  const current: Obj[] = [];
  const old: Obj[] = [];
  for (let revision of revisions) {
    // Revisions from before the hash label: their name stands in for the hash.
    if (revision.metadata.labels?.[revisionHashLabel] === undefined) {
      const labelled = structuredClone(revision) as KubeObject;
      labelled.metadata.labels = { ...labelled.metadata.labels, [revisionHashLabel]: labelled.metadata.name! };
      revision = await client.update(controllerRevisions, labelled);
    }
    (revisionMatches(ds, revision) ? current : old).push(revision);
  }
  const nextNumber = Math.max(0, ...old.map((r) => r.revision ?? 0)) + 1;
  if (current.length === 0) return { current: await snapshot(client, ds, nextNumber), old };
  const kept = await dedupCurrent(client, current, claimedPods);
  // Back to an old template (kubectl rollout undo): that revision becomes the newest.
  return { current: kept.revision < nextNumber ? await renumberRevision(client, kept, nextNumber) : kept, old };
}

/** snapshot: creates the revision for the current template; a hash clash bumps collisionCount. */
async function snapshot(client: ApiClient, ds: Obj, revision: number): Promise<Obj> {
  const hash = computeTemplateHash(ds.spec?.template, ds.status?.collisionCount);
  const name = `${ds.metadata.name}-${hash}`;
  const metadata: KubeObject['metadata'] = {
    name,
    namespace: ds.metadata.namespace,
    labels: { ...ds.spec?.template?.metadata?.labels, [revisionHashLabel]: hash },
    ownerReferences: [appsControllerRef(ds, 'DaemonSet')],
  };
  if (ds.metadata.annotations && Object.keys(ds.metadata.annotations).length > 0) metadata.annotations = { ...ds.metadata.annotations };
  const history: KubeObject = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, data: templatePatch(ds), revision };
  try {
    return await client.create(controllerRevisions, ds.metadata.namespace, history);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await client.get(controllerRevisions, ds.metadata.namespace, name);
    if (revisionMatches(ds, existing)) return existing;
    await bumpCollisionCount(client, ds);
    throw err; // the next sync hashes with the new count
  }
}

async function bumpCollisionCount(client: ApiClient, ds: Obj): Promise<void> {
  const fresh = await client.get(daemonSets, ds.metadata.namespace, ds.metadata.name!);
  const stale = fresh.status?.collisionCount ?? undefined;
  if (stale !== (ds.status?.collisionCount ?? undefined)) {
    throw new Error(`found a stale collision count (${ds.status?.collisionCount}, expected ${stale}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`);
  }
  fresh.status = { ...fresh.status, collisionCount: (stale ?? 0) + 1 };
  await client.update(daemonSets, fresh, { subresource: 'status' });
}

/** dedupCurHistories: keeps the highest-numbered match, moves its pods' labels over, deletes the rest. */
async function dedupCurrent(client: ApiClient, current: Obj[], claimedPods: () => Promise<Obj[]>): Promise<Obj & { revision: number }> {
  const sorted = sortRevisions(current);
  const keep = sorted[sorted.length - 1]! as Obj & { revision: number };
  if (current.length === 1) return keep;
  const hash = keep.metadata.labels?.[revisionHashLabel];
  for (const pod of await claimedPods()) {
    if (pod.metadata.labels?.[revisionHashLabel] === hash) continue;
    await client.patch(pods, pod.metadata.namespace, pod.metadata.name!, 'merge', { metadata: { labels: { [revisionHashLabel]: hash } } });
  }
  for (const duplicate of sorted.slice(0, -1)) await deleteRevision(client, duplicate);
  return keep;
}

/** cleanupHistory: old revisions past the limit, oldest first, unless a pod still carries their hash. */
export async function cleanupDaemonSetHistory(client: ApiClient, ds: Obj, old: readonly Obj[], claimed: readonly Obj[]): Promise<void> {
  let excess = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (excess <= 0) return;
  const liveHashes = new Set(claimed.map((pod) => pod.metadata.labels?.[revisionHashLabel]).filter(Boolean));
  for (const revision of sortRevisions(old)) {
    if (excess <= 0) break;
    if (liveHashes.has(revision.metadata.labels?.[revisionHashLabel])) continue;
    await deleteRevision(client, revision);
    excess--;
  }
}

/**
 * ControllerRevisions: the history DaemonSets and StatefulSets keep of their pod templates (k/k
 * `pkg/controller/history`, and the daemon and statefulset controllers' getPatch, snapshot and
 * ApplyRevision). A revision's `data` is the strategic-merge patch that puts the template back:
 * `{"spec":{"template":{"$patch":"replace",…}}}` with its keys in Go's json.Marshal order, so that
 * `kubectl rollout history|undo` (which compares those bytes with its own marshalling of the
 * owner) sees what it sees on a real cluster. Revisions are named `<owner>-<hash>`.
 */
import { isAlreadyExists, isConflict, isInvalid, isNotFound } from '../../shared/api/errors.js';
import type { FrozenObject, KubeObject, OwnerReference } from '../../shared/api/meta.js';
import { keyOf, splitKey } from '../../shared/api/keys.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { Selector } from '../../shared/labels.js';
import { controllerOf } from './controller-ref-manager.js';
import { computeHash } from './deployment/pod-template-hash.js';

type Revision = Readonly<KubeObject>;

export const controllerRevisions: ResourceRef = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };
/** history.ControllerRevisionHashLabel: the hash of a StatefulSet revision's data. */
export const controllerRevisionHashLabel = 'controller.kubernetes.io/hash';
/** apps.ControllerRevisionHashLabelKey: on DaemonSet revisions and on both kinds' pods. */
export const revisionHashLabel = 'controller-revision-hash';

/** apimachinery rand.SafeEncodeString's alphabet: no vowels, no 0/1/3, so no words. */
const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A copy with every object's keys sorted, the order Go's json.Marshal gives a map. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** The bytes json.Marshal writes for a decoded map: sorted keys, `<>&` and U+2028/9 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** getPatch: the patch that restores the owner's pod template, as a revision stores it. */
export function templatePatch(owner: Readonly<KubeObject>): Record<string, unknown> {
  const template = { ...(structuredClone(owner.spec?.template ?? {}) as Record<string, unknown>), $patch: 'replace' };
  return sortKeys({ spec: { template } }) as Record<string, unknown>;
}

/** Match: the revision holds exactly the owner's current template. */
export function revisionMatches(owner: Readonly<KubeObject>, revision: Revision): boolean {
  return goJson(templatePatch(owner)) === goJson(revision.data);
}

/** ApplyRevision: the owner with the revision's template in place of its own. */
export function applyRevision(owner: Readonly<KubeObject>, revision: Revision): KubeObject {
  const restored = structuredClone(owner) as KubeObject;
  const template = structuredClone(revision.data?.spec?.template ?? {});
  delete template.$patch;
  restored.spec = { ...restored.spec, template };
  return restored;
}

/** FNV-1 (Go's fnv.New32) over UTF-8 bytes. */
function fnv32(bytes: Uint8Array, hash = 0x811c9dc5): number {
  for (const byte of bytes) hash = Math.imul(hash, 0x01000193) ^ byte;
  return hash >>> 0;
}

/** rand.SafeEncodeString: each character mapped into the safe alphabet by its code. */
export function safeEncodeString(text: string): string {
  return [...text].map((c) => safeAlphabet[c.charCodeAt(0) % safeAlphabet.length]).join('');
}

/** HashControllerRevision: FNV-1 of the data bytes plus the collision count in decimal. */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  let bytes = Buffer.from(goJson(data), 'utf8');
  if (collisionCount !== undefined) bytes = Buffer.concat([bytes, Buffer.from(String(collisionCount), 'utf8')]);
  return safeEncodeString(String(fnv32(bytes)));
}

/**
 * controller.ComputeHash, which names DaemonSet revisions and sets their pods'
 * `controller-revision-hash`: the same hash as a Deployment's pod-template-hash (FNV-32a over
 * DeepHashObject's dump of the template, the collision count as 8 little-endian bytes), so a
 * template gives the value a real cluster shows (`10` digits or fewer from `456789bcdf`).
 */
export function computeTemplateHash(template: unknown, collisionCount?: number): string {
  return computeHash(template ?? {}, collisionCount);
}

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.slice(0, 223)}-${hash}`;
}

/** metav1.NewControllerRef for an apps/v1 owner; the kind is the controller's, not the cache's. */
export function appsControllerRef(owner: Readonly<KubeObject>, kind: 'DaemonSet' | 'StatefulSet'): OwnerReference {
  return { apiVersion: 'apps/v1', kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** SortControllerRevisions: by revision number, then creation time, then name. */
export function sortRevisions(revisions: readonly Revision[]): Revision[] {
  return [...revisions].sort(
    (a, b) =>
      (a.revision ?? 0) - (b.revision ?? 0) ||
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
}

/** EqualRevision: the same data (the hash label, a SafeEncodeString, never parses as a number). */
export function equalRevision(a: Revision | undefined, b: Revision | undefined): boolean {
  if (!a || !b) return a === b;
  return goJson(a.data) === goJson(b.data);
}

/** nextRevision: one more than the highest revision of sorted revisions; 1 for none. */
export function nextRevision(sorted: readonly Revision[]): number {
  return sorted.length === 0 ? 1 : (sorted[sorted.length - 1]!.revision ?? 0) + 1;
}

/**
 * CreateControllerRevision: creates the revision under `<owner>-<hash>`; on a name clash with
 * different data it bumps the collision count and tries the next name. Returns the revision (an
 * identical one already there counts) and the collision count used.
 */
export async function createControllerRevision(
  client: ApiClient,
  owner: Readonly<KubeObject>,
  revision: KubeObject,
  collisionCount: number,
): Promise<{ revision: Revision; collisionCount: number }> {
  for (let count = collisionCount; ; count++) {
    const name = controllerRevisionName(owner.metadata.name!, hashControllerRevision(revision.data, count));
    const candidate = { ...revision, metadata: { ...revision.metadata, name, namespace: owner.metadata.namespace } };
    try {
      return { revision: await client.create(controllerRevisions, owner.metadata.namespace, candidate), collisionCount: count };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await client.get(controllerRevisions, owner.metadata.namespace, name);
      if (goJson(existing.data) === goJson(revision.data)) return { revision: existing, collisionCount: count };
    }
  }
}

/** UpdateControllerRevision: gives an existing revision a new number (a rollback to it). */
export async function renumberRevision(client: ApiClient, revision: Revision, number: number): Promise<Revision> {
  if (revision.revision === number) return revision;
  return client.update(controllerRevisions, { ...structuredClone(revision), revision: number } as KubeObject);
}

/** Deletes a revision; one already gone is fine. */
export async function deleteRevision(client: ApiClient, revision: Revision): Promise<void> {
  try {
    await client.delete(controllerRevisions, revision.metadata.namespace, revision.metadata.name!);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * ClaimControllerRevisions (ControllerRevisionControllerRefManager): keeps the owner's revisions
 * that still match its selector, releases those that stopped matching and adopts matching
 * orphans. `canAdopt` rejects when the owner is being deleted (RecheckDeletionTimestamp).
 */
export async function claimRevisions(
  client: ApiClient,
  owner: Readonly<KubeObject>,
  ref: OwnerReference,
  selector: Selector,
  candidates: readonly Revision[],
  canAdopt: () => Promise<void>,
): Promise<Revision[]> {
  const claimed: Revision[] = [];
  const dying = Boolean(owner.metadata.deletionTimestamp);
  let adoptable: Promise<void> | undefined;
  for (const revision of candidates) {
    const current = controllerOf(revision);
    const matches = selector.matches(revision.metadata.labels);
    if (current) {
      if (current.uid !== owner.metadata.uid) continue;
      if (matches) claimed.push(revision);
      else if (!dying) await patchOwnerRefs(client, revision, [{ $patch: 'delete', uid: owner.metadata.uid }]);
      continue;
    }
    if (dying || !matches || revision.metadata.deletionTimestamp) continue;
    adoptable ??= canAdopt();
    await adoptable;
    const adopted = await patchOwnerRefs(client, revision, [ref]);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** A strategic-merge patch of ownerReferences with the revision's uid as precondition. */
async function patchOwnerRefs(client: ApiClient, revision: Revision, refs: unknown[]): Promise<FrozenObject | undefined> {
  const patch = { metadata: { ownerReferences: refs, uid: revision.metadata.uid } };
  try {
    return await client.patch(controllerRevisions, revision.metadata.namespace, revision.metadata.name!, 'strategic', patch);
  } catch (err) {
    // Gone, or replaced by a new object of the same name (the uid precondition): nothing to claim.
    if (isNotFound(err) || isInvalid(err) || isConflict(err)) return undefined;
    throw err;
  }
}

/**
 * RecheckDeletionTimestamp: an uncached read of the owner before it adopts anything, so that an
 * owner being deleted (or replaced under the same name) adopts nothing.
 */
export async function recheckNotDeleted(client: ApiClient, ref: ResourceRef, owner: Readonly<KubeObject>): Promise<void> {
  const { namespace, name } = splitKey(keyOf(owner));
  let fresh: KubeObject;
  try {
    fresh = await client.get(ref, namespace, name);
  } catch (err) {
    throw new Error(`can't recheck DeletionTimestamp: ${(err as Error).message}`);
  }
  if (fresh.metadata.uid !== owner.metadata.uid) throw new Error(`original ${owner.kind} ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`);
  if (fresh.metadata.deletionTimestamp) throw new Error(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
}

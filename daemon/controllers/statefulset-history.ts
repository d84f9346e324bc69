/**
 * A StatefulSet's revisions (k/k `stateful_set_control.go` getStatefulSetRevisions and
 * truncateHistory, `stateful_set.go` adoptOrphanRevisions, `stateful_set_utils.go` newRevision):
 * each distinct template is one ControllerRevision `<set>-<hash>` whose hash is FNV of its data,
 * labelled `controller.kubernetes.io/hash`; going back to an older template renumbers that revision
 * instead of creating a new one. Status.currentRevision and updateRevision name them.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { Selector } from '../../shared/labels.js';
import { controllerOf } from './controller-ref-manager.js';
import {
  appsControllerRef,
  claimRevisions,
  controllerRevisionHashLabel,
  controllerRevisionName,
  createControllerRevision,
  deleteRevision,
  equalRevision,
  hashControllerRevision,
  nextRevision,
  recheckNotDeleted,
  renumberRevision,
  sortRevisions,
  templatePatch,
} from './history.js';
import { podRevision } from './statefulset-pods.js';

type Obj = Readonly<KubeObject>;

const statefulSets: ResourceRef = { group: 'apps', version: 'v1', resource: 'statefulsets' };

/** ListControllerRevisions: matching the selector and owned by the set or by no one. */
export function listRevisions(set: Obj, selector: Selector, inNamespace: readonly Obj[]): Obj[] {
  return inNamespace.filter((rev) => {
    if (!selector.matches(rev.metadata.labels)) return false;
    const ref = controllerOf(rev);
    return !ref || ref.uid === set.metadata.uid;
  });
}

/** adoptOrphanRevisions: orphans that match are adopted, after an uncached check of the set. */
export async function adoptOrphanRevisions(client: ApiClient, set: Obj, selector: Selector, revisions: readonly Obj[]): Promise<void> {
  const orphans = revisions.filter((rev) => !controllerOf(rev));
  if (orphans.length === 0) return;
  await claimRevisions(client, set, appsControllerRef(set, 'StatefulSet'), selector, orphans, () => recheckNotDeleted(client, statefulSets, set));
}

/** newRevision: the revision the set's current template would have. */
export function newRevision(set: Obj, revision: number, collisionCount: number): KubeObject {
  const data = templatePatch(set);
  const hash = hashControllerRevision(data, collisionCount);
  const metadata: KubeObject['metadata'] = {
    name: controllerRevisionName(set.metadata.name!, hash),
    namespace: set.metadata.namespace,
    labels: { ...set.spec?.template?.metadata?.labels, [controllerRevisionHashLabel]: hash },
    ownerReferences: [appsControllerRef(set, 'StatefulSet')],
  };
  if (Object.keys(set.metadata.annotations ?? {}).length > 0) metadata.annotations = { ...set.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, data, revision };
}

export interface Revisions {
  current: Obj;
  update: Obj;
  collisionCount: number;
}

/** getStatefulSetRevisions: finds, renumbers or creates the update revision; finds the current one. */
export async function statefulSetRevisions(client: ApiClient, set: Obj, listed: readonly Obj[]): Promise<Revisions> {
  const revisions = sortRevisions(listed);
  let collisionCount: number = set.status?.collisionCount ?? 0;
  const candidate = newRevision(set, nextRevision(revisions), collisionCount);
  const equal = revisions.filter((rev) => equalRevision(rev, candidate));
  let update: Obj;
  if (equal.length > 0 && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1])) {
    update = revisions[revisions.length - 1]!; // the newest revision already holds this template
  } else if (equal.length > 0) {
    update = await renumberRevision(client, equal[equal.length - 1]!, candidate.revision); // a rollback
  } else {
    ({ revision: update, collisionCount } = await createControllerRevision(client, set, candidate, collisionCount));
  }
  const current = revisions.find((rev) => rev.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}

/**
 * truncateHistory: revisions no pod runs and neither status revision names are deleted, oldest
 * first, until revisionHistoryLimit remain.
 */
export async function truncateHistory(client: ApiClient, set: Obj, pods: readonly Obj[], listed: readonly Obj[], current?: Obj, update?: Obj): Promise<void> {
  const live = new Set([current?.metadata.name, update?.metadata.name, ...pods.map(podRevision)]);
  const history = sortRevisions(listed).filter((rev) => !live.has(rev.metadata.name));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return;
  for (const revision of history.slice(0, history.length - limit)) await deleteRevision(client, revision);
}

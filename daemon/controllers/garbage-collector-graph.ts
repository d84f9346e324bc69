/**
 * The garbage collector's dependency graph (k/k `pkg/controller/garbagecollector/graph_builder.go`):
 * one small node per object (identity, owners, dependents, deletion state) built from informer
 * events, plus "virtual" nodes for owners referred to but not yet seen. It decides which objects
 * need attention (the attemptToDelete / attemptToOrphan work) and tells the collector through
 * `enqueue`; it never calls the API.
 */
import type { KubeObject, OwnerReference } from '../../shared/api/meta.js';
import type { ResourceInfo } from '../../shared/api/resources.js';
import { jsonEqual } from '../../shared/json-equal.js';

export const foregroundFinalizer = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';
/** How many absent owners to remember (absentOwnerCache holds 500). */
const absentOwnerCacheSize = 500;

export interface GraphNode {
  uid: string;
  apiVersion: string;
  kind: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  name: string;
  /** The served resource, once the object has been observed through an informer. */
  info?: ResourceInfo;
  owners: OwnerReference[];
  dependents: Set<string>;
  beingDeleted: boolean;
  /** Being deleted with the `foregroundDeletion` finalizer: waits for its blocking dependents. */
  deletingDependents: boolean;
  /** Being deleted with the `orphan` finalizer: its dependents lose their reference to it. */
  orphaning: boolean;
}

export interface GraphHooks {
  /** Asks the collector to look at the object with this uid. */
  enqueue(uid: string): void;
  /** A dependent refers to a namespaced owner that lives in another namespace. */
  reportInvalidNamespace(dependent: GraphNode, owner: OwnerReference): void;
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly absent = new Map<string, true>();

  constructor(private readonly hooks: GraphHooks) {}

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  isKnownAbsent(uid: string): boolean {
    return this.absent.has(uid);
  }

  markAbsent(uid: string): void {
    this.absent.delete(uid);
    this.absent.set(uid, true);
    if (this.absent.size > absentOwnerCacheSize) this.absent.delete(this.absent.keys().next().value as string);
  }

  /** An add or update from an informer. */
  observe(info: ResourceInfo, old: Readonly<KubeObject> | undefined, obj: Readonly<KubeObject>): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const owners = [...(obj.metadata.ownerReferences ?? [])];
    let node = this.nodes.get(uid);
    if (node && !node.info) this.replaceVirtual(node, info, obj);
    if (!node) {
      node = { uid, apiVersion: apiVersionOf(info), kind: info.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '', info, owners, dependents: new Set(), beingDeleted: false, deletingDependents: false, orphaning: false };
      this.nodes.set(uid, node);
      this.addDependentToOwners(node, owners);
    } else {
      const { added, removed, changed } = diffOwners(node.owners, owners);
      // A blocking reference that went away, or stopped blocking, may free an owner waiting in foreground deletion.
      for (const ref of removed) if (ref.blockOwnerDeletion && this.nodes.has(ref.uid)) this.hooks.enqueue(ref.uid);
      for (const [before, after] of changed) if (before.blockOwnerDeletion && !after.blockOwnerDeletion && this.nodes.has(after.uid)) this.hooks.enqueue(after.uid);
      node.owners = owners;
      this.addDependentToOwners(node, added);
      this.removeDependentFromOwners(node, removed);
    }
    const finalizers = obj.metadata.finalizers ?? [];
    node.beingDeleted = Boolean(obj.metadata.deletionTimestamp);
    node.deletingDependents = node.beingDeleted && finalizers.includes(foregroundFinalizer);
    node.orphaning = node.beingDeleted && finalizers.includes(orphanFinalizer);
    this.processTransitions(old, obj, node);
  }

  /** A delete from an informer: the object's dependents and waiting owners get another look. */
  forget(obj: Readonly<KubeObject>): void {
    const node = obj.metadata.uid ? this.nodes.get(obj.metadata.uid) : undefined;
    if (!node) return;
    this.nodes.delete(node.uid);
    this.removeDependentFromOwners(node, node.owners);
    if (node.dependents.size > 0) this.markAbsent(node.uid);
    for (const dependent of node.dependents) this.hooks.enqueue(dependent);
    for (const owner of node.owners) if (this.nodes.get(owner.uid)?.deletingDependents) this.hooks.enqueue(owner.uid);
  }

  /** The owners referred to but never observed (custom resources among them: they have no informer). */
  virtualUids(): string[] {
    return [...this.nodes.values()].filter((node) => !node.info).map((node) => node.uid);
  }

  /** A virtual owner the API says does not exist: its dependents are looked at again. */
  forgetVirtual(node: GraphNode): void {
    this.markAbsent(node.uid);
    this.nodes.delete(node.uid);
    for (const dependent of node.dependents) this.hooks.enqueue(dependent);
  }

  /** The dependents whose reference to this owner blocks its deletion. */
  blockingDependents(owner: GraphNode): GraphNode[] {
    return [...owner.dependents]
      .map((uid) => this.nodes.get(uid))
      .filter((dep): dep is GraphNode => Boolean(dep?.owners.some((ref) => ref.uid === owner.uid && ref.blockOwnerDeletion)));
  }

  private addDependentToOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const owner of owners) {
      const ownerNode = this.nodes.get(owner.uid);
      if (!ownerNode) {
        // Not seen yet (or gone): a virtual node, which the collector verifies against the API.
        this.nodes.set(owner.uid, { uid: owner.uid, apiVersion: owner.apiVersion, kind: owner.kind, namespace: node.namespace, name: owner.name, owners: [], dependents: new Set([node.uid]), beingDeleted: false, deletingDependents: false, orphaning: false });
        this.hooks.enqueue(owner.uid);
        continue;
      }
      ownerNode.dependents.add(node.uid);
      if (!ownerNode.info) continue;
      if (ownerNode.info.namespaced && ownerNode.namespace !== node.namespace) {
        this.hooks.reportInvalidNamespace(node, owner);
        potentiallyInvalid = true;
      } else if (ownerNode.apiVersion !== owner.apiVersion || ownerNode.kind !== owner.kind || ownerNode.name !== owner.name) {
        potentiallyInvalid = true;
      }
    }
    if (potentiallyInvalid) this.hooks.enqueue(node.uid);
  }

  private removeDependentFromOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    for (const owner of owners) {
      const ownerNode = this.nodes.get(owner.uid);
      if (!ownerNode) continue;
      ownerNode.dependents.delete(node.uid);
      // A virtual owner nobody refers to any more has nothing left to verify.
      if (!ownerNode.info && ownerNode.dependents.size === 0) this.nodes.delete(owner.uid);
    }
  }

  /** A virtual node is observed at last: dependents that named it with other coordinates are checked. */
  private replaceVirtual(node: GraphNode, info: ResourceInfo, obj: Readonly<KubeObject>): void {
    Object.assign(node, { info, apiVersion: apiVersionOf(info), kind: info.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' });
    for (const uid of node.dependents) {
      const dependent = this.nodes.get(uid);
      const ref = dependent?.owners.find((o) => o.uid === node.uid);
      if (!dependent || !ref) continue;
      const namespaceMismatch = info.namespaced && dependent.namespace !== node.namespace;
      if (namespaceMismatch) this.hooks.reportInvalidNamespace(dependent, ref);
      if (namespaceMismatch || ref.apiVersion !== node.apiVersion || ref.kind !== node.kind || ref.name !== node.name) this.hooks.enqueue(uid);
    }
  }

  private processTransitions(old: Readonly<KubeObject> | undefined, obj: Readonly<KubeObject>, node: GraphNode): void {
    if (startsWaitingWith(old, obj, orphanFinalizer)) return this.hooks.enqueue(node.uid);
    if (startsWaitingWith(old, obj, foregroundFinalizer)) {
      for (const dependent of node.dependents) this.hooks.enqueue(dependent);
      this.hooks.enqueue(node.uid);
    }
  }
}

/** The object is now being deleted with this finalizer, and was not before. */
function startsWaitingWith(old: Readonly<KubeObject> | undefined, obj: Readonly<KubeObject>, finalizer: string): boolean {
  const waiting = (o: Readonly<KubeObject> | undefined): boolean => Boolean(o?.metadata.deletionTimestamp) && (o?.metadata.finalizers ?? []).includes(finalizer);
  return waiting(obj) && !waiting(old);
}

function diffOwners(old: readonly OwnerReference[], next: readonly OwnerReference[]): { added: OwnerReference[]; removed: OwnerReference[]; changed: [OwnerReference, OwnerReference][] } {
  const before = new Map(old.map((ref) => [ref.uid, ref]));
  const added: OwnerReference[] = [];
  const changed: [OwnerReference, OwnerReference][] = [];
  for (const ref of next) {
    const previous = before.get(ref.uid);
    if (!previous) added.push(ref);
    else if (!jsonEqual(previous, ref)) changed.push([previous, ref]);
    before.delete(ref.uid);
  }
  return { added, removed: [...before.values()], changed };
}

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

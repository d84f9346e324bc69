/**
 * The generic REST registry (apiserver's genericregistry.Store): create, get, list, update, patch
 * and delete of any served resource against the Store, with the pipeline every write goes
 * through: strict field check, defaults, preparation, validation, admission, one atomic commit.
 * The HTTP handlers and the in-process client both call it, so they behave the same.
 */
import { alreadyExists, badRequest, conflict, invalid, notFound, StatusError, type GroupResource } from '../../../shared/api/errors.js';
import type { DeleteOptions, KubeObject } from '../../../shared/api/meta.js';
import { formatApiVersion } from '../../../shared/api/meta.js';
import { findResource, isDynamicResource, type ResourceInfo } from '../../../shared/api/resources.js';
import { coreEventToV1, v1EventToCore } from '../../../shared/api/event-conversion.js';
import { hpaV1ToV2, hpaV2ToV1 } from '../../../shared/api/hpa-conversion.js';
import type { Clock } from '../../../shared/clock.js';
import { rfc3339 } from '../../../shared/clock.js';
import type { ListOptions, PatchType } from '../../../shared/client/client.js';
import { admitCreateInNamespace } from '../admission/namespace-lifecycle.js';
import { allocateServiceAddresses } from '../admission/service-allocator.js';
import { admitPriorityClass } from '../admission/priority.js';
import { admitPodServiceAccount } from '../admission/service-account.js';
import { admitStorageObjectInUseProtection } from '../admission/storage-object-in-use-protection.js';
import { admitDefaultStorageClass } from '../admission/default-storage-class.js';
import { admitCsrSubject, admitCsrSubresource } from '../admission/certificate-signing-requests.js';
import { admitValidatingPolicies } from '../admission/validating-admission-policy.js';
import { admitWebhooks } from '../admission/admission-webhooks.js';
import { admissionConfigured } from '../admission/policy-cache.js';
import { checkInput } from '../codec/input-check.js';
import { applyPatch } from '../handlers/patch.js';
import type { RequestContext } from '../request-context.js';
import { namespacePrefix, resourcePrefix, storageKey } from '../../store/key-layout.js';
import { mutableCopy, PreconditionFailed, type Store, type StoredEntry } from '../../store/store.js';
import { validateObjectMeta } from './metadata.js';
import { generateName, keepSystemMetadata, newUid, resetSystemMetadata, sameContent } from './object-meta.js';
import { matcherFor } from './selection.js';
import { strategyFor } from './strategies.js';
import type { Strategy } from './strategy.js';
import { deleteObject } from './deletion.js';
import { prepareEphemeralContainersUpdate, validateEphemeralContainersUpdate } from './pod-ephemeral-containers.js';
import { listChunk, type Chunk } from './list-chunking.js';
import { refuseStrategicMerge, viewCustomResource } from '../crd/custom-resource-strategy.js';
import { finalizeCrdOnDelete, refuseWhileTerminating } from '../crd/crd-deletion.js';
import { jsonClone } from '../../../shared/json-clone.js';

export interface RegistryOptions {
  store: Store;
  clock: Clock;
  /** True once a garbage collector runs; until then Foreground/Orphan deletes act as Background. */
  garbageCollectorEnabled?: () => boolean;
  /**
   * True once a serviceaccount controller runs: a pod whose `default` account is missing then
   * waits for it and is refused after the wait; until then such a pod is admitted (admission/service-account.ts).
   */
  serviceAccountControllerEnabled?: () => boolean;
  /** The 5 characters a generateName gets (tests make them collide); random by default. */
  nameSuffix?: () => string;
}

/** A resource stored under another one's keys, with conversions both ways. */
interface StorageAlias {
  storage: ResourceInfo;
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

const aliases = new Map<string, StorageAlias>([
  ['events.k8s.io/v1/events', { storage: findResource('', 'v1', 'events')!, toStorage: v1EventToCore, fromStorage: coreEventToV1 }],
  ['autoscaling/v1/horizontalpodautoscalers', { storage: findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!, toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 }],
]);

const isPriorityClass = (info: ResourceInfo): boolean => info.group === 'scheduling.k8s.io' && info.resource === 'priorityclasses';
const isCsr = (info: ResourceInfo): boolean => info.group === 'certificates.k8s.io' && info.resource === 'certificatesigningrequests';

function aliasOf(info: ResourceInfo): StorageAlias | undefined {
  return info.group === '' ? undefined : aliases.get(`${info.group}/${info.version}/${info.resource}`);
}

/** The entry as the alias's clients see it; other entries pass through untouched. */
function view(alias: StorageAlias | undefined, entry: StoredEntry): StoredEntry {
  if (!alias) return entry;
  const object = alias.fromStorage(entry.object as KubeObject);
  return { ...entry, object, json: JSON.stringify(object) };
}

/** ObjectMeta's lists and maps are `omitempty`: an empty one is stored as absent, as in Kubernetes. */
function dropEmptyMetadata(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, unknown>;
  for (const field of ['labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields']) {
    const value = meta[field];
    if (value === null || (Array.isArray(value) && value.length === 0) || (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) delete meta[field];
  }
}

export function groupResource(info: ResourceInfo): GroupResource {
  return { group: info.group, resource: info.resource };
}

export class GenericRegistry {
  constructor(readonly options: RegistryOptions) {}

  get store(): Store {
    return this.options.store;
  }

  key(info: ResourceInfo, namespace: string | undefined, name: string): string {
    const stored = aliasOf(info)?.storage ?? info;
    return storageKey(stored.group, stored.resource, info.namespaced ? namespace : undefined, name);
  }

  /** The key prefix a list or watch of this resource reads. */
  prefix(info: ResourceInfo, namespace: string | undefined): string {
    const stored = aliasOf(info)?.storage ?? info;
    return info.namespaced && namespace ? namespacePrefix(stored.group, stored.resource, namespace) : resourcePrefix(stored.group, stored.resource);
  }

  /**
   * Converts stored entries for resources kept under another one's keys (events.k8s.io), and
   * custom resources to the version asked for, with their schema's defaults (as read from etcd).
   */
  view(info: ResourceInfo, entry: StoredEntry): StoredEntry {
    if (isDynamicResource(info)) return viewCustomResource(info, entry);
    return view(aliasOf(info), entry);
  }

  get(info: ResourceInfo, namespace: string | undefined, name: string): StoredEntry {
    const entry = this.store.get(this.key(info, namespace, name));
    if (!entry) throw notFound(groupResource(info), name);
    return this.view(info, entry);
  }

  /** A list, or one page of it when `limit` or `continue` is set (list-chunking.ts). */
  list(info: ResourceInfo, namespace: string | undefined, options: ListOptions = {}): Chunk {
    const alias = aliasOf(info);
    // Field selectors of an alias are converted to the stored kind's fields (regarding.name → involvedObject.name).
    const matches = matcherFor(info, options.labelSelector, options.fieldSelector);
    const prefix = this.prefix(info, namespace);
    const hasSelector = Boolean(options.labelSelector || options.fieldSelector);
    const request = { limit: options.limit, continue: options.continue, resourceVersion: options.resourceVersion, hasSelector };
    const chunk = listChunk(this.store.list(prefix), prefix, request, this.store.revision, this.store.oldestWatchableRevision, matches && ((e) => matches(e.object as KubeObject)));
    if (alias) chunk.entries = chunk.entries.map((e) => view(alias, e));
    else if (isDynamicResource(info)) chunk.entries = chunk.entries.map((e) => viewCustomResource(info, e));
    return chunk;
  }

  async create(info: ResourceInfo, namespace: string | undefined, input: KubeObject, ctx: RequestContext): Promise<StoredEntry> {
    const alias = aliasOf(info);
    if (alias) return view(alias, await this.create(alias.storage, namespace, alias.toStorage(this.decode(info, input, ctx)), ctx));
    const obj = this.decode(info, input, ctx);
    const gr = groupResource(info);
    if (info.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace ?? 'default';
    } else {
      delete obj.metadata.namespace;
    }
    const requestName = obj.metadata.name || obj.metadata.generateName || 'Unknown';
    const nameGenerated = !obj.metadata.name && Boolean(obj.metadata.generateName);
    const nameFor = (base: string): string => generateName(base, this.options.nameSuffix?.());
    if (nameGenerated) obj.metadata.name = nameFor(obj.metadata.generateName!);
    const strategy = strategyFor(info.group, info.resource);
    refuseWhileTerminating(info);
    resetSystemMetadata(obj, newUid(), rfc3339(this.options.clock.now()));
    strategy.defaults?.(obj);
    if (info.namespaced) admitCreateInNamespace(this.store, gr, obj.metadata.namespace!, obj.metadata.name!);
    // Mutating admission runs before PrepareForCreate and validation, as in kube-apiserver: the
    // token volume it adds is validated with the rest, and its Forbidden comes before Invalid.
    if (info.group === '' && info.resource === 'pods') await this.admitPod(obj, requestName);
    if (info.group === '') {
      admitDefaultStorageClass(this.store, info.resource, obj);
      admitStorageObjectInUseProtection(info.resource, obj);
    }
    // Every write passes here (controllers' and kubelets' too): with no policy or webhook stored,
    // admission costs one flag check and builds nothing. A generated name is not the request's
    // name yet (kube-apiserver's attributes carry the empty URL name; `request.name` is '').
    const attrs = admissionConfigured(this.store)
      ? { info, subresource: '', operation: 'CREATE' as const, name: nameGenerated ? '' : (obj.metadata.name ?? ''), namespace: info.namespaced ? (obj.metadata.namespace ?? '') : '', object: obj }
      : undefined;
    if (attrs) admitWebhooks(this.store, attrs, ctx, true);
    strategy.prepareForCreate?.(obj, ctx);
    ctx.rbacWrite?.(info, obj, undefined);
    this.validate(info, strategy, obj, undefined, ctx);
    if (isPriorityClass(info)) admitPriorityClass(this.store, obj, 'create');
    if (isCsr(info)) admitCsrSubject(obj);
    // Validating admission (policies) comes last, on the object as it would be stored.
    if (attrs) {
      admitValidatingPolicies(this.store, attrs, ctx);
      admitWebhooks(this.store, attrs, ctx, false);
    }
    let key = this.key(info, obj.metadata.namespace, obj.metadata.name!);
    // A generated name that is taken is generated again, up to 7 more times (RetryGenerateName, on since 1.31).
    for (let retry = 0; nameGenerated && this.store.get(key) && retry < 7; retry++) {
      obj.metadata.name = nameFor(obj.metadata.generateName!);
      key = this.key(info, obj.metadata.namespace, obj.metadata.name);
    }
    if (this.store.get(key)) throw alreadyExists(gr, obj.metadata.name!);
    if (info.group === '' && info.resource === 'services') allocateServiceAddresses(this.store, obj, undefined);
    if (ctx.dryRun) return { key, revision: 0, object: obj, json: JSON.stringify(obj) };
    return this.commitPut(info, key, obj, { mustNotExist: true });
  }

  /**
   * PUT of the whole object (or of its status / a namespace's finalizers). An unset
   * resourceVersion means "unconditional", as for every built-in kind.
   */
  async update(info: ResourceInfo, namespace: string | undefined, name: string, input: KubeObject, ctx: RequestContext, subresource?: string): Promise<StoredEntry> {
    const alias = aliasOf(info);
    if (alias) return view(alias, await this.update(alias.storage, namespace, name, alias.toStorage(this.decode(info, input, ctx)), ctx, subresource));
    const obj = this.decode(info, input, ctx);
    if (obj.metadata.name && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    if (info.namespaced && obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const existing = this.get(info, namespace, name);
    const wanted = obj.metadata.resourceVersion;
    if (wanted && wanted !== String(existing.revision)) throw conflict(groupResource(info), name);
    // A uid in the body is a precondition: it stops a stale copy replacing a re-created object.
    const uid = obj.metadata.uid;
    if (uid && uid !== existing.object.metadata.uid) {
      throw conflict(groupResource(info), name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.object.metadata.uid}`);
    }
    return this.writeUpdate(info, existing, obj, ctx, subresource);
  }

  async patch(info: ResourceInfo, namespace: string | undefined, name: string, type: PatchType, patch: unknown, ctx: RequestContext, subresource?: string): Promise<StoredEntry> {
    if (type === 'strategic' && isDynamicResource(info)) refuseStrategicMerge();
    const seen = this.get(info, namespace, name);
    const patched = applyPatch(mutableCopy(seen), type, patch, { group: info.group, version: info.version, kind: info.kind });
    const wanted = patched.metadata?.resourceVersion;
    if (wanted && wanted !== String(seen.revision)) throw conflict(groupResource(info), name);
    const obj = this.decode(info, patched, ctx);
    if (obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    const alias = aliasOf(info);
    if (!alias) return this.writeUpdate(info, seen, obj, ctx, subresource);
    const stored = this.store.get(this.key(info, namespace, name))!;
    return view(alias, await this.writeUpdate(alias.storage, stored, alias.toStorage(obj), ctx, subresource));
  }

  async delete(info: ResourceInfo, namespace: string | undefined, name: string, options: DeleteOptions, ctx: RequestContext): Promise<StoredEntry> {
    const alias = aliasOf(info);
    if (alias) return view(alias, await this.delete(alias.storage, namespace, name, options, ctx));
    let existing = this.get(info, namespace, name);
    const oldObject = existing.object as KubeObject;
    if (admissionConfigured(this.store)) {
      const attrs = { info, subresource: '', operation: 'DELETE' as const, name, namespace: info.namespaced ? (namespace ?? '') : '', oldObject };
      admitWebhooks(this.store, attrs, ctx, true);
      admitValidatingPolicies(this.store, attrs, ctx);
      admitWebhooks(this.store, attrs, ctx, false);
    }
    // A CRD gets its cleanup finalizer on the first delete, so its custom resources go first.
    if (info.group === 'apiextensions.k8s.io' && !ctx.dryRun) existing = await finalizeCrdOnDelete(this, info, existing);
    return deleteObject(this, info, existing, options, ctx);
  }

  /** Writes obj over existing after the update pipeline; removes it if its last finalizer went. */
  async writeUpdate(info: ResourceInfo, existing: StoredEntry, obj: KubeObject, ctx: RequestContext, subresource?: string): Promise<StoredEntry> {
    const old = existing.object as KubeObject;
    const strategy = strategyFor(info.group, info.resource);
    const hasStatus = info.subresources.some((s) => s.name === 'status');
    let next: KubeObject;
    const prepared = subresource ? strategy.prepareSubresourceUpdate?.(subresource, obj, mutableCopy(existing), rfc3339(this.options.clock.now())) : undefined;
    if (prepared) {
      next = prepared;
      keepSystemMetadata(next, old);
    } else if (subresource === 'status') {
      // A status write keeps the spec and the system metadata. The workload and pod status
      // strategies let annotations through (the deployment controller writes its revision
      // annotation with the status); nodes and namespaces keep all metadata.
      // The spec and the rest stay the stored version's frozen parts, shared and not copied (only
      // the metadata is changed below; the store keeps frozen parts as they are).
      // A custom resource's body is defaulted as it is decoded (the apiextensions apiserver's
      // codec), so the status its rules see and the one stored carry the schema's defaults.
      if (isDynamicResource(info)) strategy.defaults?.(obj);
      next = { ...old, metadata: jsonClone(old.metadata), status: obj.status };
      const keepsAllMetadata = info.group === '' && (info.resource === 'nodes' || info.resource === 'namespaces');
      if (!keepsAllMetadata && obj.metadata.annotations !== undefined) next.metadata.annotations = obj.metadata.annotations;
    } else if (subresource === 'ephemeralcontainers') {
      // Only spec.ephemeralContainers changes through this subresource (podEphemeralContainersStrategy).
      next = prepareEphemeralContainersUpdate(obj, mutableCopy(existing));
    } else if (subresource === 'finalize') {
      next = mutableCopy(existing);
      next.spec = { ...next.spec, finalizers: obj.spec?.finalizers ?? [] };
    } else {
      next = obj;
      keepSystemMetadata(next, old);
      if (hasStatus) next.status = jsonClone(old.status);
      strategy.defaults?.(next);
      strategy.prepareForUpdate?.(next, old);
    }
    next.metadata.resourceVersion = String(existing.revision);
    const attrs = admissionConfigured(this.store)
      ? { info, operation: 'UPDATE' as const, name: next.metadata.name ?? '', namespace: info.namespaced ? (next.metadata.namespace ?? '') : '', ...(ctx.admissionView ?? { subresource: subresource ?? '', object: next, oldObject: old }) }
      : undefined;
    if (attrs) admitWebhooks(this.store, attrs, ctx, true);
    if (prepared) {
      const errors = strategy.validateSubresourceUpdate?.(subresource!, next, old) ?? [];
      if (errors.length) throw invalid({ group: info.group, kind: info.kind }, next.metadata.name ?? '', errors);
      if (isCsr(info)) admitCsrSubresource(subresource!, next, old, ctx.mayUseSigner);
    } else if (subresource === 'status') {
      const errors = strategy.validateStatusUpdate?.(next, old) ?? [];
      if (errors.length) throw invalid({ group: info.group, kind: info.kind }, next.metadata.name ?? '', errors);
    } else if (subresource === 'ephemeralcontainers') {
      const errors = validateEphemeralContainersUpdate(next, old);
      if (errors.length) throw invalid({ group: info.group, kind: info.kind }, next.metadata.name ?? '', errors);
    } else if (subresource !== 'finalize') {
      ctx.rbacWrite?.(info, next, old);
      this.validate(info, strategy, next, old, ctx);
      if (isPriorityClass(info)) admitPriorityClass(this.store, next, 'update');
    }
    if (attrs) {
      admitValidatingPolicies(this.store, attrs, ctx);
      admitWebhooks(this.store, attrs, ctx, false);
    }
    if (info.group === '' && info.resource === 'services' && subresource === undefined) allocateServiceAddresses(this.store, next, old);
    if (ctx.dryRun) return { key: existing.key, revision: existing.revision, object: next, json: JSON.stringify(next) };
    if (this.isFinished(info, next)) return this.commitDelete(info, existing);
    if (sameContent(next, old)) return existing;
    return this.commitPut(info, existing.key, next, { expectRevision: existing.revision });
  }

  /** An object marked for deletion whose finalizers are all gone is removed by the write that clears them. */
  isFinished(info: ResourceInfo, obj: KubeObject): boolean {
    if (!obj.metadata.deletionTimestamp) return false;
    if (obj.metadata.finalizers?.length) return false;
    if (info.group === '' && info.resource === 'namespaces') return !(obj.spec?.finalizers?.length);
    // A pod waits for its kubelet, which deletes it with a zero grace period once it has stopped.
    if (info.group === '' && info.resource === 'pods') return (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
    return true;
  }

  async commitPut(info: ResourceInfo, key: string, obj: KubeObject, precondition: { mustNotExist?: boolean; expectRevision?: number }): Promise<StoredEntry> {
    try {
      const { entries } = await this.store.commit([{ type: 'put', key, object: obj, ...precondition }]);
      return entries[0]!;
    } catch (err) {
      throw this.mapPrecondition(info, obj.metadata.name ?? '', err);
    }
  }

  async commitDelete(info: ResourceInfo, existing: StoredEntry): Promise<StoredEntry> {
    try {
      const { entries } = await this.store.commit([{ type: 'delete', key: existing.key, expectRevision: existing.revision }]);
      return entries[0]!;
    } catch (err) {
      throw this.mapPrecondition(info, existing.object.metadata.name ?? '', err);
    }
  }

  private mapPrecondition(info: ResourceInfo, name: string, err: unknown): unknown {
    if (!(err instanceof PreconditionFailed)) return err;
    if (err.why === 'exists') return alreadyExists(groupResource(info), name);
    if (err.why === 'not-found') return notFound(groupResource(info), name);
    return conflict(groupResource(info), name);
  }

  private admitPod(pod: KubeObject, requestName: string): Promise<void> {
    const enforceDefaultAccount = this.options.serviceAccountControllerEnabled?.() ?? false;
    return admitPodServiceAccount({ store: this.store, clock: this.options.clock, enforceDefaultAccount }, pod, pod.metadata.namespace!, requestName);
  }

  /** Checks the input's apiVersion/kind and fields (strict decoding) and returns a working copy. */
  private decode(info: ResourceInfo, input: KubeObject, ctx: RequestContext): KubeObject {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw badRequest('Object \'Kind\' is missing in \'' + JSON.stringify(input) + '\'');
    const expected = formatApiVersion(info.group, info.version);
    if (input.apiVersion && input.apiVersion !== expected) {
      throw badRequest(`the API version in the data (${input.apiVersion}) does not match the expected API version (${expected})`);
    }
    if (input.kind && input.kind !== info.kind) {
      throw badRequest(`the kind in the data (${input.kind}) does not match the expected kind (${info.kind})`);
    }
    const working = ctx.ownCopy ? input : structuredClone(input);
    // Custom resources are always pruned by their schema: pruning is what they mean, not a check.
    const obj = ctx.skipSchemaCheck && !isDynamicResource(info) ? working : checkInput(info, working, ctx);
    obj.apiVersion = expected;
    obj.kind = info.kind;
    obj.metadata = obj.metadata ?? {};
    dropEmptyMetadata(obj);
    return obj;
  }

  private validate(info: ResourceInfo, strategy: Strategy, obj: KubeObject, old: KubeObject | undefined, ctx: RequestContext): void {
    const errors = validateObjectMeta(obj, strategy.nameRule ?? 'subdomain', info.namespaced);
    errors.push(...(strategy.validate?.(obj, old, ctx.warnings) ?? []));
    if (old) errors.push(...(strategy.validateUpdate?.(obj, old) ?? []));
    if (errors.length) throw invalid({ group: info.group, kind: info.kind }, obj.metadata.name ?? obj.metadata.generateName ?? '', errors);
  }
}

export { StatusError };

/**
 * The in-process ApiClient: calls the generic registry directly, so the scheduler, controllers and
 * virtual nodes go through the same defaulting, validation, admission and optimistic concurrency
 * as an HTTP request, without the sockets. Results of get/list/delete are fresh copies (callers
 * get, change and update); watch events and the results of create/update/patch carry the store's
 * parsed version itself, deep-frozen and shared by every in-process reader (an informer caches it
 * as is), as client-go's informers share one cache. A write result is mostly read for its
 * resourceVersion or uid or thrown away, and copying it was a large share of the daemon's CPU and
 * garbage with 10,000 pods; the FrozenObject type tells a caller that changes it to copy first.
 *
 * Schema check: client-go's writes are decoded leniently by the apiserver (only kubectl asks for
 * strict field validation), and the components here write objects built by typed code, so the
 * daemon skips the per-field schema walk for them (`schemaCheck: false`); tests keep it on, so
 * that a controller writing an unknown field or a wrong type is still caught there.
 */
import { StatusError, isStatusError, notFound } from '../../shared/api/errors.js';
import type { DeleteOptions, FrozenObject, KubeList, KubeObject, Status } from '../../shared/api/meta.js';
import { deepFreeze } from '../../shared/api/freeze.js';
import { jsonClone } from '../../shared/json-clone.js';
import { formatApiVersion } from '../../shared/api/meta.js';
import { findResource, type ResourceInfo } from '../../shared/api/resources.js';
import type { ApiClient, ListOptions, PatchType, ResourceRef, WatchHandle, WatchHandler, WatchOptions, WriteOptions } from '../../shared/client/client.js';
import { getScale } from './handlers/scale.js';
import { bindPod } from './handlers/pod-actions.js';
import { evictPod } from './subresources/eviction.js';
import type { GenericRegistry } from './registry/generic-registry.js';
import { openWatch } from './registry/watch-source.js';
import { createServiceAccountToken } from './subresources/token.js';
import { newContext } from './request-context.js';
import type { StoredEntry } from '../store/store.js';

function copy(entry: StoredEntry): KubeObject {
  return jsonClone(entry.object) as KubeObject;
}

/**
 * A write's result: the stored version itself when it is the store's frozen, shared one; a copy
 * when it is the registry's working object (a dry run, or an alias's view of the stored version),
 * which is neither frozen nor guaranteed to match its JSON text.
 */
function written(entry: StoredEntry): FrozenObject {
  return Object.isFrozen(entry.object) ? (entry.object as FrozenObject) : deepFreeze(copy(entry));
}

export interface LocalClientOptions {
  /** Walk each written object against the type schema as an HTTP body is (default true). */
  schemaCheck?: boolean;
}

/** What the object would be after a trip over the wire: undefined fields gone, no shared references. */
const asJson = jsonClone;

export class LocalClient implements ApiClient {
  private readonly schemaCheck: boolean;

  constructor(
    private readonly registry: GenericRegistry,
    options: LocalClientOptions = {},
  ) {
    this.schemaCheck = options.schemaCheck ?? true;
  }

  /** A request context for a write; the written object is always this client's own fresh copy. */
  private context(options: { dryRun?: boolean; fieldValidation?: WriteOptions['fieldValidation']; fieldManager?: string } = {}) {
    const ctx = newContext(options);
    ctx.ownCopy = true;
    if (!this.schemaCheck) ctx.skipSchemaCheck = true;
    return ctx;
  }

  private info(ref: ResourceRef): ResourceInfo {
    const info = findResource(ref.group, ref.version, ref.resource);
    if (!info) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
    return info;
  }

  async get(ref: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject> {
    return copy(this.registry.get(this.info(ref), namespace, name));
  }

  async list(ref: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList> {
    const info = this.info(ref);
    const { revision, entries, continue: next, remainingItemCount } = this.registry.list(info, namespace, options);
    const metadata: KubeList['metadata'] = { resourceVersion: String(revision) };
    if (next) metadata.continue = next;
    if (remainingItemCount !== undefined) metadata.remainingItemCount = remainingItemCount;
    return { kind: info.listKind, apiVersion: formatApiVersion(info.group, info.version), metadata, items: entries.map(copy) };
  }

  async create(ref: ResourceRef, namespace: string | undefined, obj: KubeObject, options: WriteOptions = {}): Promise<FrozenObject> {
    return written(await this.registry.create(this.info(ref), namespace ?? obj.metadata?.namespace, asJson(obj), this.context(options)));
  }

  async update(ref: ResourceRef, obj: KubeObject, options: WriteOptions & { subresource?: 'status' | 'scale' | 'finalize' | 'ephemeralcontainers' | 'approval' } = {}): Promise<FrozenObject> {
    const info = this.info(ref);
    const { subresource, ...rest } = options;
    if (subresource === 'scale') throw new StatusError(405, 'MethodNotAllowed', 'update the parent object to scale it in-process');
    return written(await this.registry.update(info, obj.metadata.namespace, obj.metadata.name ?? '', asJson(obj), this.context(rest), subresource));
  }

  async patch(ref: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: WriteOptions & { subresource?: 'status' | 'scale' | 'ephemeralcontainers' } = {}): Promise<FrozenObject> {
    const { subresource, ...rest } = options;
    return written(await this.registry.patch(this.info(ref), namespace, name, type, asJson(patch), this.context(rest), subresource === 'status' || subresource === 'ephemeralcontainers' ? subresource : undefined));
  }

  async delete(ref: ResourceRef, namespace: string | undefined, name: string, options: Omit<DeleteOptions, 'dryRun'> & { dryRun?: boolean } = {}): Promise<KubeObject> {
    const { dryRun, ...deleteOptions } = options;
    return copy(await this.registry.delete(this.info(ref), namespace, name, deleteOptions, newContext({ dryRun })));
  }

  async deleteCollection(ref: ResourceRef, namespace: string | undefined, options: ListOptions & DeleteOptions = {}): Promise<KubeList> {
    const info = this.info(ref);
    const { labelSelector, fieldSelector, ...deleteOptions } = options;
    const { entries } = this.registry.list(info, namespace, { labelSelector, fieldSelector });
    const items: KubeObject[] = [];
    for (const entry of entries) {
      try {
        items.push(copy(await this.registry.delete(info, entry.object.metadata.namespace, entry.object.metadata.name!, deleteOptions, newContext())));
      } catch (err) {
        // Another writer removed it between the list and the delete: that is the outcome wanted.
        if (!(isStatusError(err) && err.code === 404)) throw err;
      }
    }
    return { kind: info.listKind, apiVersion: formatApiVersion(info.group, info.version), metadata: { resourceVersion: String(this.registry.store.revision) }, items };
  }

  async createSubresource(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<FrozenObject | Status> {
    const info = this.info(ref);
    if (info.resource === 'pods' && subresource === 'binding') return bindPod(this.registry, namespace ?? 'default', name, body, newContext());
    if (info.resource === 'pods' && subresource === 'eviction') return evictPod(this.registry, namespace ?? 'default', name, body, newContext());
    if (info.resource === 'serviceaccounts' && subresource === 'token') return createServiceAccountToken(this.registry, namespace ?? 'default', name, asJson(body));
    throw notFound({ group: info.group, resource: `${info.resource}/${subresource}` }, name);
  }

  async getSubresource(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string): Promise<KubeObject> {
    const info = this.info(ref);
    if (subresource === 'scale') return getScale(this.registry, info, namespace, name);
    if (subresource === 'status' || subresource === 'ephemeralcontainers') return this.get(ref, namespace, name);
    throw notFound({ group: info.group, resource: `${info.resource}/${subresource}` }, name);
  }

  async watch(ref: ResourceRef, namespace: string | undefined, options: WatchOptions, handler: WatchHandler): Promise<WatchHandle> {
    const info = this.info(ref);
    let stopped = false;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    let storeWatch: { cancel(): void } | undefined;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      storeWatch?.cancel();
      finish();
    };
    try {
      storeWatch = openWatch(
        this.registry,
        info,
        namespace,
        options,
        (type, entry) => {
          if (!stopped) handler({ type, object: entry.object as KubeObject });
        },
        // The handler threw: end the watch, so an informer notices and re-lists instead of going deaf.
        () => stop(),
      );
    } catch (err) {
      if (!isStatusError(err)) throw err;
      handler({ type: 'ERROR', object: err.status as unknown as KubeObject });
      stop();
      return { stop, done };
    }
    if (options.timeoutSeconds) {
      const timer = this.registry.options.clock.after(options.timeoutSeconds * 1000, stop);
      void done.then(() => timer.cancel());
    }
    return { stop, done };
  }
}

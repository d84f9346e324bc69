/**
 * The ApiClient interface: kubelab's client-go. The scheduler, controllers, kubelets, kube-proxies
 * and the TUI talk to the cluster only through it (DESIGN "One way in"). Two implementations exist
 * and pass the same contract suite (test/contract/client.contract.ts):
 *  - the in-process client (daemon/apiserver/local-client.ts), which runs the apiserver's own
 *    pipeline: the same validation, defaulting, admission and optimistic concurrency as HTTP;
 *  - the HTTP/WebSocket client (shared/client/http-client.ts).
 *
 * Guarantees: every method rejects with a StatusError (shared/api/errors.ts) on an API error.
 * Objects returned by get, list, delete and getSubresource are fresh copies the caller may change;
 * those returned by create, update, patch and createSubresource are typed FrozenObject: the
 * in-process client answers a write with the store's own shared, deep-frozen version (no copy per
 * write; the HTTP client's are fresh, the type just promises less), so a caller that wants to
 * change one copies it first. A watch delivers events in
 * resourceVersion order; from resourceVersion "0" or none it starts with a synthetic ADDED for
 * every current object; from a resourceVersion older than the server keeps it delivers one
 * ERROR event carrying a 410 Expired Status and ends (informers then relist).
 */
import type { DeleteOptions, FrozenObject, KubeList, KubeObject, Status, WatchEvent } from '../api/meta.js';

/** Which resource a call is about: `{group: 'apps', version: 'v1', resource: 'deployments'}`. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** "0" or unset: the current state. */
  resourceVersion?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Replay every change after this revision; "0" or unset: synthetic ADDED events first. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
}

export type PatchType = 'json' | 'merge' | 'strategic';

export interface WatchHandle {
  /** Stops the watch; no event is delivered after it resolves. */
  stop(): void;
  /** Settles when the watch ends for any reason (stop, timeout, server close, error). */
  readonly done: Promise<void>;
}

export type WatchHandler = (event: WatchEvent) => void;

export interface ApiClient {
  get(ref: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject>;
  list(ref: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<KubeList>;
  create(ref: ResourceRef, namespace: string | undefined, obj: KubeObject, options?: WriteOptions): Promise<FrozenObject>;
  /** PUT of the whole object; metadata.resourceVersion, when set, must match (409 Conflict). */
  update(ref: ResourceRef, obj: KubeObject, options?: WriteOptions & { subresource?: 'status' | 'scale' | 'finalize' | 'ephemeralcontainers' | 'approval' }): Promise<FrozenObject>;
  patch(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: WriteOptions & { subresource?: 'status' | 'scale' | 'ephemeralcontainers' },
  ): Promise<FrozenObject>;
  /** Returns the object as it stands after the call: still present with deletionTimestamp, or its last state. */
  delete(ref: ResourceRef, namespace: string | undefined, name: string, options?: Omit<DeleteOptions, 'dryRun'> & { dryRun?: boolean }): Promise<KubeObject>;
  deleteCollection(ref: ResourceRef, namespace: string | undefined, options?: ListOptions & DeleteOptions): Promise<KubeList>;
  /** POST to a subresource: `pods/binding`, `pods/eviction`. */
  createSubresource(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<FrozenObject | Status>;
  /** GET of a subresource: `deployments/scale`. */
  getSubresource(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string): Promise<KubeObject>;
  watch(ref: ResourceRef, namespace: string | undefined, options: WatchOptions, handler: WatchHandler): Promise<WatchHandle>;
}

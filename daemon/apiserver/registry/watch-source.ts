/**
 * Watch semantics on top of the store (reference/kubectl-compat.md §7): from resourceVersion 0 or
 * none, a synthetic ADDED for every current match first; from N, every change after N. Selectors
 * apply to transitions: an object that stops matching is sent as DELETED, one that starts
 * matching as ADDED, as the apiserver's watch cache does. A watch on a custom resource ends when
 * its CRD goes (`onEnd`), as the real kind's storage is destroyed then.
 */
import { badRequest, StatusError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { WatchOptions } from '../../../shared/client/client.js';
import type { StoreWatch, StoredEntry } from '../../store/store.js';
import type { GenericRegistry } from './generic-registry.js';
import { endWhenCrdGoes, servedCrdFor } from '../crd/served-crds.js';
import { matcherFor } from './selection.js';

export type WatchEmit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', entry: StoredEntry) => void;

/** Starts a watch; throws 410 Expired (StatusError) if the resourceVersion is too old. */
export function openWatch(
  registry: GenericRegistry,
  info: ResourceInfo,
  namespace: string | undefined,
  options: WatchOptions,
  emit: WatchEmit,
  onError?: (err: unknown) => void,
  /** The server ends the watch (its CRD was deleted); defaults to onError, which ends it too. */
  onEnd?: () => void,
): StoreWatch {
  const watch = openStoreWatch(registry, info, namespace, options, emit, onError);
  const crd = servedCrdFor(info);
  if (!crd) return watch;
  const forget = endWhenCrdGoes(crd.name, () => {
    watch.cancel();
    if (onEnd) onEnd();
    else onError?.(new Error(`the server stopped serving ${crd.plural}.${crd.group}`));
  });
  return {
    cancel: () => {
      forget();
      watch.cancel();
    },
  };
}

function openStoreWatch(
  registry: GenericRegistry,
  info: ResourceInfo,
  namespace: string | undefined,
  options: WatchOptions,
  emit: WatchEmit,
  onError?: (err: unknown) => void,
): StoreWatch {
  const prefix = registry.prefix(info, namespace);
  // Selectors match the stored object; an alias's field names are converted to the stored kind's.
  const matches = matcherFor(info, options.labelSelector, options.fieldSelector) ?? (() => true);
  const emitViewed: WatchEmit = (type, entry) => emit(type, registry.view(info, entry));
  const store = registry.store;
  const rv = options.resourceVersion ?? '';
  let from: number;
  if (rv === '' || rv === '0') {
    // List and subscribe in the same tick: no change can fall between them.
    for (const entry of store.list(prefix)) if (matches(entry.object as KubeObject)) emitViewed('ADDED', entry);
    from = store.revision;
  } else {
    from = Number(rv);
    if (!/^\d+$/.test(rv) || !Number.isSafeInteger(from)) throw badRequest(`resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`);
    if (from > store.revision) {
      // The watch cache of a real apiserver waits ~3 s for a revision it has not reached, then says this.
      throw new StatusError(504, 'Timeout', `Timeout: Too large resource version: ${from}, current: ${store.revision}`, {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      });
    }
  }
  return store.watch(prefix, from, (events) => {
    for (const event of events) {
      const now = event.type !== 'DELETED' && matches(event.entry.object as KubeObject);
      const before = event.previous !== undefined && matches(event.previous.object as KubeObject);
      if (event.type === 'DELETED') {
        if (before) emitViewed('DELETED', event.entry);
      } else if (now && before) emitViewed('MODIFIED', event.entry);
      else if (now) emitViewed('ADDED', event.entry);
      // It stopped matching: the watcher last saw it as it was, so that is what leaves its view.
      else if (before) emitViewed('DELETED', lastSeen(event.previous!, event.revision));
    }
  }, onError);
}

/** A previous state stamped with the revision of the change that took it out of the selection. */
function lastSeen(previous: StoredEntry, revision: number): StoredEntry {
  const object = { ...previous.object, metadata: { ...previous.object.metadata, resourceVersion: String(revision) } };
  return { key: previous.key, revision, object, json: JSON.stringify(object) };
}

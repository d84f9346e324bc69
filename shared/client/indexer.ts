/**
 * The informer's cache: objects by key plus named indexes (client-go's threadSafeMap and
 * Indexers), so that controllers look objects up by node, owner or any derived value without
 * scanning the whole cache (STYLE §2.7).
 */
import type { KubeObject } from '../api/meta.js';
import { keyOf } from '../api/keys.js';

/** The values an object is indexed under, e.g. `[pod.spec.nodeName]`; empty to leave it out. */
export type IndexFunc = (obj: Readonly<KubeObject>) => string[];

interface Index {
  fn: IndexFunc;
  keysByValue: Map<string, Set<string>>;
}

export class ObjectIndexer {
  private readonly items = new Map<string, Readonly<KubeObject>>();
  private readonly indexes = new Map<string, Index>();

  get(key: string): Readonly<KubeObject> | undefined {
    return this.items.get(key);
  }

  list(): Readonly<KubeObject>[] {
    return [...this.items.values()];
  }

  /** Adds or replaces an index; objects already held are indexed at once. */
  addIndex(name: string, fn: IndexFunc): void {
    const index: Index = { fn, keysByValue: new Map() };
    this.indexes.set(name, index);
    for (const [key, obj] of this.items) addToIndex(index, key, obj);
  }

  /** Objects whose index function returned `value`; an unknown index is a programming error. */
  byIndex(name: string, value: string): Readonly<KubeObject>[] {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`indexer: no index named ${JSON.stringify(name)}`);
    return [...(index.keysByValue.get(value) ?? [])].map((key) => this.items.get(key)!);
  }

  /** Stores the object under its key; returns the object it replaced. */
  upsert(obj: Readonly<KubeObject>): Readonly<KubeObject> | undefined {
    const key = keyOf(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    for (const index of this.indexes.values()) {
      if (old) removeFromIndex(index, key, old);
      addToIndex(index, key, obj);
    }
    return old;
  }

  delete(key: string): Readonly<KubeObject> | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    for (const index of this.indexes.values()) removeFromIndex(index, key, old);
    return old;
  }
}

function addToIndex(index: Index, key: string, obj: Readonly<KubeObject>): void {
  for (const value of index.fn(obj)) {
    let keys = index.keysByValue.get(value);
    if (!keys) index.keysByValue.set(value, (keys = new Set()));
    keys.add(key);
  }
}

function removeFromIndex(index: Index, key: string, obj: Readonly<KubeObject>): void {
  for (const value of index.fn(obj)) {
    const keys = index.keysByValue.get(value);
    keys?.delete(key);
    if (keys?.size === 0) index.keysByValue.delete(value);
  }
}

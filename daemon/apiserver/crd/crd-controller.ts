/**
 * The CRD controllers that run inside kube-apiserver (apiextensions' naming, establishing and
 * finalizer controllers, and the crdHandler's serving switch), in one small loop fed by the
 * store's change feed: a new CRD gets its names accepted (`NamesAccepted`, `NoConflicts`) and is
 * `Established` (`InitialNamesAccepted`), unless another CRD of its group holds one of its names
 * (crd-naming.ts: `NamesAccepted=False`, not established, not served, looked at again when a CRD
 * of the group changes or goes); an established CRD is served (discovery, REST, watch);
 * a CRD being deleted has its custom resources deleted (`Terminating`,
 * `InstanceDeletionInProgress`), then loses its finalizer and stops being served. At start-up
 * every established CRD in the store is served again before the API answers.
 * Left out: conversion webhooks.
 */
import { isConflict, isNotFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { findResource, type ResourceInfo } from '../../../shared/api/resources.js';
import type { Clock, Timer } from '../../../shared/clock.js';
import { logger } from '../../../shared/log.js';
import type { StoreWatch } from '../../store/store.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import { newContext } from '../request-context.js';
import { cleanupFinalizer, setCondition } from './crd-deletion.js';
import { calculateNames } from './crd-naming.js';
import { isCrdEstablished } from '../../../shared/api/custom-resource-info.js';
import { serveCrd, servedCrdNames, stopServingCrd } from './served-crds.js';
import { deepEqual } from '../registry/strategy-helpers.js';

const log = logger('crd-controller');
/** How soon to look again while custom resources are still going (finalizers of their own). */
const recheckMs = 1000;

type Json = Record<string, any>;

/** The names in CustomResourceDefinitionNames' field order, as `-o json` prints the accepted names. */
function goOrderedNames(names: Json): Json {
  const out: Json = {};
  for (const key of ['plural', 'singular', 'shortNames', 'kind', 'listKind', 'categories']) if (names[key] !== undefined) out[key] = structuredClone(names[key]);
  return out;
}

export class CrdController {
  private readonly crds: ResourceInfo = findResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  private watch: StoreWatch | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Set<Timer>();
  private stopped = false;

  constructor(
    private readonly registry: GenericRegistry,
    private readonly clock: Clock,
  ) {}

  /** Serves the established CRDs of the store at once, then follows the store's changes. */
  start(): void {
    const store = this.registry.store;
    const prefix = this.registry.prefix(this.crds, undefined);
    for (const entry of store.list(prefix)) {
      const crd = entry.object as KubeObject;
      if (isCrdEstablished(crd)) serveCrd(crd, Boolean(crd.metadata.deletionTimestamp));
      this.enqueue(crd.metadata.name!);
    }
    this.watch = store.watch(prefix, store.revision, (changes) => {
      for (const change of changes) this.enqueue((change.entry.object as KubeObject).metadata.name!);
    });
  }

  /** Stops following changes and serving; resolves once the step under way is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watch?.cancel();
    for (const timer of this.timers) timer.cancel();
    await this.chain;
    for (const name of servedCrdNames()) stopServingCrd(name);
  }

  /** Resolves when every step queued so far has run (tests wait on it). */
  settled(): Promise<void> {
    return this.chain;
  }

  private enqueue(name: string): void {
    if (this.stopped) return;
    // One step at a time, in order: a step's own write comes back as the next change. A failed
    // step is logged and tried again a second later.
    this.chain = this.chain
      .then(() => this.sync(name))
      .catch((err: unknown) => {
        log.error('sync failed', { crd: name, error: String((err as Error)?.stack ?? err) });
        this.enqueueAfter(name, recheckMs);
      });
  }

  private enqueueAfter(name: string, ms: number): void {
    if (this.stopped) return;
    const timer = this.clock.after(ms, () => {
      this.timers.delete(timer);
      this.enqueue(name);
    });
    this.timers.add(timer);
  }

  /** One step for one CRD: serve it, establish it, or clean it up. */
  async sync(name: string): Promise<void> {
    if (this.stopped) return;
    const entry = this.registry.store.get(this.registry.key(this.crds, undefined, name));
    if (!entry) {
      stopServingCrd(name);
      // Its names are free now: a CRD of the group that wanted one gets another look.
      return this.requeueGroup(name, name.slice(name.indexOf('.') + 1));
    }
    const crd = entry.object as KubeObject;
    if (crd.metadata.deletionTimestamp) return this.cleanUp(crd);
    if (!isCrdEstablished(crd) || !deepEqual(crd.status?.acceptedNames, crd.spec?.names)) {
      // A write comes back as a change and serves it then; no write means the names stay refused.
      if (await this.establish(crd)) return;
    }
    if (isCrdEstablished(crd)) serveCrd(crd, false);
  }

  /** The naming and establishing controllers' step; returns whether the status was written. */
  private async establish(crd: KubeObject): Promise<boolean> {
    const others = this.registry.store.list(this.registry.prefix(this.crds, undefined)).map((e) => e.object as KubeObject);
    const naming = calculateNames(crd, others);
    const next = structuredClone(crd) as KubeObject;
    const now = this.clock.now();
    next.status ??= {};
    next.status.acceptedNames = goOrderedNames(naming.acceptedNames);
    setCondition(next, naming.namesAccepted, now);
    // An established CRD stays established when a changed name is refused: it keeps serving the old ones.
    if (!naming.notEstablished) setCondition(next, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
    else if (!isCrdEstablished(crd)) setCondition(next, naming.notEstablished, now);
    if (deepEqual(next.status, crd.status)) return false;
    // Served before Established=True is visible, as the real establishing controller waits for the
    // handler: a client that sees the condition (kubectl wait, an informer) can use the kind at once.
    if (isCrdEstablished(next)) serveCrd(next, false);
    await this.writeStatus(next);
    this.requeueGroup(crd.metadata.name!, crd.spec?.group);
    return true;
  }

  /** requeueAllOtherGroupCRDs: names given up or taken change what the others may have. */
  private requeueGroup(name: string, group: string | undefined): void {
    for (const entry of this.registry.store.list(this.registry.prefix(this.crds, undefined))) {
      const other = entry.object as KubeObject;
      if (other.spec?.group === group && other.metadata.name !== name && !deepEqual(other.status?.acceptedNames, other.spec?.names)) this.enqueue(other.metadata.name!);
    }
  }

  private async cleanUp(crd: KubeObject): Promise<void> {
    if (isCrdEstablished(crd)) serveCrd(crd, true);
    if (!crd.metadata.finalizers?.includes(cleanupFinalizer)) return;
    const inProgress = (crd.status?.conditions ?? []).some((c: Json) => c.type === 'Terminating' && c.reason === 'InstanceDeletionInProgress');
    if (!inProgress) {
      const next = structuredClone(crd) as KubeObject;
      setCondition(next, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, this.clock.now());
      return this.writeStatus(next);
    }
    const remaining = await this.deleteInstances(crd);
    if (remaining > 0) return this.enqueueAfter(crd.metadata.name!, recheckMs);
    const next = structuredClone(crd) as KubeObject;
    next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== cleanupFinalizer);
    try {
      await this.registry.update(this.crds, undefined, crd.metadata.name!, next, newContext());
    } catch (err) {
      // A newer version arrives as its own change and brings this step back.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
    stopServingCrd(crd.metadata.name!);
  }

  /** Deletes every custom resource of the CRD; returns how many are still there. */
  private async deleteInstances(crd: KubeObject): Promise<number> {
    const version = (crd.spec?.versions ?? []).find((v: Json) => v.served)?.name ?? crd.spec?.versions?.[0]?.name;
    const info = findResource(crd.spec?.group, version, crd.status?.acceptedNames?.plural || crd.spec?.names?.plural);
    if (!info) return 0;
    const { entries } = this.registry.list(info, undefined);
    let remaining = 0;
    for (const entry of entries) {
      const obj = entry.object as KubeObject;
      try {
        const after = await this.registry.delete(info, obj.metadata.namespace, obj.metadata.name!, {}, newContext());
        if (this.registry.store.get(after.key)) remaining++;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return remaining;
  }

  private async writeStatus(next: KubeObject): Promise<void> {
    try {
      await this.registry.update(this.crds, undefined, next.metadata.name!, next, newContext(), 'status');
    } catch (err) {
      // Changed or gone meanwhile: its own change brings this step back with the new version.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }
}

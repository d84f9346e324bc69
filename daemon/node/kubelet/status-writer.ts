/**
 * One pod's share of the kubelet's status manager (k/k `pkg/kubelet/status/status_manager.go`):
 * writes the generated status through `pods/status` when it differs from what was written last,
 * one write at a time, coalescing changes that arrive meanwhile into the next write (so a burst of
 * container events becomes one update, as the real manager's per-pod channel does). A Conflict
 * re-reads the pod and tries again; a pod that is gone ends the writing. The final deletion of a
 * terminated pod (grace 0, UID precondition) goes through here too, after the last write. It also
 * knows which pod updates are its own writes, so the pod worker need not compare their specs.
 */
import { isConflict, isNotFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { jsonEqual } from '../../../shared/json-equal.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import type { Logger } from '../../../shared/log.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Status = Record<string, any>;

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const maxConflictRetries = 5;
const maxRememberedWrites = 4;

export interface StatusSource {
  /** The pod as last seen (its resourceVersion is used for the write). */
  pod(): Readonly<KubeObject>;
  /** The status to write now, generated from the current state against `lastWritten`. */
  generate(lastWritten: Status | undefined): Status;
  /**
   * A static pod's status goes to its mirror pod (k/k status manager: the mirror's UID is
   * translated): the mirror as last seen, or undefined while there is none. A missing or deleted
   * mirror does not end the writing; retarget() names the next one.
   */
  target?(): Readonly<KubeObject> | undefined;
}

export class PodStatusWriter {
  /** The status manager's cache: the last status written (the base for the next one). */
  lastWritten?: Status;
  /** The resourceVersions of this writer's recent writes, each with the one it replaced. */
  private readonly ownWrites = new Map<string, string | undefined>();
  /** The write under way: the version it replaces, and the version it makes (undefined if it fails). */
  private inFlight?: { from: string | undefined; written: Promise<string | undefined> };
  private running?: Promise<void>;
  /** Set before run() starts and cleared as it returns, with no gap a request could fall into. */
  private active = false;
  private dirty = false;
  private closed = false;
  /** A new mirror pod: its status is written even if it equals the last one written. */
  private force = false;

  constructor(
    private readonly client: ApiClient,
    private readonly source: StatusSource,
    private readonly log: Logger,
  ) {}

  /**
   * Runs `compare` unless the change from old to pod is one of this writer's own status writes,
   * which leave the spec and metadata as they were (the pod worker then need not compare specs,
   * most of its updates being these). The in-process API delivers a write's watch event before the
   * write returns: while a write from old's version is in flight, the answer waits for it.
   */
  unlessOwnWrite(old: Readonly<KubeObject>, pod: Readonly<KubeObject>, compare: () => void): void {
    const from = old.metadata.resourceVersion;
    const to = pod.metadata.resourceVersion;
    if (to !== undefined && this.ownWrites.has(to)) {
      const wroteFrom = this.ownWrites.get(to);
      this.ownWrites.delete(to);
      if (wroteFrom === from) return;
    } else if (this.inFlight && this.inFlight.from === from) {
      void this.inFlight.written.then((written) => {
        if (written !== to) compare();
      });
      return;
    }
    compare();
  }

  /** Asks for a write; returns at once. */
  request(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.active) return;
    this.active = true;
    this.running = this.run();
  }

  /** Resolves when every requested write is done. */
  async flush(): Promise<void> {
    while (this.active) await this.running;
  }

  /** A static pod got a new mirror pod: write the whole status to it. */
  retarget(): void {
    this.force = true;
    this.request();
  }

  /** Stops writing (the pod is gone, or the node stopped). */
  close(): void {
    this.closed = true;
  }

  /** Deletes the pod object for good: grace 0, only if it is still this UID. */
  async deletePod(): Promise<void> {
    const pod = this.source.pod();
    try {
      await this.client.delete(pods, pod.metadata.namespace, pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      // Already gone, or replaced by a pod of the same name: nothing of ours is left to delete.
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  private async run(): Promise<void> {
    try {
      await this.writeWhileDirty();
    } finally {
      this.active = false;
    }
  }

  private async writeWhileDirty(): Promise<void> {
    while (this.dirty && !this.closed) {
      this.dirty = false;
      const status = this.source.generate(this.lastWritten);
      // Compared as values, not as JSON text: most requests change nothing (a sync's closing
      // request after its starts were written), and building two strings each time added up.
      if (!this.force && this.lastWritten !== undefined && jsonEqual(status, this.lastWritten)) continue;
      try {
        if (await this.write(status)) this.lastWritten = status;
      } catch (err) {
        this.log.error('could not write pod status', { pod: `${this.source.pod().metadata.namespace}/${this.source.pod().metadata.name}`, error: (err as Error).message });
      }
    }
  }

  private remember(from: string | undefined, to: string | undefined): void {
    this.inFlight = undefined;
    if (to === undefined || to === from) return;
    this.ownWrites.set(to, from);
    // The informer delivers each write soon after; a few are kept for writes it has not yet delivered.
    if (this.ownWrites.size > maxRememberedWrites) this.ownWrites.delete(this.ownWrites.keys().next().value!);
  }

  /** PUT pods/status; false when the pod is gone. */
  private async write(status: Status): Promise<boolean> {
    const mirrored = this.source.target !== undefined;
    const target = mirrored ? this.source.target!() : this.source.pod();
    // No mirror pod right now: the write waits for retarget().
    if (!target) return false;
    let pod: Readonly<KubeObject> = target;
    for (let attempt = 0; ; attempt++) {
      // pods/status takes only the status (and the UID as a precondition) from the body: the spec
      // and metadata are the stored ones, as the kubelet's status patch carries no more. Sending
      // the whole pod cost a deep copy and its serialisation on every write.
      const { name, namespace, uid, resourceVersion } = pod.metadata;
      const body: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid, resourceVersion }, status };
      let settle!: (written: string | undefined) => void;
      this.inFlight = { from: resourceVersion, written: new Promise((resolve) => (settle = resolve)) };
      try {
        const written = (await this.client.update(pods, body, { subresource: 'status' })).metadata.resourceVersion;
        this.remember(resourceVersion, written);
        settle(written);
        this.force = false;
        return true;
      } catch (err) {
        this.inFlight = undefined;
        settle(undefined);
        if (isNotFound(err)) {
          // A mirror pod gone is replaced by the kubelet; a regular pod gone ends the writing.
          if (!mirrored) this.closed = true;
          return false;
        }
        if (!isConflict(err) || attempt >= maxConflictRetries) throw err;
        const fresh = await this.client.get(pods, pod.metadata.namespace, pod.metadata.name ?? '').catch((error: unknown) => {
          if (mirrored && isNotFound(error)) return undefined;
          throw error;
        });
        if (!fresh || fresh.metadata.uid !== pod.metadata.uid) {
          if (!mirrored) this.closed = true;
          return false;
        }
        pod = fresh;
      }
    }
  }
}

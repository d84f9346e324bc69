/**
 * One pod's share of the kubelet's status manager (k/k `pkg/kubelet/status/status_manager.go`):
 * writes the generated status through `pods/status` when it differs from what was written last,
 * one write at a time, coalescing changes that arrive meanwhile into the next write (so a burst of
 * container events becomes one update, as the real manager's per-pod channel does). A Conflict
 * re-reads the pod and tries again; a pod that is gone ends the writing. The final deletion of a
 * terminated pod (grace 0, UID precondition) goes through here too, after the last write.
 */
import { isConflict, isNotFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../../shared/client/client.js';
import type { Logger } from '../../../shared/log.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Status = Record<string, any>;

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const maxConflictRetries = 5;

export interface StatusSource {
  /** The pod as last seen (its resourceVersion is used for the write). */
  pod(): Readonly<KubeObject>;
  /** The status to write now, generated from the current state against `lastWritten`. */
  generate(lastWritten: Status | undefined): Status;
}

export class PodStatusWriter {
  /** The status manager's cache: the last status written (the base for the next one). */
  lastWritten?: Status;
  private lastWrittenText?: string;
  private running?: Promise<void>;
  /** Set before run() starts and cleared as it returns, with no gap a request could fall into. */
  private active = false;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly client: ApiClient,
    private readonly source: StatusSource,
    private readonly log: Logger,
  ) {}

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
      const text = JSON.stringify(status);
      if (text === this.lastWrittenText) continue;
      try {
        if (await this.write(status)) {
          this.lastWritten = status;
          this.lastWrittenText = text;
        }
      } catch (err) {
        this.log.error('could not write pod status', { pod: `${this.source.pod().metadata.namespace}/${this.source.pod().metadata.name}`, error: (err as Error).message });
      }
    }
  }

  /** PUT pods/status; false when the pod is gone. */
  private async write(status: Status): Promise<boolean> {
    let pod: Readonly<KubeObject> = this.source.pod();
    for (let attempt = 0; ; attempt++) {
      const body: KubeObject = structuredClone(pod) as KubeObject;
      body.status = status;
      try {
        await this.client.update(pods, body, { subresource: 'status' });
        return true;
      } catch (err) {
        if (isNotFound(err)) {
          this.closed = true;
          return false;
        }
        if (!isConflict(err) || attempt >= maxConflictRetries) throw err;
        const fresh = await this.client.get(pods, pod.metadata.namespace, pod.metadata.name ?? '');
        if (fresh.metadata.uid !== pod.metadata.uid) {
          this.closed = true;
          return false;
        }
        pod = fresh;
      }
    }
  }
}

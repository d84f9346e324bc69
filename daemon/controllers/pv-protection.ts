/**
 * The PV protection controller (kube-controller-manager's pv-protection, `pkg/controller/volume/
 * pvprotection`): a deleted PersistentVolume keeps its `kubernetes.io/pv-protection` finalizer,
 * and so stays Terminating, while its phase is Bound; the finalizer goes once it is not (Released,
 * Available, Failed). A volume created without the finalizer gets it; the admission plugin adds it
 * on create (admission/storage-object-in-use-protection.ts). It records no Events, as the real one
 * does not.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

type Obj = Readonly<KubeObject>;

const componentName = 'pv-protection-controller';
export const pvProtectionFinalizer = 'kubernetes.io/pv-protection';
const volumesRef: ResourceRef = { group: '', version: 'v1', resource: 'persistentvolumes' };
const log = logger(componentName);

export interface PVProtectionControllerOptions {
  client: ApiClient;
  clock: Clock;
  volumes: SharedInformer;
  workers?: number;
}

export class PVProtectionController implements Controller {
  readonly name = componentName;
  /** Volume names. */
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: PVProtectionControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    const onVolume = (volume: Obj): void => {
      if (needsFinalizer(volume) || isDeletionCandidate(volume)) this.queue.add(volume.metadata.name!);
    };
    options.volumes.addEventHandler({ onAdd: onVolume, onUpdate: (_old, volume) => onVolume(volume) });
  }

  static fromContext(context: ControllerContext): PVProtectionController {
    const { client, clock, informers } = context;
    return new PVProtectionController({ client, clock, volumes: informers.informerFor(volumesRef) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.volumes.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (name) => this.sync(name), workers: this.options.workers ?? 1, signal, log });
  }

  /** processPV: a deleted volume that is not Bound loses the finalizer; a volume without it gets it. */
  async sync(name: string): Promise<void> {
    const volume = this.options.volumes.get(name);
    if (!volume) return;
    if (isDeletionCandidate(volume)) {
      // isBeingUsed reads only the phase, which the persistentvolume controller keeps.
      if (volume.status?.phase === 'Bound') return;
      return this.setFinalizers(volume, (volume.metadata.finalizers ?? []).filter((f) => f !== pvProtectionFinalizer));
    }
    if (needsFinalizer(volume)) return this.setFinalizers(volume, [...(volume.metadata.finalizers ?? []), pvProtectionFinalizer]);
  }

  private async setFinalizers(volume: Obj, finalizers: string[]): Promise<void> {
    const next = structuredClone(volume) as KubeObject;
    next.metadata.finalizers = finalizers;
    // A Conflict or NotFound means the cache was behind: the worker retries, and the retry reads anew.
    await this.options.client.update(volumesRef, next);
    log.debug(finalizers.includes(pvProtectionFinalizer) ? 'added protection finalizer to PV' : 'removed protection finalizer from PV', { volume: volume.metadata.name });
  }
}

const isDeletionCandidate = (obj: Obj): boolean => Boolean(obj.metadata.deletionTimestamp) && (obj.metadata.finalizers ?? []).includes(pvProtectionFinalizer);
const needsFinalizer = (obj: Obj): boolean => !obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).includes(pvProtectionFinalizer);

/**
 * The leader-election Leases of kube-controller-manager and kube-scheduler (`kube-system/<name>`),
 * as client-go's leader elector keeps them with kubeadm's flags: holderIdentity
 * `<host>_<uuid>`, leaseDurationSeconds 15, renewTime rewritten every retry period (2 s),
 * acquireTime and leaseTransitions when the holder changes, and a Normal `LeaderElection` event
 * `<identity> became leader` on the Lease. `kubectl get leases -n kube-system` shows them as on kind.
 *
 * kubelab runs one of each, so it takes the Lease at once instead of waiting out a previous
 * holder's 15 s as a second real instance would: after a daemon restart the Lease names the new
 * holder with leaseTransitions one higher. (The apiserver's identity Lease `apiserver-<hash>` is
 * apiserver-identity-lease.ts.) Left out: releasing on stop, and stepping down when renewal fails (nothing else
 * competes; a failed renewal is logged and tried again at the next period).
 */
import { randomUUID } from 'node:crypto';
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339Micro, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { EventRecorder } from '../../shared/client/events.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

const leases: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const namespace = 'kube-system';
/** kubeadm leaves --leader-elect-lease-duration, -renew-deadline and -retry-period at 15 s, 10 s, 2 s. */
export const leaseDurationSeconds = 15;
export const retryPeriodMs = 2_000;
/** The host part of the identity: the control-plane node these components run on. */
const controlPlaneHost = 'control-plane';
const log = logger('leader-election');

export interface LeaderElectionLeaseOptions {
  client: ApiClient;
  clock: Clock;
  /** The Lease's name: `kube-controller-manager` or `kube-scheduler`. */
  lease: string;
  /** The events' source.component: `kube-controller-manager` or `default-scheduler`. */
  component: string;
  identity?: string;
}

export class LeaderElectionLease implements Controller {
  readonly name: string;
  readonly identity: string;
  private readonly events: EventRecorder;

  constructor(private readonly options: LeaderElectionLeaseOptions) {
    this.name = `leader-election-${options.lease}`;
    this.identity = options.identity ?? `${controlPlaneHost}_${randomUUID()}`;
    this.events = new EventRecorder({ client: options.client, clock: options.clock, component: options.component });
  }

  /** A factory for the controller manager's list. */
  static forComponent(lease: string, component: string): (context: ControllerContext) => Controller {
    return (context) => new LeaderElectionLease({ client: context.client, clock: context.clock, lease, component });
  }

  async start(signal: AbortSignal): Promise<void> {
    const renew = (): void => void this.tryAcquireOrRenew().catch((err) => log.error('lease not renewed', { lease: this.options.lease, error: String(err) }));
    renew();
    const timer = this.options.clock.every(retryPeriodMs, renew);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    timer.cancel();
  }

  /** One round of the elector: take the Lease if another identity holds it (or none exists), else renew it. */
  async tryAcquireOrRenew(): Promise<void> {
    const { client, clock, lease } = this.options;
    const now = rfc3339Micro(clock.nowPrecise());
    let current: KubeObject;
    try {
      current = await client.get(leases, namespace, lease);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const spec = { holderIdentity: this.identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 };
      const created = await client.create(leases, namespace, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: lease, namespace }, spec });
      this.becameLeader(created);
      return;
    }
    const held = current.spec?.holderIdentity === this.identity;
    const spec = held
      ? { ...current.spec, renewTime: now }
      : { ...current.spec, holderIdentity: this.identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: (current.spec?.leaseTransitions ?? 0) + (current.spec?.holderIdentity ? 1 : 0) };
    try {
      const updated = await client.update(leases, { ...current, spec });
      if (!held) this.becameLeader(updated);
    } catch (err) {
      // Someone else wrote the Lease meanwhile: the next period reads it again.
      if (!isConflict(err)) throw err;
    }
  }

  private becameLeader(lease: KubeObject): void {
    this.events.event(lease, 'Normal', 'LeaderElection', `${this.identity} became leader`);
  }
}

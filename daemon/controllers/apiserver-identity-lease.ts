/**
 * kube-apiserver's identity Lease (`kube-system/apiserver-<hash>`, APIServerIdentity, on by default
 * since v1.26): named from a hash of the host name, labelled `apiserver.kubernetes.io/identity=
 * kube-apiserver` and `kubernetes.io/hostname=<host>`, held by `<name>_<uuid>` (a new uuid each
 * start), leaseDurationSeconds 3600, renewTime rewritten every 10 s. `kubectl get leases -n
 * kube-system` lists it beside the kube-controller-manager and kube-scheduler Leases, as on kind.
 *
 * Left out: the apiserver's GC of identity Leases expired for an hour (one apiserver on one host
 * name never leaves one behind) and the peer-address annotation (UnknownVersionInteroperabilityProxy
 * is alpha and off).
 */
import { createHash, randomUUID } from 'node:crypto';
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import { rfc3339Micro, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

const leases: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const namespace = 'kube-system';
export const identityLeaseDurationSeconds = 3600;
export const identityLeaseRenewMs = 10_000;
/** The host the apiserver runs on: the control-plane node. */
const controlPlaneHost = 'control-plane';
const log = logger('apiserver-identity');

/**
 * RFC 4648 base32 without padding, lower case. Written here because Node has no base32 codec and the
 * one call (16 bytes at start) does not justify a dependency.
 */
function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/** The Lease's name: `apiserver-` and the first 16 bytes of SHA-256 over the length-prefixed host name and `kube-apiserver`, in base32. */
export function identityLeaseName(host: string): string {
  const prefixed = (text: string): Buffer => {
    const body = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(body.length);
    return Buffer.concat([length, body]);
  };
  const hash = createHash('sha256').update(Buffer.concat([prefixed(host), prefixed('kube-apiserver')])).digest();
  return `apiserver-${base32(hash.subarray(0, 16))}`;
}

export interface ApiserverIdentityLeaseOptions {
  client: ApiClient;
  clock: Clock;
  host?: string;
  uuid?: string;
}

export class ApiserverIdentityLease implements Controller {
  readonly name = 'apiserver-identity-lease';
  readonly leaseName: string;
  readonly holderIdentity: string;
  private readonly host: string;

  constructor(private readonly options: ApiserverIdentityLeaseOptions) {
    this.host = options.host ?? controlPlaneHost;
    this.leaseName = identityLeaseName(this.host);
    this.holderIdentity = `${this.leaseName}_${options.uuid ?? randomUUID()}`;
  }

  static fromContext(context: ControllerContext): ApiserverIdentityLease {
    return new ApiserverIdentityLease({ client: context.client, clock: context.clock });
  }

  async start(signal: AbortSignal): Promise<void> {
    const renew = (): void => void this.renew().catch((err) => log.error('identity lease not renewed', { lease: this.leaseName, error: String(err) }));
    renew();
    const timer = this.options.clock.every(identityLeaseRenewMs, renew);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    timer.cancel();
  }

  /** Creates the Lease or rewrites its holder and renewTime; a Conflict is settled at the next period. */
  async renew(): Promise<void> {
    const { client, clock } = this.options;
    const spec = { holderIdentity: this.holderIdentity, leaseDurationSeconds: identityLeaseDurationSeconds, renewTime: rfc3339Micro(clock.nowPrecise()) };
    try {
      const current = await client.get(leases, namespace, this.leaseName);
      await client.update(leases, { ...current, spec: { ...current.spec, ...spec } });
    } catch (err) {
      if (isConflict(err)) return;
      if (!isNotFound(err)) throw err;
      const labels = { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': this.host };
      await client.create(leases, namespace, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.leaseName, namespace, labels }, spec });
    }
  }
}

/**
 * kube-controller-manager's csrsigning controllers (pkg/controller/certificates/signer), one loop
 * for the four kubernetes.io signers they serve: an Approved CSR (not Denied, not Failed, no
 * certificate yet) of kubelet-serving, kube-apiserver-client-kubelet, kube-apiserver-client or
 * legacy-unknown is checked against its signer's rules (a violation adds a Failed condition,
 * reason SignerValidationFailure) and signed with the cluster CA for min(expirationSeconds,
 * --cluster-signing-duration 1 year), at least 10 minutes; only status.certificate is written.
 * CSRs of other signers are left alone: they stay Approved without a certificate. No Events, as upstream.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import { parseCsrPem } from '../../shared/pki/pkcs10.js';
import { signerPolicyError, signerNames } from './csr-signer-policy.js';
import { issueCertificate, type ClusterSigningCA } from './csr-signing-issue.js';
import type { Controller, ControllerContext } from './manager.js';

const componentName = 'csrsigning';
const log = logger(componentName);
const csrs: ResourceRef = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' };
/** kube-controller-manager's --cluster-signing-duration default (kind leaves it): 8760h. */
export const defaultSigningDurationMs = 365 * 24 * 3600_000;
/** The shortest certificate signed whatever expirationSeconds asks: twice the 5-minute backdate. */
const minimumDurationMs = 10 * 60_000;

export interface CsrSigningOptions {
  client: ApiClient;
  clock: Clock;
  ca: ClusterSigningCA;
  csrs: SharedInformer;
  signingDurationMs?: number;
  workers?: number;
}

export class CsrSigningController implements Controller {
  readonly name = componentName;
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: CsrSigningOptions) {
    if (!options.ca.cert || !options.ca.key) throw new Error(`${componentName}: a cluster signing certificate and key are required`);
    this.queue = new RateLimitingQueue({ clock: options.clock });
    options.csrs.addEventHandler({
      onAdd: (csr) => this.queue.add(csr.metadata.name!),
      onUpdate: (old, csr) => old.metadata.resourceVersion !== csr.metadata.resourceVersion && this.queue.add(csr.metadata.name!),
    });
  }

  /** The controller, or one that does nothing when the context has no signing key (tests of other parts). */
  static fromContext(context: ControllerContext): Controller {
    const { client, clock, informers, clusterSigning } = context;
    if (!clusterSigning) return { name: componentName, start: async () => log.info('no cluster signing key: CSRs are not signed') };
    return new CsrSigningController({ client, clock, ca: clusterSigning, csrs: informers.informerFor(csrs) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.csrs.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (name) => this.sync(name), workers: this.options.workers ?? 1, signal, log });
  }

  /** handle: sign an approved request of a served signer, or mark it Failed when its signer refuses it. */
  async sync(name: string): Promise<void> {
    const cached = this.options.csrs.get(name);
    if (!cached || !shouldSign(cached)) return;
    const parsed = parseCsrPem(Buffer.from(String(cached.spec?.request ?? ''), 'base64'));
    if ('error' in parsed) throw new Error(`unable to parse csr "${name}": ${parsed.error}`);
    const usages: string[] = cached.spec?.usages ?? [];
    const csr = structuredClone(cached) as KubeObject;
    const refusal = signerPolicyError(csr.spec.signerName, parsed.request, usages);
    if (refusal) {
      csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), failedCondition(refusal, this.options.clock.now())] };
      return this.writeStatus(csr, 'error adding failure condition for csr');
    }
    const ttl = signingDuration(csr.spec.expirationSeconds, this.options.signingDurationMs ?? defaultSigningDurationMs);
    const pem = await issueCertificate(this.options.ca, parsed.request, usages, ttl, this.options.clock.now());
    csr.status = { ...csr.status, certificate: Buffer.from(pem).toString('base64') };
    await this.writeStatus(csr, 'error updating signature for csr');
    log.info('signed', { csr: name, signer: csr.spec.signerName });
  }

  private async writeStatus(csr: KubeObject, what: string): Promise<void> {
    try {
      await this.options.client.update(csrs, csr, { subresource: 'status' });
    } catch (err) {
      // Deleted meanwhile: nothing to sign. A Conflict is retried with the newer copy.
      if (isNotFound(err)) return;
      if (isConflict(err)) throw err;
      throw new Error(`${what}: ${(err as Error)?.message ?? String(err)}`);
    }
  }
}

const hasCondition = (csr: Readonly<KubeObject>, type: string): boolean =>
  ((csr.status?.conditions ?? []) as { type?: string; status?: string }[]).some((c) => c.type === type && c.status === 'True');

/** Approved, not Denied or Failed, not yet issued, for a signer this controller serves. */
export function shouldSign(csr: Readonly<KubeObject>): boolean {
  const isApproved = hasCondition(csr, 'Approved') && !hasCondition(csr, 'Denied');
  return isApproved && !hasCondition(csr, 'Failed') && !csr.status?.certificate && signerNames.includes(csr.spec?.signerName);
}

/** signer.duration: the requested duration within [10 min, the signing duration]. */
export function signingDuration(expirationSeconds: unknown, maximumMs: number): number {
  if (typeof expirationSeconds !== 'number') return maximumMs;
  return Math.min(maximumMs, Math.max(minimumDurationMs, expirationSeconds * 1000));
}

function failedCondition(message: string, now: number): Record<string, string> {
  return { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message, lastUpdateTime: rfc3339(now) };
}

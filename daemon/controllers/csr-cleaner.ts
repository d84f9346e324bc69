/**
 * kube-controller-manager's csrcleaner (pkg/controller/certificates/cleaner): at start and then
 * every hour it deletes the CSRs that are done with: issued and approved more than 1 h ago, denied
 * or failed more than 1 h ago (by the condition's lastUpdateTime), pending (no condition at all)
 * for more than 24 h, or whose issued certificate has expired. An approved CSR of a signer nobody
 * serves has no certificate and stays. Deletes only; no Events, as upstream.
 */
import { X509Certificate } from 'node:crypto';
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { parseTimestamp } from '../../shared/duration.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { logger } from '../../shared/log.js';
import { decodePem } from '../../shared/pki/pkcs10.js';
import type { Controller, ControllerContext } from './manager.js';

const componentName = 'csrcleaner';
const log = logger(componentName);
const csrs: ResourceRef = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' };
const hourMs = 3600_000;
const pollingIntervalMs = hourMs;
const approvedExpirationMs = hourMs;
const deniedExpirationMs = hourMs;
const pendingExpirationMs = 24 * hourMs;

export interface CsrCleanerOptions {
  client: ApiClient;
  clock: Clock;
  csrs: SharedInformer;
}

export class CsrCleanerController implements Controller {
  readonly name = componentName;

  constructor(private readonly options: CsrCleanerOptions) {}

  static fromContext(context: ControllerContext): Controller {
    return new CsrCleanerController({ client: context.client, clock: context.clock, csrs: context.informers.informerFor(csrs) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.csrs.waitForSync(signal))) return;
    const run = (): void => void this.runOnce().catch((err) => log.error('clean-up failed', { error: (err as Error)?.message ?? String(err) }));
    run();
    const timer = this.options.clock.every(pollingIntervalMs, run);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    timer.cancel();
  }

  /** One pass: delete every CSR past its deadline. */
  async runOnce(): Promise<void> {
    const now = this.options.clock.now();
    for (const csr of this.options.csrs.list()) {
      if (!isPastDeadline(csr, now)) continue;
      try {
        await this.options.client.delete(csrs, undefined, csr.metadata.name!);
        log.info('deleted a finished CSR', { csr: csr.metadata.name });
      } catch (err) {
        // Someone deleted it first: the outcome wanted.
        if (!isNotFound(err)) throw err;
      }
    }
  }
}

type Condition = { type?: string; status?: string; lastUpdateTime?: string };

const olderThan = (timestamp: string | null | undefined, ms: number, now: number): boolean => {
  const at = parseTimestamp(timestamp);
  return at !== undefined && now - at > ms;
};

/** The cleaner's handle: issued, denied, failed, pending or expired past its deadline. */
export function isPastDeadline(csr: Readonly<KubeObject>, now: number): boolean {
  const conditions = (csr.status?.conditions ?? []) as Condition[];
  const condition = (type: string) => conditions.find((c) => c.type === type);
  const certificate = String(csr.status?.certificate ?? '');
  if (certificate && condition('Approved') && olderThan(condition('Approved')!.lastUpdateTime, approvedExpirationMs, now)) return true;
  if (condition('Denied') && olderThan(condition('Denied')!.lastUpdateTime, deniedExpirationMs, now)) return true;
  if (condition('Failed') && olderThan(condition('Failed')!.lastUpdateTime, deniedExpirationMs, now)) return true;
  if (conditions.length === 0 && olderThan(csr.metadata.creationTimestamp, pendingExpirationMs, now)) return true;
  return certificate !== '' && isExpired(Buffer.from(certificate, 'base64').toString('latin1'), now);
}

/** isIssuedExpired: any certificate of the bundle past its notAfter. */
function isExpired(pem: string, now: number): boolean {
  const block = decodePem(pem);
  if (!block || block.type !== 'CERTIFICATE') return false;
  return Date.parse(new X509Certificate(block.bytes).validTo) < now;
}

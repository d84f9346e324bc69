/**
 * The CertificateSigningRequest strategies (pkg/registry/certificates/certificates): on create the
 * requestor's identity replaces whatever spec.username/uid/groups/extra the client sent and status
 * starts empty; a PUT of the main resource keeps spec and status as stored (the request is immutable
 * once made: a changed spec is silently dropped, as kube-apiserver does); the status subresource
 * changes status but keeps the Approved and Denied conditions; the approval subresource changes
 * only status.conditions. Both subresources stamp lastUpdateTime and lastTransitionTime where a
 * condition has none. Validation lives in certificatesigningrequest-validation.ts.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate } from './metadata.js';
import { validateCertificateSigningRequest, type CsrWrite } from './certificatesigningrequest-validation.js';
import type { Strategy } from './strategy.js';

interface Condition {
  type?: string;
  status?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  [key: string]: unknown;
}

function setRequestor(csr: KubeObject, user: { username: string; uid?: string; groups: string[]; extra?: Record<string, string[]> } | undefined): void {
  const spec = (csr.spec ??= {});
  delete spec.username;
  delete spec.uid;
  delete spec.groups;
  delete spec.extra;
  if (!user) return;
  if (user.username) spec.username = user.username;
  if (user.uid) spec.uid = user.uid;
  if (user.groups.length) spec.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) spec.extra = structuredClone(user.extra);
}

/** The v1 defaulting of a condition: a missing status is True. */
function defaultConditions(csr: KubeObject): void {
  for (const c of (csr.status?.conditions ?? []) as Condition[]) if (c && !c.status) c.status = 'True';
}

/** populateConditionTimestamps: now where unset; an unchanged type/status keeps its transition time. */
function stampConditions(csr: KubeObject, old: KubeObject, now: string): void {
  const before = (old.status?.conditions ?? []) as Condition[];
  for (const c of (csr.status?.conditions ?? []) as Condition[]) {
    if (!c) continue;
    c.lastUpdateTime ||= now;
    if (!c.lastTransitionTime) c.lastTransitionTime = before.find((o) => o.type === c.type && o.status === c.status && o.lastTransitionTime)?.lastTransitionTime ?? now;
  }
}

/**
 * preserveConditionInstances: when the write has as many conditions of `type` as stored, they are
 * put back as stored, in place; a different count is left for validation to refuse.
 */
function preserveConditions(csr: KubeObject, old: KubeObject, type: string): void {
  const stored = ((old.status?.conditions ?? []) as Condition[]).filter((c) => c.type === type);
  const conditions = (csr.status?.conditions ?? []) as Condition[];
  const at = conditions.flatMap((c, i) => (c?.type === type ? [i] : []));
  if (at.length !== stored.length) return;
  at.forEach((index, i) => (conditions[index] = structuredClone(stored[i]!)));
}

/** The object a subresource write stores: the stored one with only what that path may change. */
function prepareSubresource(subresource: string, input: KubeObject, old: KubeObject, now: string): KubeObject | undefined {
  if (subresource !== 'status' && subresource !== 'approval') return undefined;
  const next: KubeObject = { ...structuredClone(old), metadata: input.metadata, status: structuredClone(input.status ?? {}) };
  defaultConditions(next);
  if (subresource === 'status') {
    preserveConditions(next, old, 'Approved');
    preserveConditions(next, old, 'Denied');
  } else {
    if (old.status?.certificate !== undefined) next.status.certificate = old.status.certificate;
    else delete next.status.certificate;
  }
  stampConditions(next, old, now);
  return next;
}

export const certificateSigningRequestStrategy: Strategy = {
  // ValidateCertificateRequestName accepts any name; the REST layer still refuses `.`, `..`, `/` and `%`.
  nameRule: 'path-segment',
  defaults: defaultConditions,
  prepareForCreate: (csr, request) => {
    setRequestor(csr, request?.user);
    csr.status = {};
  },
  prepareForUpdate: (csr, old) => {
    csr.spec = structuredClone(old.spec);
    csr.status = structuredClone(old.status);
  },
  validate: (csr, old) => validateCertificateSigningRequest(csr, old, old ? 'update' : 'create'),
  validateUpdate: (csr, old) => validateObjectMetaUpdate(csr, old),
  prepareSubresourceUpdate: prepareSubresource,
  validateSubresourceUpdate: (subresource, csr, old) => [
    ...validateCertificateSigningRequest(csr, old, subresource as CsrWrite),
    ...validateObjectMetaUpdate(csr, old),
  ],
};

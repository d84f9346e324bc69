/**
 * The reviews another component sends on someone else's behalf (webhooks, aggregated API
 * servers, `kube-rbac-proxy`): SubjectAccessReview and LocalSubjectAccessReview ask whether the
 * user and groups in the spec may do something, answered by the RBAC evaluation every request
 * goes through; TokenReview asks who a bearer token belongs to, answered by the request
 * authenticator. kube-apiserver's validation (pkg/apis/authorization/validation) and REST checks
 * come first, with its messages. Creating them is allowed by system:auth-delegator and the like
 * (bootstrap-rbac-policy.ts), checked before this file runs.
 */
import { badRequest, field, invalid, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { RbacAuthorizer } from '../auth/rbac-authorizer.js';
import type { RequestAttributes } from '../auth/request-attributes.js';
import type { UserInfo } from '../auth/user-info.js';
import { invalidFormatted } from '../registry/strategy-helpers.js';
import { serviceAccountIssuer } from '../service-account-token.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** The Invalid error of a review: the REST storage names the group only (the internal object has no kind). */
function invalidReview(errors: FieldError[]): never {
  const err = invalid({ group: 'authorization.k8s.io', kind: '' }, '', errors);
  // Go leaves the empty name and kind out of the details (omitempty), group before causes.
  if (err.status.details) err.status.details = { group: err.status.details.group, causes: err.status.details.causes };
  throw err;
}

/** `%#v` of an ObjectMeta with the fields a client can send to a review. */
function goObjectMeta(meta: Json): string {
  const str = (v: unknown) => JSON.stringify(v ?? '');
  const map = (m: Record<string, string> | undefined) =>
    m ? `map[string]string{${Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}` : 'map[string]string(nil)';
  return (
    `v1.ObjectMeta{Name:${str(meta.name)}, GenerateName:${str(meta.generateName)}, Namespace:${str(meta.namespace)}, SelfLink:"", UID:${str(meta.uid)}, ` +
    `ResourceVersion:${str(meta.resourceVersion)}, Generation:0, CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), ` +
    `DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), Labels:${map(meta.labels)}, Annotations:${map(meta.annotations)}, ` +
    `OwnerReferences:[]v1.OwnerReference(nil), Finalizers:[]string(nil), ManagedFields:[]v1.ManagedFieldsEntry(nil)}`
  );
}

/** True when metadata carries nothing but `ignore` (and managedFields, which validation clears). */
function isEmptyMeta(meta: Json | undefined, ignore: string[] = []): boolean {
  return Object.entries(meta ?? {}).every(([key, value]) => ignore.includes(key) || key === 'managedFields' || key === 'creationTimestamp' ? true : value === undefined || value === null || value === '' || (typeof value === 'object' && Object.keys(value).length === 0));
}

/** ValidateSubjectAccessReviewSpec. */
export function validateSubjectAccessReviewSpec(spec: Json): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errors.push(invalidFormatted('spec.nonResourceAttributes', `v1.NonResourceAttributes{Path:${JSON.stringify(spec.nonResourceAttributes.path ?? '')}, Verb:${JSON.stringify(spec.nonResourceAttributes.verb ?? '')}}`, 'cannot be specified in combination with resourceAttributes'));
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    errors.push(field.invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  if (!spec.user && !(spec.groups ?? []).length) errors.push(field.invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  return errors;
}

/** ValidateSubjectAccessReview / ValidateLocalSubjectAccessReview, then the LSAR storage's namespace checks. */
export function validateAccessReview(review: KubeObject, namespace: string | undefined): void {
  const spec: Json = review.spec ?? {};
  const errors = validateSubjectAccessReviewSpec(spec);
  const meta: Json = review.metadata ?? {};
  if (namespace === undefined) {
    if (!isEmptyMeta(meta)) errors.push(invalidFormatted('metadata', goObjectMeta(meta), 'must be empty'));
    if (errors.length) invalidReview(errors);
    return;
  }
  if (!isEmptyMeta(meta, ['namespace'])) errors.push(invalidFormatted('metadata', goObjectMeta(meta), 'must be empty except for namespace'));
  if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== (meta.namespace ?? '')) {
    errors.push(field.invalid('spec.resourceAttributes.namespace', spec.resourceAttributes.namespace ?? '', 'must match metadata.namespace'));
  }
  if (spec.nonResourceAttributes) {
    errors.push(invalidFormatted('spec.nonResourceAttributes', `v1.NonResourceAttributes{Path:${JSON.stringify(spec.nonResourceAttributes.path ?? '')}, Verb:${JSON.stringify(spec.nonResourceAttributes.verb ?? '')}}`, 'disallowed on this kind of request'));
  }
  if (errors.length) invalidReview(errors);
  if (!namespace) throw badRequest(`namespace is required on this type: ${namespace}`);
  if (namespace !== meta.namespace) throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
}

/** The user a SubjectAccessReview asks about: exactly the spec's, no implied groups. */
function specUser(spec: Json): UserInfo {
  const user: UserInfo = { username: spec.user ?? '', groups: [...(spec.groups ?? [])] };
  if (spec.uid) user.uid = spec.uid;
  if (spec.extra) user.extra = spec.extra;
  return user;
}

/** The answered SubjectAccessReview or LocalSubjectAccessReview. */
export function answerAccessReview(base: Json, review: KubeObject, authorizer: RbacAuthorizer, attributes: (spec: Json) => RequestAttributes): KubeObject {
  const spec: Json = review.spec ?? {};
  const decision = authorizer.authorize(specUser(spec), attributes(spec));
  const status: Json = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  const metadata: Json = { creationTimestamp: null };
  if (review.metadata?.namespace) metadata.namespace = review.metadata.namespace;
  return { ...base, metadata, spec, status } as KubeObject;
}

/** The answered TokenReview: the authenticator's verdict on spec.token for the API audience. */
export async function answerTokenReview(base: Json, review: KubeObject, authenticate: (token: string) => Promise<UserInfo | undefined>): Promise<KubeObject> {
  const spec: Json = review.spec ?? {};
  if (!spec.token) throw badRequest('token is required for TokenReview in authentication');
  const audiences: string[] = spec.audiences?.length ? spec.audiences : [serviceAccountIssuer];
  const user = audiences.includes(serviceAccountIssuer) ? await authenticate(spec.token) : undefined;
  const status: Json = {};
  if (user) {
    status.authenticated = true;
    const info: Json = { username: user.username };
    if (user.uid) info.uid = user.uid;
    info.groups = user.groups;
    if (user.extra && Object.keys(user.extra).length) info.extra = user.extra;
    status.user = info;
    status.audiences = [serviceAccountIssuer];
  } else {
    status.user = {};
  }
  return { ...base, metadata: { creationTimestamp: null }, spec, status } as KubeObject;
}

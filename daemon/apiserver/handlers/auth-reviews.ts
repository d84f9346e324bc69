/**
 * The reviews, created and answered at once, never stored: those a user sends to learn about
 * themself, SelfSubjectAccessReview (`kubectl auth can-i`), SelfSubjectRulesReview (`kubectl auth
 * can-i --list`) and SelfSubjectReview (`kubectl auth whoami`), answered for the user the request
 * acts as (after impersonation), and the delegated ones (delegated-reviews.ts). All go through the
 * same RBAC evaluation that guards every request (auth/rbac-authorizer.ts), with kube-apiserver's
 * reasons. The admin's token is its fast path for requests, but its reviews are evaluated like
 * anyone's, so they name the kubeadm binding.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotAllowed } from '../../../shared/api/errors.js';
import { formatApiVersion, type KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { decodeObjectBody, readBody } from '../codec/body.js';
import { answerAccessReview, answerTokenReview, validateAccessReview } from './delegated-reviews.js';
import { sendJson } from './respond.js';
import { rfc3339 } from '../../../shared/clock.js';
import type { RbacAuthorizer } from '../auth/rbac-authorizer.js';
import type { RequestAttributes } from '../auth/request-attributes.js';
import type { UserInfo } from '../auth/user-info.js';

/** The resources this file answers, by `group/resource`. */
export function isAuthReview(info: ResourceInfo | undefined): boolean {
  return info !== undefined && reviewKinds.has(`${info.group}/${info.resource}`);
}

const reviewKinds = new Set([
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/subjectaccessreviews',
]);

export interface ReviewContext {
  user: UserInfo;
  authorizer: RbacAuthorizer;
  now: number;
  /** The request authenticator, for TokenReview: the user of a bearer token, if any. */
  authenticate?: (token: string) => Promise<UserInfo | undefined>;
  /** The namespace of the request path (LocalSubjectAccessReview only). */
  namespace?: string;
}

export async function serveAuthReview(info: ResourceInfo, name: string | undefined, req: IncomingMessage, res: ServerResponse, context: ReviewContext): Promise<void> {
  // Only create exists, on the collection (discovery lists no other verb).
  if (req.method !== 'POST' || name !== undefined) throw methodNotAllowed();
  const body = await decodeObjectBody(req.headers['content-type'], await readBody(req));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request is not an object');
  const review = body as KubeObject;
  if (info.resource === 'tokenreviews') {
    const base = { kind: info.kind, apiVersion: formatApiVersion(info.group, info.version) };
    return sendJson(res, 201, await answerTokenReview(base, review, context.authenticate ?? (async () => undefined)));
  }
  if (info.resource === 'localsubjectaccessreviews') {
    // rest.EnsureObjectNamespaceMatchesRequestNamespace: an object without a namespace takes the path's.
    review.metadata ??= {};
    if (!review.metadata.namespace) review.metadata.namespace = context.namespace;
    else if (review.metadata.namespace !== context.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  sendJson(res, 201, answerReview(info, review, context));
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** The review as the apiserver returns it: the request's spec with the status filled in. */
export function answerReview(info: ResourceInfo, review: KubeObject, context: ReviewContext): KubeObject {
  const base = { kind: info.kind, apiVersion: formatApiVersion(info.group, info.version) };
  const spec: Json = review.spec ?? {};
  switch (info.resource) {
    case 'selfsubjectreviews':
      return { ...base, metadata: { creationTimestamp: rfc3339(context.now) }, status: { userInfo: userInfo(context.user) } };
    case 'selfsubjectaccessreviews': {
      const decision = context.authorizer.authorize(context.user, accessAttributes(spec));
      const status: Json = { allowed: decision.allowed };
      if (decision.reason) status.reason = decision.reason;
      return { ...base, metadata: { creationTimestamp: null as unknown as string }, spec, status };
    }
    case 'subjectaccessreviews':
      validateAccessReview(review, undefined);
      return answerAccessReview(base, review, context.authorizer, accessAttributes);
    case 'localsubjectaccessreviews':
      validateAccessReview(review, context.namespace ?? '');
      return answerAccessReview(base, review, context.authorizer, accessAttributes);
    default: {
      const rules = context.authorizer.rulesFor(context.user, typeof spec.namespace === 'string' ? spec.namespace : '');
      const status: Json = { resourceRules: rules.resourceRules, nonResourceRules: rules.nonResourceRules, incomplete: false };
      if (rules.errors.length > 0) status.evaluationError = rules.errors.length === 1 ? rules.errors[0] : `[${rules.errors.join(', ')}]`;
      return { ...base, metadata: { creationTimestamp: null as unknown as string }, spec, status };
    }
  }
}

/** authentication.k8s.io UserInfo: uid and extra only when set. */
function userInfo(user: UserInfo): Json {
  const out: Json = { username: user.username };
  if (user.uid) out.uid = user.uid;
  out.groups = user.groups;
  if (user.extra && Object.keys(user.extra).length > 0) out.extra = user.extra;
  return out;
}

/** ResourceAttributesFrom / NonResourceAttributesFrom of the SubjectAccessReview REST storage. */
function accessAttributes(spec: Json): RequestAttributes {
  const resource: Json | undefined = spec.resourceAttributes;
  if (resource) {
    return {
      verb: String(resource.verb ?? ''),
      isResourceRequest: true,
      path: '',
      apiGroup: String(resource.group ?? ''),
      apiVersion: String(resource.version ?? ''),
      resource: String(resource.resource ?? ''),
      subresource: String(resource.subresource ?? ''),
      namespace: String(resource.namespace ?? ''),
      name: String(resource.name ?? ''),
    };
  }
  const nonResource: Json = spec.nonResourceAttributes ?? {};
  return { verb: String(nonResource.verb ?? ''), isResourceRequest: false, path: String(nonResource.path ?? ''), apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

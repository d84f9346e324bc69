/**
 * The self-reviews a user sends to learn about themself, created and answered at once, never
 * stored: SelfSubjectAccessReview (`kubectl auth can-i`), SelfSubjectRulesReview
 * (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth whoami`).
 *
 * kubelab has one user, the holder of its bearer token, and stores RBAC objects without enforcing
 * them (registry/rbac.ts, bootstrap-rbac.ts): that user is what kubeadm
 * (v1.29+) makes of `kubernetes-admin`, a member of `kubeadm:cluster-admins`, bound to the
 * cluster-admin ClusterRole. So every access review is allowed, with RBAC's reason, and the rules
 * review lists cluster-admin's rules plus those every authenticated user has (system:basic-user,
 * system:discovery, system:public-info-viewer).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotAllowed } from '../../../shared/api/errors.js';
import { formatApiVersion, type KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { decodeObjectBody, readBody } from '../codec/body.js';
import { sendJson } from './respond.js';
import { rfc3339 } from '../../../shared/clock.js';

export const adminUser = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

const allowedReason = 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"';

/** The resources this file answers, by `group/resource`. */
export function isAuthReview(info: ResourceInfo | undefined): boolean {
  return info !== undefined && reviewKinds.has(`${info.group}/${info.resource}`);
}

const reviewKinds = new Set(['authentication.k8s.io/selfsubjectreviews', 'authorization.k8s.io/selfsubjectaccessreviews', 'authorization.k8s.io/selfsubjectrulesreviews']);

export async function serveAuthReview(info: ResourceInfo, name: string | undefined, req: IncomingMessage, res: ServerResponse, now: number): Promise<void> {
  // Only create exists, on the collection (discovery lists no other verb).
  if (req.method !== 'POST' || name !== undefined) throw methodNotAllowed();
  const body = await decodeObjectBody(req.headers['content-type'], await readBody(req));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request is not an object');
  sendJson(res, 201, answerReview(info, body as KubeObject, now));
}

/** The review as the apiserver returns it: the request's spec with the status filled in. */
export function answerReview(info: ResourceInfo, review: KubeObject, now: number): KubeObject {
  const base = { kind: info.kind, apiVersion: formatApiVersion(info.group, info.version) };
  switch (info.resource) {
    case 'selfsubjectreviews':
      return { ...base, metadata: { creationTimestamp: rfc3339(now) }, status: { userInfo: { username: adminUser.username, groups: adminUser.groups } } };
    case 'selfsubjectaccessreviews':
      return { ...base, metadata: { creationTimestamp: null as unknown as string }, spec: review.spec ?? {}, status: { allowed: true, reason: allowedReason } };
    default:
      return { ...base, metadata: { creationTimestamp: null as unknown as string }, spec: review.spec ?? {}, status: { ...adminRules(), incomplete: false } };
  }
}

function adminRules(): { resourceRules: unknown[]; nonResourceRules: unknown[] } {
  return {
    resourceRules: [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    ],
    nonResourceRules: [
      { verbs: ['*'], nonResourceURLs: ['*'] },
      { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
    ],
  };
}

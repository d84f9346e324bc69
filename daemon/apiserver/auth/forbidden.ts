/**
 * The 403 of a refused request, worded as kube-apiserver's responsewriters.Forbidden words it:
 * `pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace
 * "default"`, `nodes "n1" is forbidden: … at the cluster scope`, `forbidden: User "bob" cannot get
 * path "/apis"`, followed by `: <reason>` when the authorizer gave one.
 */
import { forbidden, type StatusError } from '../../../shared/api/errors.js';
import type { RequestAttributes } from './request-attributes.js';
import type { UserInfo } from './user-info.js';

export function forbiddenMessage(user: UserInfo, attributes: RequestAttributes): string {
  const who = `User ${JSON.stringify(user.username)}`;
  if (!attributes.isResourceRequest) return `${who} cannot ${attributes.verb} path ${JSON.stringify(attributes.path)}`;
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const scope = attributes.namespace ? `in the namespace ${JSON.stringify(attributes.namespace)}` : 'at the cluster scope';
  return `${who} cannot ${attributes.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attributes.apiGroup)} ${scope}`;
}

export function forbiddenError(user: UserInfo, attributes: RequestAttributes, reason: string): StatusError {
  const message = reason ? `${forbiddenMessage(user, attributes)}: ${reason}` : forbiddenMessage(user, attributes);
  // Non-resource requests carry no group/resource, so the message is the bare `forbidden: …`.
  return forbidden({ group: attributes.apiGroup, resource: attributes.isResourceRequest ? attributes.resource : '' }, attributes.name, message);
}

/**
 * Impersonation (`kubectl --as/--as-group/--as-uid`), as kube-apiserver's WithImpersonation filter
 * does it: each header asks RBAC for verb `impersonate` on what it names (users, groups, core
 * serviceaccounts for `system:serviceaccount:<ns>:<name>`, authentication.k8s.io uids and
 * userextras/<key>), in that order, and the first refusal is a 403 worded as any other
 * (`users "bob" is forbidden: User "x" cannot impersonate resource "users" in API group "" at the
 * cluster scope`). The new user gets system:authenticated unless the groups asked already carry it
 * (or system:unauthenticated), and a service account's own groups when no group is asked.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { internalError } from '../../../shared/api/errors.js';
import { forbiddenError } from './forbidden.js';
import type { RequestAttributes } from './request-attributes.js';
import { allAuthenticated, allUnauthenticated, anonymousUser, serviceAccountGroups, serviceAccountUsername, splitServiceAccountUsername, type UserInfo } from './user-info.js';

const userHeader = 'impersonate-user';
const groupHeader = 'impersonate-group';
const uidHeader = 'impersonate-uid';
const extraPrefix = 'impersonate-extra-';

export type Authorize = (user: UserInfo, attributes: RequestAttributes) => { allowed: boolean; reason: string };

/** True when the request carries any impersonation header (the common case is a quick no). */
export function wantsImpersonation(headers: IncomingHttpHeaders): boolean {
  for (const name in headers) if (name.startsWith('impersonate-')) return true;
  return false;
}

function values(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function attributes(verbTarget: Partial<RequestAttributes>): RequestAttributes {
  return { verb: 'impersonate', isResourceRequest: true, path: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', ...verbTarget };
}

/**
 * The user the request acts as; throws the 403 of the first thing the requester may not impersonate.
 * headers: each header's values apart (Node's `headersDistinct`), as `--as-group a --as-group b`
 * sends two Impersonate-Group headers that must not be joined into one group `a, b`.
 */
export function impersonate(requester: UserInfo, headers: Record<string, string | string[] | undefined>, authorize: Authorize): UserInfo {
  const requestedUser = values(headers[userHeader])[0] ?? '';
  const requestedGroups = values(headers[groupHeader]);
  const requestedUid = values(headers[uidHeader])[0] ?? '';
  const extras: [string, string][] = [];
  for (const name in headers) {
    if (!name.startsWith(extraPrefix)) continue;
    const key = decodeExtraKey(name.slice(extraPrefix.length));
    for (const value of values(headers[name])) extras.push([key, value]);
  }
  if (!requestedUser && (requestedGroups.length > 0 || extras.length > 0 || requestedUid)) {
    throw internalError('requested impersonation of groups, extras or uid without impersonating a user');
  }
  const checks: RequestAttributes[] = [];
  let username = requestedUser;
  let groups: string[] = [];
  const account = splitServiceAccountUsername(requestedUser);
  if (account) {
    checks.push(attributes({ resource: 'serviceaccounts', namespace: account.namespace, name: account.name }));
    username = serviceAccountUsername(account.namespace, account.name);
    if (requestedGroups.length === 0) groups = serviceAccountGroups(account.namespace);
  } else {
    checks.push(attributes({ resource: 'users', name: requestedUser }));
  }
  for (const group of requestedGroups) {
    checks.push(attributes({ resource: 'groups', name: group }));
    groups.push(group);
  }
  const extra: Record<string, string[]> = {};
  for (const [key, value] of extras) {
    checks.push(attributes({ apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: key, name: value }));
    (extra[key] ??= []).push(value);
  }
  if (requestedUid) checks.push(attributes({ apiGroup: 'authentication.k8s.io', resource: 'uids', name: requestedUid }));
  for (const check of checks) {
    const decision = authorize(requester, check);
    if (!decision.allowed) throw forbiddenError(requester, check, decision.reason);
  }
  if (username !== anonymousUser && !groups.includes(allAuthenticated) && !groups.includes(allUnauthenticated)) groups.push(allAuthenticated);
  if (username === anonymousUser && !groups.includes(allUnauthenticated)) groups.push(allUnauthenticated);
  const user: UserInfo = { username, groups };
  if (requestedUid) user.uid = requestedUid;
  if (extras.length > 0) user.extra = extra;
  return user;
}

/** Extra keys travel percent-encoded in header names and are compared in lower case. */
function decodeExtraKey(raw: string): string {
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    // Not valid percent-encoding: kept as sent, as the apiserver's unescape would fail the same way for everyone.
    return raw.toLowerCase();
  }
}

/**
 * Who a request acts as: kube-apiserver's user.Info (name, uid, groups, extra) and the
 * well-known names it uses: the built-in groups every authenticated user or service account
 * gets, the superuser group system:masters, and the `system:serviceaccount:<ns>:<name>` form.
 */

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const allAuthenticated = 'system:authenticated';
export const allUnauthenticated = 'system:unauthenticated';
export const anonymousUser = 'system:anonymous';
/** kube-apiserver's privileged group: its authorizer allows anything before RBAC is asked. */
export const systemMasters = 'system:masters';
export const serviceAccountsGroup = 'system:serviceaccounts';

const serviceAccountPrefix = 'system:serviceaccount:';

/** What kubeadm (v1.29+) makes of the admin.conf user; kubelab's daemon token authenticates as it. */
export const adminUser: Readonly<UserInfo> = Object.freeze({ username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', allAuthenticated] });

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountPrefix}${namespace}:${name}`;
}

/** The groups kube-apiserver gives a service account: all of them, then those of its namespace. */
export function serviceAccountGroups(namespace: string): string[] {
  return [serviceAccountsGroup, `${serviceAccountsGroup}:${namespace}`];
}

/**
 * serviceaccount.SplitUsername: `system:serviceaccount:<ns>:<name>` with exactly two non-empty
 * parts after the prefix, else undefined (the name is then an ordinary user's).
 */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountPrefix)) return undefined;
  const parts = username.slice(serviceAccountPrefix.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0], name: parts[1] };
}

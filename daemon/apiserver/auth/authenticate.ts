/**
 * Bearer-token authentication, as kube-apiserver's token authenticators chain does it in a kind
 * cluster: the daemon's own token is the kubeadm admin (`kubernetes-admin`), and a ServiceAccount
 * JWT signed with kubelab's key (TokenRequest, `kubectl create token`, projected kube-api-access
 * volumes) is `system:serviceaccount:<ns>:<name>` once its signature, issuer, audience, `nbf` and
 * `exp` check out and the ServiceAccount, and the Pod, Secret or Node it is bound to, still exist
 * with the uids it names (pkg/serviceaccount claims.go). Anything else is no user: a 401.
 * A legacy token (issuer `kubernetes/serviceaccount`, written by the token controller into a
 * `kubernetes.io/service-account-token` Secret) is that account's while the Secret still holds
 * exactly that token and the account has the uid it names (legacy.go's validator).
 * Client certificates are auth/client-certificate.ts's, tried before the token (request-auth.ts).
 * node:crypto verifies the ES256 signature: a JWT library (jose) would be a dependency for one
 * verify call on tokens only kubelab's own issuer writes.
 */
import { timingSafeEqual, verify } from 'node:crypto';
import { storageKey } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';
import type { ServiceAccountTokenIssuer } from '../service-account-token.js';
import { serviceAccountIssuer } from '../service-account-token.js';

/** The issuer of the token controller's Secret-based tokens (pkg/serviceaccount legacy.go). */
const legacyIssuer = 'kubernetes/serviceaccount';
import { adminUser, allAuthenticated, serviceAccountGroups, serviceAccountUsername, type UserInfo } from './user-info.js';

/** kind's `--api-audiences` default: the issuer. */
const apiAudiences = new Set([serviceAccountIssuer]);
/** Verified signatures kept, so a script's many requests verify one token once (the apiserver caches too). */
const maxCachedTokens = 1000;

export interface AuthenticatorOptions {
  adminToken: string;
  store: Store;
  issuer: ServiceAccountTokenIssuer;
  /** Cluster time in ms: token lifetimes are in cluster time, as they were issued. */
  now: () => number;
}

interface ObjectClaim {
  name?: string;
  uid?: string;
}

interface KubernetesClaims {
  namespace?: string;
  serviceaccount?: ObjectClaim;
  pod?: ObjectClaim;
  secret?: ObjectClaim;
  node?: ObjectClaim;
}

interface Claims {
  iss?: string;
  'kubernetes.io/serviceaccount/namespace'?: string;
  'kubernetes.io/serviceaccount/secret.name'?: string;
  'kubernetes.io/serviceaccount/service-account.name'?: string;
  'kubernetes.io/serviceaccount/service-account.uid'?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  jti?: string;
  sub?: string;
  'kubernetes.io'?: KubernetesClaims;
}

export class Authenticator {
  private readonly adminToken: Buffer;
  private readonly verified = new Map<string, Claims>();

  constructor(private readonly options: AuthenticatorOptions) {
    this.adminToken = Buffer.from(options.adminToken);
  }

  /** True when the header carries the daemon's own token (the admin's fast path). */
  isAdminToken(token: string): boolean {
    const given = Buffer.from(token);
    return given.length === this.adminToken.length && timingSafeEqual(given, this.adminToken);
  }

  /** The user of an `Authorization` header, or undefined (401). */
  async authenticate(authorization: string | undefined): Promise<UserInfo | undefined> {
    // bearertoken.go: the scheme in any case, the token up to the next space (`bearer x`, `Bearer x y` work).
    const parts = (authorization ?? '').trim().split(' ');
    if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer' || parts[1] === '') return undefined;
    const token = parts[1]!;
    if (this.isAdminToken(token)) return adminUser;
    const claims = await this.verifiedClaims(token);
    if (!claims) return undefined;
    return claims.iss === legacyIssuer ? this.legacyServiceAccountUser(claims, token) : this.serviceAccountUser(claims);
  }

  /** legacy.go: the Secret must still hold this very token, and the account its uid. */
  private legacyServiceAccountUser(claims: Claims, token: string): UserInfo | undefined {
    const namespace = claims['kubernetes.io/serviceaccount/namespace'];
    const secretName = claims['kubernetes.io/serviceaccount/secret.name'];
    const name = claims['kubernetes.io/serviceaccount/service-account.name'];
    const uid = claims['kubernetes.io/serviceaccount/service-account.uid'];
    if (!namespace || !secretName || !name || !uid) return undefined;
    const secret = this.options.store.get(storageKey('', 'secrets', namespace, secretName))?.object;
    const stored = (secret?.data as Record<string, string> | undefined)?.token;
    if (!secret || secret.metadata.deletionTimestamp || !stored || Buffer.from(stored, 'base64').toString('utf8') !== token) return undefined;
    if (!this.exists('serviceaccounts', namespace, { name, uid })) return undefined;
    return { username: serviceAccountUsername(namespace, name), uid, groups: [...serviceAccountGroups(namespace), allAuthenticated] };
  }

  private async verifiedClaims(token: string): Promise<Claims | undefined> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const header = parseJson(parts[0]) as { alg?: string; kid?: string } | undefined;
    const claims = parseJson(parts[1]) as Claims | undefined;
    if (!header || !claims || header.alg !== 'ES256') return undefined;
    const { key, kid } = await this.options.issuer.publicKey();
    if (header.kid !== undefined && header.kid !== kid) return undefined;
    const isValid = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
    if (!isValid) return undefined;
    if (this.verified.size >= maxCachedTokens) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, claims);
    return claims;
  }

  /** The checks of claims.go's Validate, then the user it describes. */
  private serviceAccountUser(claims: Claims): UserInfo | undefined {
    const seconds = Math.floor(this.options.now() / 1000);
    if (claims.iss !== serviceAccountIssuer) return undefined;
    const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
    if (!audiences.some((a) => apiAudiences.has(a))) return undefined;
    if (typeof claims.exp === 'number' && seconds >= claims.exp) return undefined;
    if (typeof claims.nbf === 'number' && seconds < claims.nbf) return undefined;
    const k8s = claims['kubernetes.io'];
    const namespace = k8s?.namespace;
    const account = k8s?.serviceaccount;
    if (!namespace || !account?.name || !account.uid) return undefined;
    if (!this.exists('serviceaccounts', namespace, account)) return undefined;
    const extra: Record<string, string[]> = {};
    if (claims.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
    if (k8s.secret && !this.exists('secrets', namespace, k8s.secret)) return undefined;
    if (k8s.pod) {
      if (!this.exists('pods', namespace, k8s.pod)) return undefined;
      extra['authentication.kubernetes.io/pod-name'] = [k8s.pod.name ?? ''];
      extra['authentication.kubernetes.io/pod-uid'] = [k8s.pod.uid ?? ''];
    }
    if (k8s.node) {
      // A token bound to the node itself dies with it; a pod's token only names its node.
      if (!k8s.pod && !this.exists('nodes', undefined, k8s.node)) return undefined;
      extra['authentication.kubernetes.io/node-name'] = [k8s.node.name ?? ''];
      extra['authentication.kubernetes.io/node-uid'] = [k8s.node.uid ?? ''];
    }
    return {
      username: serviceAccountUsername(namespace, account.name),
      uid: account.uid,
      groups: [...serviceAccountGroups(namespace), allAuthenticated],
      // Sorted, as Go writes a map: the order `kubectl auth whoami -o yaml` shows.
      extra: Object.fromEntries(Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  }

  private exists(resource: string, namespace: string | undefined, ref: ObjectClaim): boolean {
    if (!ref.name) return false;
    const entry = this.options.store.get(storageKey('', resource, namespace, ref.name));
    return entry !== undefined && entry.object.metadata.uid === ref.uid;
  }
}

function parseJson(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    // Not a JWT at all: no user, as for any unknown token.
    return undefined;
  }
}

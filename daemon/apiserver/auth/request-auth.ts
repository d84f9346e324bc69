/**
 * The front of kube-apiserver's handler chain for requests from outside the daemon, in its order:
 * authentication (a client certificate, auth/client-certificate.ts, then a bearer token,
 * auth/authenticate.ts; none is a 401), impersonation (auth/impersonate.ts), then
 * authorization of the request's attributes (auth/request-attributes.ts) by the privileged-group
 * and RBAC authorizers, a refusal being the 403 of auth/forbidden.ts. The daemon's own token,
 * without impersonation, skips the authorizer: kubeadm's admin is bound to cluster-admin, and this
 * keeps a learner who deletes that binding from locking everyone out of the only admin credential
 * kubelab has (kind keeps super-admin.conf on the node for that). The in-process components
 * never come through here.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { unauthorized } from '../../../shared/api/errors.js';
import type { Store } from '../../store/store.js';
import type { ServiceAccountTokenIssuer } from '../service-account-token.js';
import { Authenticator } from './authenticate.js';
import { ClientCertificateAuthenticator } from './client-certificate.js';
import { forbiddenError } from './forbidden.js';
import { impersonate, wantsImpersonation } from './impersonate.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { requestAttributes } from './request-attributes.js';
import { adminUser, type UserInfo } from './user-info.js';

export interface RequestAuthOptions {
  adminToken: string;
  store: Store;
  issuer: ServiceAccountTokenIssuer;
  now: () => number;
  /** The CA whose client certificates authenticate (--client-ca-file); none: tokens only. */
  clientCA?: string;
}

export class RequestAuth {
  readonly authenticator: Authenticator;
  readonly authorizer: RbacAuthorizer;
  private readonly clientCertificates: ClientCertificateAuthenticator | undefined;

  constructor(options: RequestAuthOptions) {
    this.authenticator = new Authenticator(options);
    this.authorizer = new RbacAuthorizer(options.store);
    this.clientCertificates = options.clientCA ? new ClientCertificateAuthenticator(options.clientCA, options.now) : undefined;
  }

  /** The union authenticator's order: the client certificate first, then the bearer token. */
  private authenticate(req: IncomingMessage): Promise<UserInfo | undefined> | UserInfo {
    return this.clientCertificates?.authenticate(req.socket as TLSSocket) ?? this.authenticator.authenticate(req.headers.authorization);
  }

  /** The user the request acts as, once allowed; throws the 401 or 403 to answer with. */
  async check(req: IncomingMessage, url: URL): Promise<UserInfo> {
    const authenticated = await this.authenticate(req);
    if (!authenticated) throw unauthorized();
    const impersonating = wantsImpersonation(req.headers);
    if (authenticated === adminUser && !impersonating) return authenticated;
    const authorize = this.authorizer.authorize.bind(this.authorizer);
    const user = impersonating ? impersonate(authenticated, req.headersDistinct, authorize) : authenticated;
    const attributes = requestAttributes(req.method ?? 'GET', url.pathname, url.searchParams);
    const decision = this.authorizer.authorize(user, attributes);
    if (!decision.allowed) throw forbiddenError(user, attributes, decision.reason);
    return user;
  }

  /** Whether the header authenticates at all (an unparsable URL's answer depends only on that). */
  async isAuthenticated(req: IncomingMessage): Promise<boolean> {
    return (await this.authenticate(req)) !== undefined;
  }

  close(): void {
    this.authorizer.index.close();
  }
}

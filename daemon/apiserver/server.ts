/**
 * The API server's listener: HTTPS on loopback, client-certificate and bearer-token
 * authentication, routing, and the one error edge (STYLE §2.6): a StatusError becomes its Status
 * with its code, anything else a 500 InternalError Status, logged with method, path and stack. No
 * request can crash the daemon.
 */
import { createServer, type Server } from 'node:https';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { internalError, isStatusError, methodNotAllowed, notAcceptable, unauthorized } from '../../shared/api/errors.js';
import type { Clock } from '../../shared/clock.js';
import { logger } from '../../shared/log.js';
import type { GenericRegistry } from './registry/generic-registry.js';
import { aggregatedDiscovery, aggregatedMediaType, legacyApiGroup, legacyApiGroupList, legacyApiVersions, legacyResourceList, wantsAggregated } from './handlers/discovery.js';
import { parseApiPath } from './handlers/paths.js';
import { indentJson, sendJson, sendStatus, sendText } from './handlers/respond.js';
import { notFoundPath, serveResource, type RestDeps } from './handlers/rest.js';
import type { TlsMaterial } from './tls.js';
import { KubeletDirectory } from './kubelet-directory.js';
import { serveAdmin, type KubelabAdmin } from './handlers/kubelab-admin.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { findResource } from '../../shared/api/resources.js';
import { versionInfo } from './version.js';
import { serveComponentStatuses } from './handlers/component-statuses.js';
import { isAuthReview, serveAuthReview } from './handlers/auth-reviews.js';
import { RequestAuth } from './auth/request-auth.js';
import { adminUser, type UserInfo } from './auth/user-info.js';
import { rbacWriteCheck } from './auth/rbac-escalation.js';
import { signerPermission } from './admission/certificate-signing-requests.js';
import { issuerFor } from './subresources/token.js';
import { RequestMetrics } from './metrics/request-metrics.js';

const log = logger('apiserver');

export interface ApiServerOptions {
  registry: GenericRegistry;
  clock: Clock;
  token: string;
  tls: TlsMaterial;
  host?: string;
  port: number;
  /** Where pods/log and pods/exec find the kubelets; empty when no node runs (contract tests). */
  kubelets?: KubeletDirectory;
  /** kubelab's own actions (node kill/start) for the CLI. */
  admin?: KubelabAdmin;
}

/** Paths a real cluster serves to anyone (system:public-info-viewer). */
const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

export class ApiServer {
  private server: Server | undefined;
  private readonly auth: RequestAuth;
  private readonly deps: RestDeps;
  private readonly kubelets: KubeletDirectory;
  private readonly metrics: RequestMetrics;

  constructor(private readonly options: ApiServerOptions) {
    this.auth = new RequestAuth({ adminToken: options.token, store: options.registry.store, issuer: issuerFor(options.registry, options.tls.key), now: () => options.clock.now(), clientCA: options.tls.cert });
    this.kubelets = options.kubelets ?? new KubeletDirectory();
    const nodes = findResource('', 'v1', 'nodes')!;
    this.kubelets.getNode = (nodeName) => options.registry.get(nodes, undefined, nodeName);
    this.deps = { registry: options.registry, now: () => options.clock.now(), kubelets: this.kubelets };
    this.metrics = new RequestMetrics(options.registry.store);
  }

  /** Starts listening; rejects with the listen error (EADDRINUSE, …). */
  listen(): Promise<number> {
    // A client certificate is asked for, never required: token clients send none, and the chain is
    // checked per connection by auth/client-certificate.ts. No `ca` list: kube-apiserver names its
    // client CA in the request, but giving Node one cost every kubectl call ~5 ms (measured), and
    // Go's client sends its certificate to an empty list as well.
    const { cert, key } = this.options.tls;
    const server = createServer({ cert, key, requestCert: true, rejectUnauthorized: false }, (req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 65_000;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        // prom-client (~35 ms of import) loads 2 s after the listener is up, off the start-up path
        // (`kubelab up` waits for the control plane's pods); requests until then are held and counted.
        this.options.clock.after(2000, () => {
          this.metrics.load().catch((err: unknown) => log.error('metrics did not load', { stack: (err as Error)?.stack ?? String(err) }));
        });
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : this.options.port);
      });
    });
  }

  close(): Promise<void> {
    const server = this.server;
    this.auth.close();
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      try {
        // Exec, attach, port-forward and watch upgrades pass the same authentication and RBAC check.
        await this.auth.check(req, url);
        this.metrics.trackUpgrade(req, socket, url);
      } catch (err) {
        refuseUpgrade(socket, err);
        return;
      }
      const path = parseApiPath(url.pathname);
      const { upgradeWatch, server } = await import('./handlers/watch-websocket.js');
      if (path.kind === 'resource' && path.group === '' && path.resource === 'pods' && path.name && (path.subresource === 'exec' || path.subresource === 'attach')) {
        const { prepareExec, upgradeExec } = await import('./subresources/exec.js');
        const { prepareAttach, upgradeAttach } = await import('./subresources/attach.js');
        let start: () => Promise<void>;
        try {
          const pod = this.options.registry.get(path.info!, path.namespace, path.name).object as KubeObject;
          const wss = await server();
          if (path.subresource === 'attach') {
            const attach = prepareAttach(this.kubelets, pod, url);
            start = () => upgradeAttach(wss, attach, req, socket, head);
          } else {
            const exec = prepareExec(this.kubelets, pod, url);
            start = () => upgradeExec(wss, exec, req, socket, head);
          }
        } catch (err) {
          refuseUpgrade(socket, err);
          return;
        }
        await start();
        return;
      }
      if (path.kind === 'resource' && path.group === '' && path.resource === 'pods' && path.name && path.subresource === 'portforward') {
        const { preparePortForward, upgradePortForward } = await import('./subresources/port-forward.js');
        let target;
        try {
          target = preparePortForward(this.kubelets, this.options.registry.get(path.info!, path.namespace, path.name).object as KubeObject);
        } catch (err) {
          refuseUpgrade(socket, err);
          return;
        }
        await upgradePortForward(target, req, socket, head);
        return;
      }
      await upgradeWatch(this.options.registry, req, socket, head);
    } catch (err) {
      log.error('upgrade failed', { path: req.url, stack: (err as Error)?.stack ?? String(err) });
      socket.destroy();
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://localhost');
    } catch {
      // Even an unparsable path says nothing but 401 to a caller without the token.
      return sendStatus(res, ((await this.auth.isAuthenticated(req)) ? notFoundPath() : unauthorized()).status);
    }
    try {
      const user = publicPaths.has(url.pathname) ? undefined : await this.auth.check(req, url);
      // Counted only once authenticated and authorized, as the apiserver's instrumentation sits behind those filters.
      this.metrics.track(req, res, url);
      await this.route(req, res, url, user);
    } catch (err) {
      if (isStatusError(err)) {
        log.debug('request failed', { method: req.method, path: url.pathname, code: err.code, message: err.message });
        return sendStatus(res, err.status);
      }
      log.error('internal error', { method: req.method, path: url.pathname, stack: (err as Error)?.stack ?? String(err) });
      sendStatus(res, internalError((err as Error)?.message ?? String(err)).status);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL, user: UserInfo | undefined): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    // The version handler's WriteRawJSON indents for every client (`kubectl get --raw /version` too).
    if (path === '/version') return sendJson(res, 200, indentJson(JSON.stringify(versionInfo)));
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendText(res, 200, 'ok');
    if (path === '/openapi/v2') return this.serveOpenApiV2(req, res);
    if (path === '/metrics') return this.serveMetrics(req, res);
    if (path.startsWith('/kubelab/')) return serveAdmin(this.options.admin, path, req, res);
    if (path === '/openapi/v3' || path.startsWith('/openapi/v3/')) return this.serveOpenApi(res, path);
    const parsed = parseApiPath(path);
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (parsed.kind !== 'resource' && !isRead) throw methodNotAllowed();
    switch (parsed.kind) {
      case 'api':
      case 'apis': {
        const aggregated = wantsAggregated(req.headers.accept);
        if (aggregated) return sendJson(res, 200, aggregatedDiscovery(parsed.kind === 'api', aggregated), [], aggregatedMediaType(aggregated));
        return sendJson(res, 200, parsed.kind === 'api' ? legacyApiVersions(`${req.socket.localAddress}:${req.socket.localPort}`) : legacyApiGroupList());
      }
      case 'group': {
        const group = legacyApiGroup(parsed.group);
        if (!group) throw notFoundPath();
        return sendJson(res, 200, group);
      }
      case 'groupVersion': {
        const list = legacyResourceList(parsed.group, parsed.version);
        if (!list) throw notFoundPath();
        return sendJson(res, 200, list);
      }
      case 'resource':
        // Served without the store: the deprecated componentstatuses and the auth self-reviews.
        if (parsed.group === '' && parsed.info?.resource === 'componentstatuses' && !parsed.namespace && !parsed.subresource) {
          return serveComponentStatuses(parsed.info, parsed.name, req, res, url, this.options.clock.now());
        }
        if (isAuthReview(parsed.info) && (parsed.info!.namespaced || !parsed.namespace) && !parsed.subresource && user) {
          const authenticate = (token: string) => this.auth.authenticator.authenticate(`Bearer ${token}`);
          return serveAuthReview(parsed.info!, parsed.name, req, res, { user, authorizer: this.auth.authorizer, now: this.options.clock.now(), authenticate, namespace: parsed.namespace });
        }
        if (!user || user === adminUser) return serveResource(this.deps, parsed, req, res, url, undefined, { user });
        return serveResource(this.deps, parsed, req, res, url, rbacWriteCheck(this.auth.authorizer, user), { user, mayUseSigner: signerPermission(this.auth.authorizer, user) });
      default:
        throw notFoundPath();
    }
  }

  private async serveOpenApiV2(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // kubectl 1.27/1.28 need it for --validate=strict (handlers/openapi-v2.ts); loaded lazily like v3.
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
    const { openapiV2Response } = await import('./handlers/openapi-v2.js');
    const answer = openapiV2Response(req.headers.accept, req.headers['if-none-match']);
    if (!answer) throw notAcceptable('only application/json and application/com.github.proto-openapi.spec.v2.v1.0+protobuf are served');
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }

  private async serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
    const { text, contentType } = await this.metrics.render();
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  private async serveOpenApi(res: ServerResponse, path: string): Promise<void> {
    // Loaded lazily: only apply/create -f/explain ask for it (DESIGN "Build and start-up").
    const openapi = await import('./handlers/openapi.js');
    if (path === '/openapi/v3') return sendJson(res, 200, openapi.openapiIndex());
    const rest = path.slice('/openapi/v3/'.length).split('/');
    const [group, version] = rest[0] === 'api' ? ['', rest[1]] : rest[0] === 'apis' ? [rest[1], rest[2]] : [undefined, undefined];
    const doc = group === undefined || version === undefined ? undefined : openapi.openapiGroupVersion(group, version);
    if (!doc) throw notFoundPath();
    sendJson(res, 200, doc);
  }
}

/** Answers an upgrade request with the error's Status instead of switching protocols. */
function refuseUpgrade(socket: Duplex, err: unknown): void {
  const status = isStatusError(err) ? err.status : internalError(String(err)).status;
  const body = JSON.stringify(status);
  socket.end(`HTTP/1.1 ${status.code} ${STATUS_CODES[status.code ?? 500] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

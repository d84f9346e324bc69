/**
 * The REST verbs over HTTP for every served resource: maps method + path + query onto the
 * generic registry and encodes the answer as JSON or as a Table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, isNotFound, methodNotAllowed, StatusError } from '../../../shared/api/errors.js';
import type { DeleteOptions, KubeObject, ListMeta } from '../../../shared/api/meta.js';
import { formatApiVersion } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import type { FieldValidation } from '../../../shared/client/client.js';
import { decodeObjectBody, decodePatchBody, mediaType, readBody } from '../codec/body.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import { newContext, type RequestContext } from '../request-context.js';
import type { StoredEntry } from '../../store/store.js';
import type { ResourcePath } from './paths.js';
import { sendJson } from './respond.js';
import { getScale, writeScale } from './scale.js';
import { bindPod } from './pod-actions.js';
import { evictPod } from '../subresources/eviction.js';
import { parseIncludeObject, tableOf, wantsTable } from './table.js';
import { applyDryRun } from './dry-run.js';
import { KubeletDirectory } from '../kubelet-directory.js';
import { serveLog } from '../subresources/log.js';
import { prepareExec, runningContainer } from '../subresources/exec.js';
import { serveWatch } from './watch.js';
import { parseLimit } from '../registry/list-chunking.js';
import { isApplyPatch, serverSideApply } from './server-side-apply.js';
import type { RbacWriteCheck } from '../auth/rbac-escalation.js';
import type { UserInfo } from '../auth/user-info.js';
import type { SignerPermission } from '../admission/certificate-signing-requests.js';

export interface RestDeps {
  registry: GenericRegistry;
  now: () => number;
  kubelets?: KubeletDirectory;
}

export function notFoundPath(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

function contextFrom(url: URL): RequestContext {
  const validation = url.searchParams.get('fieldValidation');
  if (validation !== null && !['Strict', 'Warn', 'Ignore'].includes(validation)) {
    throw badRequest(`fieldValidation: Unsupported value: "${validation}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const ctx = newContext({ fieldValidation: (validation as FieldValidation) ?? undefined, fieldManager: url.searchParams.get('fieldManager') ?? undefined });
  applyDryRun(url.searchParams.getAll('dryRun'), ctx);
  return ctx;
}

/**
 * rbacWrite: RBAC's escalation check of the requesting user, for writes of RBAC objects
 * (auth/rbac-escalation.ts); access: that user and their CSR signer permissions (what a CSR
 * records as its requestor, and what its approval and signing admission ask).
 */
export async function serveResource(
  deps: RestDeps,
  path: ResourcePath,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rbacWrite?: RbacWriteCheck,
  access: { user?: UserInfo; mayUseSigner?: SignerPermission } = {},
): Promise<void> {
  const info = path.info;
  if (!info) throw notFoundPath();
  const { registry } = deps;
  const namespace = info.namespaced ? path.namespace : undefined;
  if (!info.namespaced && path.namespace) throw notFoundPath();
  const ctx = contextFrom(url);
  if (rbacWrite && info.group === 'rbac.authorization.k8s.io') ctx.rbacWrite = rbacWrite;
  ctx.user = access.user;
  ctx.mayUseSigner = access.mayUseSigner;
  const method = req.method ?? 'GET';
  // The answer's encoding is settled before any write, as NegotiateOutputMediaType does first in the
  // apiserver: a 406 (or a bad includeObject) must not come back for an object that was created.
  if (wantsTable(req.headers.accept)) parseIncludeObject(url.searchParams.get('includeObject'));

  if (path.subresource) {
    if (!path.name || !info.subresources.some((s) => s.name === path.subresource)) throw notFoundPath();
    return serveSubresource(deps, info, namespace, path.name, path.subresource, req, res, url, ctx);
  }

  if (!path.name) {
    if (method === 'GET' && url.searchParams.get('watch') && ['true', '1'].includes(url.searchParams.get('watch')!)) {
      return serveWatch(deps, info, namespace, req, res, url);
    }
    if (method === 'GET') return sendList(deps, info, namespace, req, res, url);
    if (method === 'POST') {
      if (info.namespaced && !namespace) throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const body = (await decodeObjectBody(req.headers['content-type'], await readBody(req), ctx)) as KubeObject;
      // The legacy `bindings` resource binds the pod its Binding is named after (LegacyBindingREST).
      if (info.group === '' && info.resource === 'bindings') return sendJson(res, 201, await bindPod(registry, namespace!, body.metadata?.name ?? '', body, ctx));
      const entry = await registry.create(info, namespace, body, ctx);
      return sendObject(deps, info, entry, req, res, url, 201, ctx);
    }
    if (method === 'DELETE') {
      // deletecollection exists only where discovery says so, and per namespace for namespaced kinds.
      if (!info.verbs.includes('deletecollection') || (info.namespaced && !namespace)) throw methodNotAllowed();
      const options = await deleteOptions(req, url, ctx);
      const { entries } = registry.list(info, namespace, selectors(url));
      const deleted: string[] = [];
      for (const entry of entries) {
        try {
          deleted.push((await registry.delete(info, entry.object.metadata.namespace, entry.object.metadata.name!, options, ctx)).json);
        } catch (err) {
          // Someone else deleted it between the list and now: that is the outcome wanted.
          if (!isNotFound(err)) throw err;
        }
      }
      return sendJson(res, 200, listJson(info, { resourceVersion: String(registry.store.revision) }, deleted), ctx.warnings);
    }
    throw methodNotAllowed();
  }

  const name = path.name;
  switch (method) {
    case 'GET':
      return sendObject(deps, info, registry.get(info, namespace, name), req, res, url, 200, ctx);
    case 'PUT': {
      const body = (await decodeObjectBody(req.headers['content-type'], await readBody(req), ctx)) as KubeObject;
      return sendObject(deps, info, await registry.update(info, namespace, name, body, ctx), req, res, url, 200, ctx);
    }
    case 'PATCH': {
      if (isApplyPatch(req.headers['content-type'])) {
        const applied = await serverSideApply(registry, info, namespace, name, await readBody(req), url, ctx);
        return sendObject(deps, info, applied.entry, req, res, url, applied.created ? 201 : 200, ctx);
      }
      const { type, patch } = decodePatchBody(req.headers['content-type'], await readBody(req), ctx);
      return sendObject(deps, info, await registry.patch(info, namespace, name, type, patch, ctx), req, res, url, 200, ctx);
    }
    case 'DELETE': {
      const entry = await registry.delete(info, namespace, name, await deleteOptions(req, url, ctx), ctx);
      return sendObject(deps, info, entry, req, res, url, 200, ctx);
    }
    default:
      throw methodNotAllowed();
  }
}

async function serveSubresource(
  deps: RestDeps,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  subresource: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: RequestContext,
): Promise<void> {
  const { registry } = deps;
  const method = req.method ?? 'GET';
  if (subresource === 'status' || subresource === 'finalize' || subresource === 'approval') {
    if (method === 'GET' && subresource !== 'finalize') return sendObject(deps, info, registry.get(info, namespace, name), req, res, url, 200, ctx);
    if (method === 'PUT') {
      const body = (await decodeObjectBody(req.headers['content-type'], await readBody(req), ctx)) as KubeObject;
      return sendObject(deps, info, await registry.update(info, namespace, name, body, ctx, subresource), req, res, url, 200, ctx);
    }
    if (method === 'PATCH' && subresource !== 'finalize') {
      const { type, patch } = decodePatchBody(req.headers['content-type'], await readBody(req), ctx);
      return sendObject(deps, info, await registry.patch(info, namespace, name, type, patch, ctx, subresource), req, res, url, 200, ctx);
    }
    throw methodNotAllowed();
  }
  if (subresource === 'ephemeralcontainers' && info.resource === 'pods') {
    // GET returns the Pod; PUT and PATCH change spec.ephemeralContainers only (kubectl debug).
    if (method === 'GET') return sendObject(deps, info, registry.get(info, namespace, name), req, res, url, 200, ctx);
    if (method === 'PUT') {
      const body = (await decodeObjectBody(req.headers['content-type'], await readBody(req), ctx)) as KubeObject;
      return sendObject(deps, info, await registry.update(info, namespace, name, body, ctx, subresource), req, res, url, 200, ctx);
    }
    if (method === 'PATCH') {
      const { type, patch } = decodePatchBody(req.headers['content-type'], await readBody(req), ctx);
      return sendObject(deps, info, await registry.patch(info, namespace, name, type, patch, ctx, subresource), req, res, url, 200, ctx);
    }
    throw methodNotAllowed();
  }
  if (subresource === 'scale') {
    if (method === 'GET') return sendJson(res, 200, getScale(registry, info, namespace, name));
    if (method === 'PUT' || method === 'PATCH') {
      const body = await readBody(req);
      const input = method === 'PUT' ? { body: await decodeObjectBody(req.headers['content-type'], body) } : decodePatchBody(req.headers['content-type'], body);
      return sendJson(res, 200, await writeScale(registry, info, namespace, name, input, ctx), ctx.warnings);
    }
    throw methodNotAllowed();
  }
  if (subresource === 'binding' && method === 'POST' && info.resource === 'pods') {
    const body = await decodeObjectBody(req.headers['content-type'], await readBody(req));
    return sendJson(res, 201, await bindPod(registry, namespace!, name, body, ctx));
  }
  if (subresource === 'eviction' && method === 'POST' && info.resource === 'pods') {
    const body = await decodeObjectBody(req.headers['content-type'], await readBody(req));
    return sendJson(res, 201, await evictPod(registry, namespace!, name, body, ctx));
  }
  if (subresource === 'token' && method === 'POST' && info.resource === 'serviceaccounts') {
    const body = await decodeObjectBody(req.headers['content-type'], await readBody(req));
    const { createServiceAccountToken } = await import('../subresources/token.js');
    return sendJson(res, 201, await createServiceAccountToken(registry, namespace!, name, body));
  }
  if (subresource === 'log' && method === 'GET' && info.resource === 'pods') {
    const pod = registry.get(info, namespace, name).object as KubeObject;
    return serveLog(deps.kubelets ?? new KubeletDirectory(), pod, req, res, url, deps.now());
  }
  if ((subresource === 'exec' || subresource === 'attach') && info.resource === 'pods') {
    // The WebSocket upgrade is served by the server's upgrade handler; a plain request (kubectl's
    // SPDY fallback) gets the same validation error, or the apiserver's own refusal.
    const pod = registry.get(info, namespace, name).object as KubeObject;
    if (subresource === 'exec') prepareExec(deps.kubelets ?? new KubeletDirectory(), pod, url);
    else runningContainer(deps.kubelets ?? new KubeletDirectory(), pod, url);
    throw badRequest('Upgrade request required');
  }
  if (subresource === 'portforward' && info.resource === 'pods') {
    // Served by the server's upgrade handler (WebSocket tunnel or SPDY); a plain request is refused.
    throw badRequest('Upgrade request required');
  }
  // proxy is not served yet.
  throw notFoundPath();
}

function selectors(url: URL): { labelSelector?: string; fieldSelector?: string } {
  return { labelSelector: url.searchParams.get('labelSelector') ?? undefined, fieldSelector: url.searchParams.get('fieldSelector') ?? undefined };
}

function sendList(deps: RestDeps, info: ResourceInfo, namespace: string | undefined, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const options = {
    ...selectors(url),
    limit: parseLimit(url.searchParams.get('limit')),
    continue: url.searchParams.get('continue') || undefined,
    resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
  };
  const { revision, entries, continue: next, remainingItemCount } = deps.registry.list(info, namespace, options);
  const meta: ListMeta = { resourceVersion: String(revision) };
  if (next) meta.continue = next;
  if (remainingItemCount !== undefined) meta.remainingItemCount = remainingItemCount;
  if (wantsTable(req.headers.accept)) {
    // kubectl pages a Table list too (limit=500, then continue) and prints one header for all pages.
    const table = tableOf(info, entries.map((e) => e.object as KubeObject), deps.now(), parseIncludeObject(url.searchParams.get('includeObject')), String(revision));
    Object.assign(table.metadata, meta);
    return sendJson(res, 200, table);
  }
  sendJson(res, 200, listJson(info, meta, entries.map((e) => e.json)));
}

/** A list built from the stored JSON strings, without parsing and re-serialising every item. */
function listJson(info: ResourceInfo, meta: ListMeta, items: string[]): string {
  return `{"kind":"${info.listKind}","apiVersion":"${formatApiVersion(info.group, info.version)}","metadata":${JSON.stringify(meta)},"items":[${items.join(',')}]}`;
}

function sendObject(deps: RestDeps, info: ResourceInfo, entry: StoredEntry, req: IncomingMessage, res: ServerResponse, url: URL, code: number, ctx: RequestContext): void {
  if (wantsTable(req.headers.accept)) {
    const table = tableOf(info, [entry.object as KubeObject], deps.now(), parseIncludeObject(url.searchParams.get('includeObject')), String(entry.revision));
    return sendJson(res, code, table, ctx.warnings);
  }
  sendJson(res, code, entry.json, ctx.warnings);
}

/** DeleteOptions from the body (JSON or protobuf) merged with the query, as the apiserver does. */
async function deleteOptions(req: IncomingMessage, url: URL, ctx: RequestContext): Promise<DeleteOptions> {
  const body = await readBody(req);
  let options: DeleteOptions = {};
  if (body.length > 0) {
    if (mediaType(req.headers['content-type']) === 'application/vnd.kubernetes.protobuf') {
      const { decodeDeleteOptions } = await import('../codec/protobuf.js');
      options = decodeDeleteOptions(body) as DeleteOptions;
    } else {
      options = (await decodeObjectBody(req.headers['content-type'], body)) as DeleteOptions;
    }
    // A body that is not an object fails where the apiserver first reads it, finding its kind
    // (`null` decodes to nothing in Go, so it means no options).
    options ??= {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      const kind = Array.isArray(options) ? 'array' : typeof options === 'boolean' ? 'bool' : typeof options;
      throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${kind} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
    }
  }
  const grace = url.searchParams.get('gracePeriodSeconds');
  if (grace !== null) {
    if (!/^-?\d+$/.test(grace)) throw badRequest(`gracePeriodSeconds: Invalid value: "${grace}": strconv.ParseInt: parsing "${grace}": invalid syntax`);
    if (BigInt.asIntN(64, BigInt(grace)) !== BigInt(grace)) throw badRequest(`gracePeriodSeconds: Invalid value: "${grace}": strconv.ParseInt: parsing "${grace}": value out of range`);
    options.gracePeriodSeconds = Number(grace);
  }
  // A negative grace period means "as soon as possible", which the apiserver turns into 1 s.
  if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0) options.gracePeriodSeconds = 1;
  const policy = url.searchParams.get('propagationPolicy');
  if (policy !== null) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (options.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(options.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  // kubectl --dry-run=server puts dryRun in the body of a DELETE, not in the query.
  applyDryRun(options.dryRun, ctx);
  return options;
}

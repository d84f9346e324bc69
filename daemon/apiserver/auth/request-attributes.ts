/**
 * The authorization attributes of an HTTP request, as kube-apiserver's RequestInfoFactory derives
 * them from method, path and query: a resource request (`/api/v1/...`, `/apis/<g>/<v>/...`)
 * gets verb, API group, resource, subresource, namespace and name; anything shorter (`/api`,
 * `/apis/apps/v1`) or elsewhere (`/version`, `/openapi/v3`) is a non-resource request with a
 * lower-case HTTP verb and the path. Only these attributes, never kubelab's own routing, decide
 * what RBAC is asked, so the answers match a real cluster's even where kubelab serves less.
 */

export interface RequestAttributes {
  verb: string;
  isResourceRequest: boolean;
  /** For non-resource requests: the URL path as sent. */
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

const apiPrefixes = new Set(['api', 'apis']);
/** `/api/v1/watch/pods`, `/api/v1/proxy/...`: the verb comes from the path. */
const specialVerbs = new Set(['proxy', 'watch']);
/** The namespace object's own subresources: `/api/v1/namespaces/x/status` is not a resource named status. */
const namespaceSubresources = new Set(['status', 'finalize']);
const methodVerbs: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function nonResource(method: string, path: string): RequestAttributes {
  return { verb: method.toLowerCase(), isResourceRequest: false, path, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

export function requestAttributes(method: string, pathname: string, query: URLSearchParams): RequestAttributes {
  let parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length < 3 || !apiPrefixes.has(parts[0])) return nonResource(method, pathname);
  let apiGroup = '';
  const prefix = parts[0];
  parts = parts.slice(1);
  if (prefix === 'apis') {
    if (parts.length < 3) return nonResource(method, pathname);
    // Unescaped as the router unescapes it: `rbac%2Eauthorization.k8s.io` is served as the RBAC group.
    apiGroup = unescape(parts[0]);
    parts = parts.slice(1);
  }
  const apiVersion = parts[0];
  parts = parts.slice(1).map(unescape);
  let verb: string;
  let verbFromMethod = true;
  if (specialVerbs.has(parts[0]) && parts.length >= 2) {
    verb = parts[0];
    verbFromMethod = false;
    parts = parts.slice(1);
  } else {
    verb = methodVerbs[method] ?? '';
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !namespaceSubresources.has(parts[2])) parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  // proxy keeps the rest of the path to itself: `/proxy/.../pods/x/a/b` has no subresource.
  const subresource = parts.length >= 3 && verb !== 'proxy' ? parts[2] : '';
  let name = parts.length >= 2 ? parts[1] : '';
  if (name === '' && verb === 'get' && verbFromMethod) {
    verb = ['true', '1'].includes(query.get('watch') ?? '') ? 'watch' : 'list';
    // `kubectl get pod x -w` lists with metadata.name=x: RBAC sees the name, so resourceNames rules apply.
    name = exactNameSelector(query.get('fieldSelector'));
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  return { verb, isResourceRequest: true, path: pathname, apiGroup, apiVersion, resource, subresource, namespace, name };
}

function exactNameSelector(selector: string | null): string {
  if (!selector) return '';
  for (const term of selector.split(',')) {
    const match = /^\s*metadata\.name\s*==?\s*([^\s=!]*)\s*$/.exec(term);
    if (match && match[1] !== '' && match[1] !== '.' && match[1] !== '..' && !/[/%]/.test(match[1])) return match[1];
  }
  return '';
}

function unescape(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is answered by the router's 400; for authorization the raw text will do.
    return segment;
  }
}

/**
 * The labels kube-apiserver's request instrumentation (endpoints/metrics MonitorRequest) puts on
 * apiserver_request_total and apiserver_request_duration_seconds for one HTTP request: the verb as
 * the metrics report it (the HTTP method made canonical — LIST for a GET of a collection, WATCH
 * for `?watch=true` or the legacy `/watch/` path, APPLY for a server-side-apply PATCH, CONNECT for
 * log/exec/attach/portforward/proxy — never the RBAC verb like `create`), the scope (`resource`
 * for a named object or a create, `namespace`, `cluster`), and dry_run as the sorted `dryRun`
 * values. Pure: the caller decides which requests are measured.
 */
import { requestAttributes } from '../auth/request-attributes.js';

/** Label values in the order of the metrics' (alphabetical) label names, minus `code`. */
export interface RequestLabels {
  component: string;
  dry_run: string;
  group: string;
  resource: string;
  scope: string;
  subresource: string;
  verb: string;
  version: string;
}

/** validRequestMethods upstream; anything else is reported as `other`. */
const reportedVerbs = new Set(['APPLY', 'CONNECT', 'CREATE', 'DELETE', 'DELETECOLLECTION', 'GET', 'LIST', 'PATCH', 'POST', 'PROXY', 'PUT', 'UPDATE', 'WATCH', 'WATCHLIST']);
const connectSubresources = new Set(['log', 'exec', 'portforward', 'attach', 'proxy']);
/** The health endpoints are instrumented with their path as "subresource" and no component. */
const healthPaths = new Set(['/healthz', '/livez', '/readyz']);

/**
 * The labels for a request, or undefined for paths the apiserver does not instrument this way
 * (discovery, /version, /openapi, /metrics itself: plain handlers outside InstrumentRouteFunc).
 */
export function requestLabels(method: string, pathname: string, query: URLSearchParams, contentType: string | undefined): RequestLabels | undefined {
  const upper = method.toUpperCase();
  if (healthPaths.has(pathname)) {
    return { component: '', dry_run: '', group: '', resource: '', scope: '', subresource: pathname, verb: upper === 'HEAD' ? 'GET' : reportedVerb(upper), version: '' };
  }
  const attributes = requestAttributes(upper, pathname, query);
  if (!attributes.isResourceRequest || attributes.resource === '' || attributes.apiVersion === '') return undefined;
  // A list's name from `fieldSelector=metadata.name=x` is RBAC's business, not the route's scope.
  const listing = attributes.verb === 'list' || (attributes.verb === 'watch' && !pathname.includes('/watch/'));
  const named = !listing && attributes.name !== '';
  const scope = named || attributes.verb === 'create' ? 'resource' : attributes.namespace !== '' ? 'namespace' : 'cluster';
  let verb = upper === 'GET' || upper === 'HEAD' ? (scope === 'resource' ? 'GET' : 'LIST') : upper;
  if ((upper === 'GET' || upper === 'LIST') && isWatch(query)) verb = 'WATCH';
  if (attributes.verb === 'watch') verb = 'WATCH';
  if (upper === 'PATCH' && contentType === 'application/apply-patch+yaml') verb = 'APPLY';
  if (attributes.subresource !== '' && connectSubresources.has(attributes.subresource)) verb = 'CONNECT';
  return {
    component: 'apiserver',
    dry_run: dryRunLabel(query),
    group: attributes.apiGroup,
    resource: attributes.resource,
    scope,
    subresource: attributes.subresource,
    verb: reportedVerb(verb),
    version: attributes.apiVersion,
  };
}

function reportedVerb(verb: string): string {
  if (verb === 'WATCHLIST') return 'WATCH';
  return reportedVerbs.has(verb) ? verb : 'other';
}

/** Convert_Slice_string_To_bool on the first `watch` value: anything but "0"/"false" is true. */
function isWatch(query: URLSearchParams): boolean {
  const value = query.get('watch');
  if (value === null) return false;
  const lower = value.toLowerCase();
  return lower !== '0' && lower !== 'false';
}

/** cleanDryRun: the distinct values sorted and comma-joined; an invalid one is `invalid`. */
function dryRunLabel(query: URLSearchParams): string {
  const values = query.getAll('dryRun');
  if (values.length === 0) return '';
  if (values.some((v) => v !== 'All')) return 'invalid';
  return 'All';
}

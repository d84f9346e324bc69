/**
 * The requests of the bad-input campaign (issue #9, item 3), as fast-check generators: REST paths of
 * the served resources with invalid names (path traversal, encoded slashes, malformed escapes),
 * subresources with bad log/exec parameters, label and field selectors that do not parse, watch
 * and list parameters out of range, and garbage paths; bodies come from fuzz-bodies.ts.
 * Everything targets the `fuzz` namespace or names no real object has, so that a request that is
 * valid by chance cannot stop a node or delete what the cluster runs on.
 */
import fc from 'fast-check';
import { objectBody, patchBody, type FuzzBody } from './fuzz-bodies.js';

export interface FuzzRequest {
  method: string;
  path: string;
  contentType?: string;
  accept?: string;
  body?: string | Buffer;
}

export const fuzzNamespace = 'fuzz';
/** Objects prepared before the campaign, so that updates, patches and subresources reach real code. */
export const fuzzObjectName = 'fuzz-a';

interface Target {
  prefix: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

const targets: Target[] = [
  { prefix: '/api/v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { prefix: '/api/v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { prefix: '/api/v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { prefix: '/api/v1', resource: 'services', kind: 'Service', namespaced: true },
  { prefix: '/api/v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { prefix: '/apis/apps/v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { prefix: '/api/v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
];
/** Read-only targets: writes to them could disturb the cluster under test (nodes, leases). */
const readOnlyResources = ['/api/v1/nodes', '/api/v1/events', '/apis/coordination.k8s.io/v1/leases', '/apis/storage.k8s.io/v1/storageclasses', '/api/v1/persistentvolumes', '/apis/batch/v1/jobs', '/apis/foo.example/v1/bars', '/api/v2/pods', '/api/v1/nope'];

/** Names for the path and the body: the prepared object, valid new names, and invalid ones. */
export const names = fc.oneof(
  { weight: 4, arbitrary: fc.constant(fuzzObjectName) },
  { weight: 2, arbitrary: fc.constantFrom('fuzz-b', 'fuzz-c', 'fuzz-d') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '..', '.', '../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', 'a%2Fb', 'Bad_Name', 'UPPER', '-lead', 'trail-', 'a..b', 'ä', '%00', 'a%00b', '%', '%zz', '%E0%A4%A', 'x'.repeat(254), 'y'.repeat(64),
      '*', 'a b', '{name}', 'a;rm -rf /', '%ff%fe', 'a?b', 'a#b', '~', 'con', 'status',
    ),
  },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map((s) => encodeURIComponent(s)) },
);

const selectorText = fc.oneof(
  fc.constantFrom('a in (', 'a in ()', 'a notin', '!', '!!a', 'a==', '==b', 'a!=b,', ',', 'a=b=c', 'a in (b,,c)', 'x'.repeat(70) + '=v', 'a=' + 'v'.repeat(70), 'A/b/c=d', 'a>', 'a<1', 'a>x', 'a=(b)', '%', 'a in (b) c', ' ', 'metadata.name=', 'spec.foo=x', 'metadata.name==a==b', 'status.phase!=Running,,', 'spec.nodeName=\u0000'),
  fc.string({ maxLength: 16 }),
);

const queryParams = fc.dictionary(
  fc.constantFrom(
    'labelSelector', 'fieldSelector', 'watch', 'resourceVersion', 'resourceVersionMatch', 'timeoutSeconds', 'limit', 'continue', 'fieldValidation', 'dryRun', 'fieldManager', 'gracePeriodSeconds',
    'propagationPolicy', 'orphanDependents', 'includeObject', 'pretty', 'allowWatchBookmarks', 'sendInitialEvents', 'container', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes', 'previous', 'timestamps',
    'follow', 'command', 'stdin', 'stdout', 'tty', 'unknownParam',
  ),
  fc.oneof(
    selectorText,
    fc.constantFrom('true', '1', 'false', 'yes', '', '0', '-1', '-9223372036854775809', '99999999999999999999', '1e3', '0.5', 'NaN', 'abc', 'All', 'Strict', 'Warn', 'Bogus', 'Exact', 'NotOlderThan', 'Foreground', 'Orphan', 'Table', '2024-13-45T99:99:99Z', '../../etc/passwd', '/etc/shadow', 'c', 'nope', 'cat /etc/passwd', 'x'.repeat(5000)),
  ),
  { maxKeys: 4 },
);

function query(params: Record<string, string>, forceWatch: boolean): string {
  const search = new URLSearchParams(params);
  if (forceWatch) search.set('watch', 'true');
  const text = search.toString();
  return text ? `?${text}` : '';
}

function collectionPath(target: Target): string {
  return target.namespaced ? `${target.prefix}/namespaces/${fuzzNamespace}/${target.resource}` : `${target.prefix}/${target.resource}`;
}

const subresources = fc.constantFrom('status', 'scale', 'log', 'exec', 'attach', 'binding', 'eviction', 'token', 'proxy', 'portforward', 'finalize', 'ephemeralcontainers', 'resize', 'nope', '..', '%2e%2e');

const accepts = fc.constantFrom(
  undefined, undefined, undefined, 'application/json;as=Table;v=v1;g=meta.k8s.io', 'application/json;as=Table;v=v2;g=meta.k8s.io', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
  'application/vnd.kubernetes.protobuf', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', 'text/html', '*/*;q=x', ';;',
);

/** Create, update, patch, delete, get, list and watch of the fuzzed kinds. */
const resourceRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom(...targets), names, fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), fc.boolean(), queryParams, accepts)
  .chain(([target, name, method, named, params, accept]) => {
    const base = collectionPath(target);
    // Cluster-scoped objects only under names no real object has: a valid DELETE of `default` must not happen.
    const safeName = !target.namespaced && name === fuzzObjectName ? 'fuzz-ns-a' : name;
    const path = (named || method === 'PUT' || method === 'PATCH') && method !== 'POST' ? `${base}/${safeName}` : base;
    // Deletecollection of namespaces is refused anyway; of namespaced kinds, it stays in `fuzz`.
    const watch = method === 'GET' && !named && params.watch === undefined && params.resourceVersion !== undefined;
    const body: fc.Arbitrary<FuzzBody | undefined> =
      method === 'POST' || method === 'PUT' ? objectBody(target.kind, decodeName(safeName)) : method === 'PATCH' ? patchBody : method === 'DELETE' ? fc.option(objectBody('DeleteOptions', 'x'), { freq: 4 }) : fc.constant(undefined);
    return body.map((b) => ({ method, path: path + query(params, watch), accept, contentType: b?.contentType, body: b?.body }));
  });

/** Subresources of the prepared pod and deployment: log and exec parameters, status, scale, binding, eviction. */
const subresourceRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom('pods', 'pods', 'deployments', 'configmaps', 'serviceaccounts'), fc.oneof({ weight: 3, arbitrary: fc.constant(fuzzObjectName) }, names), subresources, fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), queryParams)
  .chain(([resource, name, sub, method, params]) => {
    const prefix = resource === 'deployments' ? '/apis/apps/v1' : '/api/v1';
    const path = `${prefix}/namespaces/${fuzzNamespace}/${resource}/${name}/${sub}${query(params, false)}`;
    const kind = sub === 'binding' ? 'Binding' : sub === 'eviction' ? 'Eviction' : sub === 'scale' ? 'Scale' : 'Pod';
    const body: fc.Arbitrary<FuzzBody | undefined> = method === 'GET' || method === 'DELETE' ? fc.constant(undefined) : method === 'PATCH' ? patchBody : objectBody(kind, decodeName(name));
    return body.map((b) => ({ method, path, contentType: b?.contentType, body: b?.body }));
  });

/** Lists and watches with bad selectors and parameters, across namespaces and cluster-wide. */
const listRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom(...targets.map(collectionPath), ...readOnlyResources, '/api/v1/pods', '/apis/apps/v1/deployments'), queryParams, fc.boolean(), accepts)
  .map(([path, params, watch, accept]) => ({ method: 'GET', path: path + query(params, watch), accept }));

/** Paths that are not REST paths at all: traversal, malformed escapes, discovery and OpenAPI with garbage. */
const garbagePath: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom('api', 'apis', 'v1', 'namespaces', fuzzNamespace, 'pods', '..', '.', '', '%2e%2e', '%2F', '%', '%zz', '%E0%A4%A', '%00', 'openapi', 'v2', 'v3', 'kubelab', 'nodes', 'version', 'healthz', 'apps', 'x'.repeat(3000)), fc.string({ maxLength: 8 }).map(encodeURIComponent)), { minLength: 1, maxLength: 7 }),
    fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'),
    accepts,
  )
  .map(([segments, method, accept]) => ({ method, path: '/' + segments.join('/'), accept }));

/** kubelab's own endpoints, read-only (a valid POST there stops a node). */
const adminRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom('nodes', 'nodes/node9', 'nodes/%2e%2e/rules', 'nodes/node1/rules', 'nodes/nope/shell', 'nodes/node1/shell/%2e%2e', 'nodes/node1/bogus', 'x', 'v2/nodes'), fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'))
  .map(([rest, method]) => ({ method, path: `/kubelab/v1/${rest}` }));

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 10, arbitrary: resourceRequest },
  { weight: 4, arbitrary: subresourceRequest },
  { weight: 4, arbitrary: listRequest },
  { weight: 3, arbitrary: garbagePath },
  { weight: 1, arbitrary: adminRequest },
);

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a malformed escape stays as it is in the body
  }
}

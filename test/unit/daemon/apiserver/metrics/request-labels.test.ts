import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestLabels } from '../../../../../daemon/apiserver/metrics/request-labels.js';

function labels(method: string, path: string, contentType?: string) {
  const url = new URL(path, 'https://localhost');
  return requestLabels(method, url.pathname, url.searchParams, contentType);
}

const base = { component: 'apiserver', dry_run: '', group: '', subresource: '', version: 'v1' };

test('a collection GET is LIST in the namespace scope, a named GET is GET in the resource scope', () => {
  assert.deepEqual(labels('GET', '/api/v1/namespaces/default/pods?limit=500'), { ...base, resource: 'pods', scope: 'namespace', verb: 'LIST' });
  assert.deepEqual(labels('GET', '/api/v1/namespaces/default/pods/web'), { ...base, resource: 'pods', scope: 'resource', verb: 'GET' });
  assert.deepEqual(labels('GET', '/api/v1/nodes'), { ...base, resource: 'nodes', scope: 'cluster', verb: 'LIST' });
  // `kubectl get pod web -w` lists with a name field selector: still the collection route.
  assert.deepEqual(labels('GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb&watch=true'), { ...base, resource: 'pods', scope: 'namespace', verb: 'WATCH' });
});

test('watch, apply, create, connect and dry-run are reported as the apiserver reports them', () => {
  assert.equal(labels('GET', '/apis/apps/v1/namespaces/x/deployments?watch=1')!.verb, 'WATCH');
  assert.equal(labels('GET', '/api/v1/pods?watch=false')!.verb, 'LIST');
  assert.equal(labels('GET', '/api/v1/watch/namespaces/x/pods')!.verb, 'WATCH');
  assert.deepEqual(labels('PATCH', '/apis/apps/v1/namespaces/x/deployments/web?fieldManager=kubectl', 'application/apply-patch+yaml'), {
    ...base, group: 'apps', resource: 'deployments', scope: 'resource', verb: 'APPLY',
  });
  assert.equal(labels('PATCH', '/apis/apps/v1/namespaces/x/deployments/web', 'application/strategic-merge-patch+json')!.verb, 'PATCH');
  assert.deepEqual(labels('POST', '/api/v1/namespaces/x/configmaps?dryRun=All'), { ...base, dry_run: 'All', resource: 'configmaps', scope: 'resource', verb: 'POST' });
  assert.equal(labels('POST', '/api/v1/namespaces/x/configmaps?dryRun=Some')!.dry_run, 'invalid');
  assert.deepEqual(labels('GET', '/api/v1/namespaces/x/pods/web/log'), { ...base, resource: 'pods', scope: 'resource', subresource: 'log', verb: 'CONNECT' });
  assert.equal(labels('DELETE', '/api/v1/namespaces/x/pods')!.verb, 'DELETE');
  assert.equal(labels('DELETE', '/api/v1/namespaces/x/pods')!.scope, 'namespace');
  assert.equal(labels('PUT', '/api/v1/namespaces/x/pods/web/status')!.subresource, 'status');
  assert.equal(labels('OPTIONS', '/api/v1/namespaces/x/pods')!.verb, 'other');
});

test('health checks carry their path as subresource; discovery and /metrics are not instrumented', () => {
  assert.deepEqual(labels('GET', '/readyz'), { component: '', dry_run: '', group: '', resource: '', scope: '', subresource: '/readyz', verb: 'GET', version: '' });
  assert.equal(labels('GET', '/api'), undefined);
  assert.equal(labels('GET', '/apis/apps/v1'), undefined);
  assert.equal(labels('GET', '/metrics'), undefined);
  assert.equal(labels('GET', '/version'), undefined);
});

// The authorization attributes of a request, as kube-apiserver's RequestInfoFactory derives them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requestAttributes } from '../../../../../daemon/apiserver/auth/request-attributes.js';

const attrs = (method: string, url: string) => {
  const parsed = new URL(url, 'https://localhost');
  const a = requestAttributes(method, parsed.pathname, parsed.searchParams);
  return a.isResourceRequest ? [a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name] : [a.verb, a.path];
};

describe('requestAttributes', () => {
  it('lists, watches and gets by method, query and name', () => {
    assert.deepEqual(attrs('GET', '/api/v1/namespaces/default/pods'), ['list', '', 'pods', '', 'default', '']);
    assert.deepEqual(attrs('GET', '/api/v1/namespaces/default/pods?watch=true'), ['watch', '', 'pods', '', 'default', '']);
    assert.deepEqual(attrs('GET', '/api/v1/namespaces/default/pods/web'), ['get', '', 'pods', '', 'default', 'web']);
    assert.deepEqual(attrs('GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb&watch=1'), ['watch', '', 'pods', '', 'default', 'web']);
  });
  it('names writes and subresources', () => {
    assert.deepEqual(attrs('POST', '/apis/apps/v1/namespaces/ns/deployments'), ['create', 'apps', 'deployments', '', 'ns', '']);
    assert.deepEqual(attrs('PUT', '/apis/apps/v1/namespaces/ns/deployments/d/scale'), ['update', 'apps', 'deployments', 'scale', 'ns', 'd']);
    assert.deepEqual(attrs('PATCH', '/api/v1/nodes/n1'), ['patch', '', 'nodes', '', '', 'n1']);
    assert.deepEqual(attrs('DELETE', '/api/v1/namespaces/ns/pods'), ['deletecollection', '', 'pods', '', 'ns', '']);
    assert.deepEqual(attrs('GET', '/api/v1/namespaces/ns/pods/web/log'), ['get', '', 'pods', 'log', 'ns', 'web']);
    assert.deepEqual(attrs('POST', '/api/v1/namespaces/ns/pods/web/exec'), ['create', '', 'pods', 'exec', 'ns', 'web']);
  });
  it('gives the namespace object its own name as namespace', () => {
    assert.deepEqual(attrs('GET', '/api/v1/namespaces/team'), ['get', '', 'namespaces', '', 'team', 'team']);
    assert.deepEqual(attrs('PUT', '/api/v1/namespaces/team/finalize'), ['update', '', 'namespaces', 'finalize', 'team', 'team']);
    assert.deepEqual(attrs('GET', '/api/v1/namespaces'), ['list', '', 'namespaces', '', '', '']);
  });
  it('unescapes the group as the router does, so RBAC asks about the group that is served', () => {
    assert.deepEqual(attrs('DELETE', '/apis/rbac%2Eauthorization.k8s.io/v1/clusterroles/x'), ['delete', 'rbac.authorization.k8s.io', 'clusterroles', '', '', 'x']);
  });
  it('treats discovery and other paths as non-resource requests', () => {
    assert.deepEqual(attrs('GET', '/api'), ['get', '/api']);
    assert.deepEqual(attrs('GET', '/api/v1'), ['get', '/api/v1']);
    assert.deepEqual(attrs('GET', '/apis/apps/v1'), ['get', '/apis/apps/v1']);
    assert.deepEqual(attrs('GET', '/openapi/v3/apis/apps/v1'), ['get', '/openapi/v3/apis/apps/v1']);
    assert.deepEqual(attrs('POST', '/kubelab/nodes/node1/kill'), ['post', '/kubelab/nodes/node1/kill']);
  });
});

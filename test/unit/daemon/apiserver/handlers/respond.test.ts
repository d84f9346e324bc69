// Responses as kube-apiserver writes them: compact JSON for clients such as kubectl, indented
// (json.MarshalIndent) for `?pretty=true` and for curl, Wget and browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { indentJson, sendStatus } from '../../../../../daemon/apiserver/handlers/respond.js';
import { forbidden } from '../../../../../shared/api/errors.js';

test('indentJson lays JSON out as json.MarshalIndent does, escapes untouched', () => {
  assert.equal(indentJson('{"a":[],"b":{},"c":[1,{"d":"x,\\"y\\":{"}],"e":"\\u003c"}'), '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": "x,\\"y\\":{"\n    }\n  ],\n  "e": "\\u003c"\n}');
});

async function get(server: Server, path: string, userAgent: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { 'User-Agent': userAgent } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a Status is indented for curl and ?pretty=true, compact for kubectl and ?pretty=false', async (t) => {
  const server = createServer((_req, res) => sendStatus(res, forbidden({ group: '', resource: 'pods' }, '', 'User "x" cannot list resource "pods" in API group "" in the namespace "default"').status));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pretty = [
    '{',
    '  "kind": "Status",',
    '  "apiVersion": "v1",',
    '  "metadata": {},',
    '  "status": "Failure",',
    '  "message": "pods is forbidden: User \\"x\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"",',
    '  "reason": "Forbidden",',
    '  "details": {',
    '    "kind": "pods"',
    '  },',
    '  "code": 403',
    '}',
  ].join('\n');
  assert.equal(await get(server, '/api/v1/namespaces/default/pods', 'curl/8.11.1'), pretty);
  assert.equal(await get(server, '/api/v1/namespaces/default/pods?pretty=true', 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd'), pretty);
  const compact = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \\"x\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}';
  assert.equal(await get(server, '/api/v1/namespaces/default/pods', 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd'), compact);
  assert.equal(await get(server, '/api/v1/namespaces/default/pods?pretty=false', 'curl/8.11.1'), compact);
});

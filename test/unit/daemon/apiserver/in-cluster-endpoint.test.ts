// The API server as pods reach it: a request Node cannot put on the wire (a space in the path, a
// control character in a header) is answered with net/http's plain 400, never a failed program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inClusterApiEndpoint } from '../../../../daemon/apiserver/in-cluster-endpoint.js';
import type { HttpRequest } from '../../../../daemon/runtime/network.js';

const request = (overrides: Partial<HttpRequest>): HttpRequest => ({ method: 'GET', path: '/api', headers: {}, body: '', remoteAddress: '10.244.1.2', ...overrides });

test('a request that cannot be sent is a 400, not a rejection', async () => {
  // No socket is opened for these: Node refuses them before connecting, so the port is never used.
  const endpoint = inClusterApiEndpoint({ port: () => 1, caPem: '' });
  for (const bad of [request({ path: '/api/v1/namespaces/a b' }), request({ headers: { 'X-Bad': 'a\u0001b' } })]) {
    const answer = await endpoint(bad);
    assert.deepEqual([answer.status, answer.body], [400, '400 Bad Request']);
  }
});

test('before the API listens: 503', async () => {
  const answer = await inClusterApiEndpoint({ port: () => undefined, caPem: '' })(request({}));
  assert.deepEqual([answer.status, answer.body], [503, 'the API server is not listening yet\n']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequests, serializeResponse } from '../../../../../daemon/apiserver/subresources/http-bytes.js';

test('requests are cut from the bytes as they complete, keep-alive ones in a row', () => {
  const wire = Buffer.from('GET / HTTP/1.1\r\nHost: localhost:8080\r\n\r\nPOST /form HTTP/1.1\r\nContent-Length: 5\r\n\r\nab');
  const first = parseRequests(wire);
  assert.ok(!('error' in first));
  assert.deepEqual(first.requests, [{ method: 'GET', path: '/', headers: { Host: 'localhost:8080' }, body: '' }]);
  assert.equal(first.rest.toString(), 'POST /form HTTP/1.1\r\nContent-Length: 5\r\n\r\nab');
  const second = parseRequests(Buffer.concat([first.rest, Buffer.from('cde')]));
  assert.ok(!('error' in second));
  assert.deepEqual(second.requests.map((r) => [r.method, r.path, r.body]), [['POST', '/form', 'abcde']]);
  assert.equal(second.rest.length, 0);
});

test('bytes that are not HTTP are refused', () => {
  assert.deepEqual(parseRequests(Buffer.from('*2\r\n$4\r\nPING\r\n')), { error: 'not an HTTP request' });
  assert.deepEqual(parseRequests(Buffer.from('\x16\x03\x01\x02\x00')), { error: 'not an HTTP request' });
});

test('responses get their status line and a Content-Length; HEAD has no body', () => {
  const response = { status: 404, headers: { Server: 'nginx/1.27.4' }, body: 'né\n' };
  assert.equal(serializeResponse(response, 'GET').toString(), 'HTTP/1.1 404 Not Found\r\nServer: nginx/1.27.4\r\nContent-Length: 4\r\n\r\nné\n');
  assert.equal(serializeResponse(response, 'HEAD').toString(), 'HTTP/1.1 404 Not Found\r\nServer: nginx/1.27.4\r\nContent-Length: 4\r\n\r\n');
});

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { RequestMetrics } from '../../../../../daemon/apiserver/metrics/request-metrics.js';
import type { Store } from '../../../../../daemon/store/store.js';

/** Only count() is read, at scrape time. */
function fakeStore(counts: Record<string, number>): Store {
  return { count: (prefix: string) => counts[prefix] ?? 0 } as unknown as Store;
}

function request(metrics: RequestMetrics, method: string, path: string, statusCode: number, headers: Record<string, string> = {}): () => void {
  const req = { method, url: path, headers } as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), { statusCode }) as unknown as ServerResponse;
  metrics.track(req, res, new URL(path, 'https://localhost'));
  return () => res.emit('close');
}

test('requests that finish before prom-client has loaded are counted once it has', async () => {
  const metrics = new RequestMetrics(fakeStore({ '/registry/core/pods/': 2 }));
  request(metrics, 'GET', '/api/v1/namespaces/default/pods?limit=500', 200)();
  request(metrics, 'GET', '/readyz', 200)();
  const { text, contentType } = await metrics.render();
  assert.equal(contentType, 'text/plain; version=0.0.4; charset=utf-8');
  const lines = text.split('\n');
  assert.ok(lines.includes('apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 1'));
  assert.ok(lines.includes('apiserver_request_total{code="200",component="",dry_run="",group="",resource="",scope="",subresource="/readyz",verb="GET",version=""} 1'));
  assert.ok(lines.includes('apiserver_storage_objects{resource="pods"} 2'));
  request(metrics, 'GET', '/api/v1/namespaces/default/pods?limit=500', 200)();
  assert.match((await metrics.render()).text, /^apiserver_request_total\{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"\} 2$/m);
});

test('in-flight requests are counted until they end; watches and exec are left out', async () => {
  const metrics = new RequestMetrics(fakeStore({}));
  const endList = request(metrics, 'GET', '/api/v1/pods', 200);
  const endCreate = request(metrics, 'POST', '/api/v1/namespaces/default/pods', 201);
  const endWatch = request(metrics, 'GET', '/api/v1/pods?watch=true', 200);
  let text = (await metrics.render()).text;
  assert.match(text, /^apiserver_current_inflight_requests\{request_kind="mutating"\} 1$/m);
  assert.match(text, /^apiserver_current_inflight_requests\{request_kind="readOnly"\} 1$/m);
  // Not counted before the response ends, as upstream counts after the handler returns.
  assert.doesNotMatch(text, /^apiserver_request_total\{/m);
  endList();
  endCreate();
  endWatch();
  text = (await metrics.render()).text;
  assert.match(text, /^apiserver_current_inflight_requests\{request_kind="mutating"\} 0$/m);
  assert.match(text, /^apiserver_current_inflight_requests\{request_kind="readOnly"\} 0$/m);
  assert.match(text, /^apiserver_request_total\{code="201",component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"\} 1$/m);
  assert.match(text, /^apiserver_request_total\{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"\} 1$/m);
});

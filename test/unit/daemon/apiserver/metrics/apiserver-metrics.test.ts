import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiServerMetrics, metricsContentType } from '../../../../../daemon/apiserver/metrics/apiserver-metrics.js';
import { requestLabels } from '../../../../../daemon/apiserver/metrics/request-labels.js';
import type { Store } from '../../../../../daemon/store/store.js';

/** Only count() is read, at scrape time. */
function fakeStore(counts: Record<string, number>): Store {
  return { count: (prefix: string) => counts[prefix] ?? 0 } as unknown as Store;
}

function record(metrics: ApiServerMetrics, method: string, path: string, code: number, contentType?: string): void {
  const url = new URL(path, 'https://localhost');
  metrics.record(requestLabels(method, url.pathname, url.searchParams, contentType)!, code, 0.003);
}

test('the exposition has the 1.32 names, help texts, types and label sets', async () => {
  const metrics = new ApiServerMetrics(fakeStore({ '/registry/core/pods/': 3, '/registry/apps/deployments/': 1 }), { mutating: 0, readOnly: 1 });
  record(metrics, 'GET', '/api/v1/namespaces/default/pods?limit=500', 200);
  record(metrics, 'GET', '/api/v1/namespaces/default/pods?limit=500', 200);
  record(metrics, 'GET', '/api/v1/namespaces/default/pods/nope', 404);
  record(metrics, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web', 200, 'application/apply-patch+yaml');
  const text = await metrics.render();
  const lines = text.split('\n');

  assert.ok(lines.includes('# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.'));
  assert.ok(lines.includes('# TYPE apiserver_request_total counter'));
  assert.ok(lines.includes('apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 2'));
  assert.ok(lines.includes('apiserver_request_total{code="404",component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="GET",version="v1"} 1'));
  assert.ok(lines.includes('apiserver_request_total{code="200",component="apiserver",dry_run="",group="apps",resource="deployments",scope="resource",subresource="",verb="APPLY",version="v1"} 1'));

  assert.ok(lines.includes('# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.'));
  assert.ok(lines.includes('# TYPE apiserver_request_duration_seconds histogram'));
  const buckets = lines.filter((l) => l.startsWith('apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1",le="'));
  assert.deepEqual(
    buckets.map((l) => /le="([^"]+)"/.exec(l)![1]),
    ['0.005', '0.025', '0.05', '0.1', '0.2', '0.4', '0.6', '0.8', '1', '1.25', '1.5', '2', '3', '4', '5', '6', '8', '10', '15', '20', '30', '45', '60', '+Inf'],
  );
  assert.ok(lines.includes('apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 2'));
  assert.ok(lines.includes('apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1",le="0.005"} 2'));

  assert.ok(lines.includes('# TYPE apiserver_storage_objects gauge'));
  assert.ok(lines.includes('apiserver_storage_objects{resource="pods"} 3'));
  assert.ok(lines.includes('apiserver_storage_objects{resource="deployments.apps"} 1'));
  assert.ok(lines.includes('apiserver_storage_objects{resource="configmaps"} 0'));
  assert.ok(!lines.some((l) => l.startsWith('apiserver_storage_objects{resource="tokenreviews')));

  assert.ok(lines.includes('# HELP apiserver_current_inflight_requests [STABLE] Maximal number of currently used inflight request limit of this apiserver per request kind in last second.'));
  assert.ok(lines.includes('apiserver_current_inflight_requests{request_kind="mutating"} 0'));
  assert.ok(lines.includes('apiserver_current_inflight_requests{request_kind="readOnly"} 1'));

  assert.ok(lines.includes('# TYPE kubernetes_build_info gauge'));
  assert.ok(lines.includes('kubernetes_build_info{build_date="2025-04-22T16:02:27Z",compiler="gc",git_commit="59526cd4867447956156ae3a602fcbac10a2c335",git_tree_state="clean",git_version="v1.32.4",go_version="go1.23.6",major="1",minor="32",platform="linux/amd64"} 1'));

  for (const name of ['process_cpu_seconds_total', 'process_max_fds', 'process_open_fds', 'process_resident_memory_bytes', 'process_start_time_seconds', 'process_virtual_memory_bytes']) {
    assert.ok(lines.some((l) => l.startsWith(`${name} `)), name);
  }
  assert.ok(lines.includes('# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.'));
  assert.ok(lines.includes('# TYPE process_cpu_seconds_total counter'));
  assert.ok(!text.includes('nodejs_'));
  assert.ok(!text.includes('process_heap_bytes'));
  assert.ok(!text.includes('process_cpu_user_seconds_total'));

  const families = lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
  assert.deepEqual(families, [...families].sort());
  assert.equal(metricsContentType, 'text/plain; version=0.0.4; charset=utf-8');
});

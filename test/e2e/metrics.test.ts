// kube-apiserver's /metrics through the real kubectl, as `kubectl get --raw /metrics` shows it on
// a kubeadm v1.32 cluster: the Prometheus text format, apiserver_request_total counted per request
// with the apiserver's verb and scope labels, the stored object counts, and the same
// authentication and RBAC answers as every other path.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDaemon } from '../helpers/daemon.js';
import { runKubectl } from '../helpers/kubectl.js';

test('the apiserver /metrics endpoint', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;

  await t.test('kubectl get --raw /metrics counts kubectl get pods as a namespaced LIST', async () => {
    assert.equal((await k('get', 'pods')).code, 0);
    const out = await k('get', '--raw', '/metrics');
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.split('\n');
    assert.ok(lines.includes('# TYPE apiserver_request_total counter'));
    assert.ok(lines.includes('# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.'));
    const list = lines.find((l) => l.startsWith('apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} '));
    assert.ok(list, out.stdout.slice(0, 2000));
    assert.ok(Number(list.split(' ')[1]) >= 1);
    assert.ok(lines.includes('# TYPE apiserver_request_duration_seconds histogram'));
    assert.ok(lines.some((l) => l.startsWith('apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1",le="0.005"} ')));
    assert.match(out.stdout, /^apiserver_storage_objects\{resource="pods"\} \d+$/m);
    assert.match(out.stdout, /^apiserver_storage_objects\{resource="namespaces"\} [1-9]\d*$/m);
    assert.match(out.stdout, /^apiserver_current_inflight_requests\{request_kind="readOnly"\} [1-9]\d*$/m);
    assert.ok(lines.includes('kubernetes_build_info{build_date="2025-04-22T16:02:27Z",compiler="gc",git_commit="59526cd4867447956156ae3a602fcbac10a2c335",git_tree_state="clean",git_version="v1.32.4",go_version="go1.23.6",major="1",minor="32",platform="linux/amd64"} 1'));
    assert.match(out.stdout, /^process_start_time_seconds \d+/m);
    assert.doesNotMatch(out.stdout, /^nodejs_/m);
  });

  await t.test('a server-side apply is counted as APPLY, a create as POST in the resource scope', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: metrics-e2e\ndata:\n  a: "1"\n';
    assert.equal((await daemon.kubectlWithInput(manifest, 'apply', '--server-side', '-f', '-')).code, 0);
    assert.equal((await k('create', 'configmap', 'metrics-e2e-2')).code, 0);
    const out = await k('get', '--raw', '/metrics');
    assert.match(out.stdout, /^apiserver_request_total\{code="201",component="apiserver",dry_run="",group="",resource="configmaps",scope="resource",subresource="",verb="APPLY",version="v1"\} 1$/m);
    assert.match(out.stdout, /^apiserver_request_total\{code="201",component="apiserver",dry_run="",group="",resource="configmaps",scope="resource",subresource="",verb="POST",version="v1"\} 1$/m);
  });

  await t.test('a user without system:monitoring is refused with the apiserver\'s 403', async () => {
    const out = await k('get', '--raw', '/metrics', '--as=bob');
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'Error from server (Forbidden): forbidden: User "bob" cannot get path "/metrics"\n');
    const monitoring = await k('get', '--raw', '/metrics', '--as=carol', '--as-group=system:monitoring');
    assert.equal(monitoring.code, 0, monitoring.stderr);
  });

  await t.test('without a token the answer is 401', async () => {
    const bad = join(daemon.dataDir, 'metrics-bad-kubeconfig');
    writeFileSync(bad, readFileSync(daemon.kubeconfig, 'utf8').replace(daemon.token, 'not-the-token'));
    const out = await runKubectl(['get', '--raw', '/metrics'], { KUBECONFIG: bad, KUBECACHEDIR: join(daemon.dataDir, 'metrics-badcache') });
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  });
});

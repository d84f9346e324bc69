// `kubelab node kill|start`: a virtual node's machine dies and comes back (lab K.2's first half).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDaemon } from '../helpers/daemon.js';
import { columns, tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

test('killing and restarting a node', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;

  await t.test('a killed node keeps its pods\' objects; restarted, its kubelet restarts their containers', async () => {
    assert.equal((await k('run', 'web', '--image=nginx', '--overrides={"spec":{"nodeName":"node2"}}')).code, 0);
    await waitFor(async () => tableRows((await k('get', 'pod', 'web')).stdout)[1]?.[2] === 'Running', { what: 'web to run on node2', timeout: 20_000 });
    const killed = runCli(['node', 'kill', 'node2', '--data', daemon.dataDir]);
    assert.equal(killed.code, 0, killed.stderr);
    assert.equal(killed.stdout, 'kubelab: node node2 killed (its kubelet and containers stopped)\n');
    const started = runCli(['node', 'start', 'node2', '--data', daemon.dataDir]);
    assert.equal(started.stdout, 'kubelab: node node2 started\n');
    const row = await waitFor(async () => {
      const r = tableRows((await k('get', 'pod', 'web')).stdout)[1];
      return r?.[2] === 'Running' && r[3].startsWith('1 ') ? r : undefined;
    }, { what: 'the container restarted by the new kubelet', timeout: 20_000 });
    assert.match(row[3], /^1 \(\d+s ago\)$/);
  });

  await t.test('kube-proxy\'s Starting event comes from the events.k8s.io recorder, as on a real node', async () => {
    const row = await waitFor(async () => {
      const out = await k('get', 'events', '-o', 'wide', '--field-selector', 'involvedObject.name=node1,reason=Starting');
      return columns(out.stdout).find((r) => r[5]?.startsWith('kube-proxy'));
    }, { what: 'kube-proxy\'s Starting event on node1' });
    // TYPE, REASON, OBJECT, SUBOBJECT, SOURCE (component, instance), MESSAGE (none), then COUNT.
    assert.deepEqual([...row.slice(1, 7), row[8]], ['Normal', 'Starting', 'node/node1', '', 'kube-proxy, kube-proxy-node1', '', '1']);
    const json = JSON.parse((await k('get', 'events', '--field-selector', 'involvedObject.name=node1,reason=Starting,reportingComponent=kube-proxy', '-o', 'json')).stdout);
    const event = json.items.at(-1);
    assert.equal(event.action, 'StartKubeProxy');
    assert.equal(event.reportingInstance, 'kube-proxy-node1');
    assert.equal(event.firstTimestamp, null);
    assert.match(event.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  await t.test('an unknown node is refused in one line', () => {
    const out = runCli(['node', 'kill', 'node9', '--data', daemon.dataDir]);
    assert.equal(out.code, 1);
    assert.equal(out.stderr, 'kubelab: no node named "node9"\n');
  });
});

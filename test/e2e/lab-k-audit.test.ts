// Lab K audited against kind 1.32, with the real kubectl: what a learner who knows kind looks for
// and kubelab did not show. describe node lists kubeadm's cri-socket annotation; the kubelet
// records NodeNotSchedulable / NodeSchedulable after a cordon / uncordon; a node brought back
// after `kubelab node kill` has rebooted (Warning Rebooted), the taint eviction is cancelled, and
// its pods get a new sandbox (SandboxChanged) and restart with the Unknown / 255 last state
// containerd reports after a reboot, their image still on the machine (listed in status.images,
// and still there after a daemon restart); `kubectl delete node`
// makes the node controller record RemovingNode; logs and exec of a pod on a dead node fail to dial
// its kubelet. --speed 20: grace period 2.5 s, toleration 15 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

type Kubectl = TestDaemon['kubectl'];

/** `TYPE REASON FROM MESSAGE` of the object's events, as `kubectl describe` lists them. */
async function describedEvents(k: Kubectl, kind: string, name: string): Promise<string[]> {
  const text = (await k('describe', kind, name)).stdout;
  const lines = text.slice(text.indexOf('\nEvents:\n')).split('\n').slice(4);
  return lines.filter((line) => line.trim() !== '').map((line) => line.trim().split(/\s{2,}/)).map((cells) => [cells[0], cells[1], cells[3], cells[4] ?? ''].join(' | '));
}

const eventLine = (type: string, reason: string, from: string, message: string): string => [type, reason, from, message].join(' | ');

test('lab K against kind 1.32: node annotations, cordon events, a node that reboots, a deleted node', async (t) => {
  const daemon = await startDaemon(t, { speed: 20 });
  const k = daemon.kubectl;

  await t.test('describe node shows the annotations of a kind node', async () => {
    const described = (await k('describe', 'node', 'node1')).stdout;
    assert.match(described, /^Annotations:        kubeadm\.alpha\.kubernetes\.io\/cri-socket: unix:\/\/\/run\/containerd\/containerd\.sock\n                    node\.alpha\.kubernetes\.io\/ttl: 0\n                    volumes\.kubernetes\.io\/controller-managed-attach-detach: true\n/m);
  });

  await t.test('cordon and uncordon: the kubelet records NodeNotSchedulable, then NodeSchedulable', async () => {
    assert.equal((await k('cordon', 'node1')).stdout, 'node/node1 cordoned\n');
    await waitFor(async () => (await describedEvents(k, 'node', 'node1')).includes(eventLine('Normal', 'NodeNotSchedulable', 'kubelet', 'Node node1 status is now: NodeNotSchedulable')), { what: 'NodeNotSchedulable in describe node', timeout: 15_000 });
    assert.equal((await k('uncordon', 'node1')).stdout, 'node/node1 uncordoned\n');
    await waitFor(async () => (await describedEvents(k, 'node', 'node1')).includes(eventLine('Normal', 'NodeSchedulable', 'kubelet', 'Node node1 status is now: NodeSchedulable')), { what: 'NodeSchedulable in describe node', timeout: 15_000 });
  });

  await t.test('a node back from a kill has rebooted; its pods get a new sandbox and restart from Unknown (255)', async () => {
    const create = await k('create', 'deployment', 'pinned', '--image=nginx:1.14');
    assert.equal(create.code, 0, create.stderr);
    assert.equal((await k('patch', 'deployment', 'pinned', '-p', '{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node2"}}}}}')).code, 0);
    const pod = await waitFor(async () => {
      const rows = tableRows((await k('get', 'pods', '-l', 'app=pinned', '-o', 'wide')).stdout).slice(1);
      return rows.length === 1 && rows[0]![2] === 'Running' && rows[0]![6] === 'node2' ? rows[0]![0] : undefined;
    }, { what: 'the pinned pod running on node2', timeout: 30_000 });

    assert.equal(runCli(['node', 'kill', 'node2', '--data', daemon.dataDir]).code, 0);
    // The apiserver cannot reach the dead node's kubelet for logs and exec.
    const hostIP = (await k('get', 'pod', pod, '-o', 'jsonpath={.status.hostIP}')).stdout;
    const logs = await k('logs', pod);
    assert.deepEqual([logs.code, logs.stdout, logs.stderr], [1, '', `Error from server: Get "https://${hostIP}:10250/containerLogs/default/${pod}/nginx": dial tcp ${hostIP}:10250: connect: no route to host\n`]);
    const exec = await k('exec', pod, '--', 'nginx', '-v');
    assert.deepEqual([exec.code, exec.stderr], [1, `error: Internal error occurred: error sending request: Post "https://${hostIP}:10250/exec/default/${pod}/nginx?command=nginx&command=-v&error=1&output=1": dial tcp ${hostIP}:10250: connect: no route to host\n`]);
    // Port-forward goes through the apiserver's upgrade-aware proxy: its dial error, no reason, 500.
    const forward = await k('port-forward', pod, ':80');
    assert.deepEqual([forward.code, forward.stderr], [1, `error: error upgrading connection: error dialing backend: dial tcp ${hostIP}:10250: connect: no route to host\n`]);
    await waitFor(async () => (await k('get', 'node', 'node2', '-o', 'jsonpath={.spec.taints[*].effect}')).stdout.includes('NoExecute'), { what: 'the unreachable NoExecute taint', timeout: 30_000 });
    assert.equal(runCli(['node', 'start', 'node2', '--data', daemon.dataDir]).code, 0);
    const bootID = (await k('get', 'node', 'node2', '-o', 'jsonpath={.status.nodeInfo.bootID}')).stdout;
    await waitFor(async () => (await describedEvents(k, 'node', 'node2')).includes(eventLine('Warning', 'Rebooted', 'kubelet', `Node node2 has been rebooted, boot id: ${bootID}`)), { what: 'the Rebooted event', timeout: 15_000 });

    const restarted = await waitFor(async () => {
      const rows = tableRows((await k('get', 'pod', pod)).stdout);
      return rows[1]?.[2] === 'Running' && rows[1][1] === '1/1' && rows[1][3]?.startsWith('1 (') ? rows[1] : undefined;
    }, { what: 'the pod running again with one restart', timeout: 30_000 });
    assert.equal(restarted[0], pod, 'the same pod: its eviction was cancelled');
    const cancelled = await k('get', 'events', '--field-selector', `involvedObject.name=${pod},reason=TaintManagerEviction`, '-o', 'jsonpath={.items[*].message}');
    assert.equal(cancelled.stdout, `Cancelling deletion of Pod default/${pod}`);

    const described = (await k('describe', 'pod', pod)).stdout;
    assert.match(described, /^    Last State:     Terminated\n      Reason:       Unknown\n      Exit Code:    255\n      Started:      .+\n      Finished:     .+\n    Ready:          True\n    Restart Count:  1\n/m);
    // Events of one second have no order in describe (sorted by lastTimestamp, unstably): compare as a set.
    const events = await describedEvents(k, 'pod', pod);
    for (const line of [
      eventLine('Warning', 'NodeNotReady', 'node-controller', 'Node is not ready'),
      eventLine('Normal', 'SandboxChanged', 'kubelet', 'Pod sandbox changed, it will be killed and re-created.'),
      eventLine('Normal', 'Pulled', 'kubelet', 'Container image "nginx:1.14" already present on machine'),
      eventLine('Normal', 'Created', 'kubelet', 'Created container nginx'),
      eventLine('Normal', 'Started', 'kubelet', 'Started container nginx'),
    ]) {
      assert.ok(events.includes(line), `${line}\nnot in:\n${events.join('\n')}`);
    }
  });

  let again = daemon;
  await t.test('the node lists its images, and keeps them across a daemon restart: a later reboot pulls nothing', async () => {
    const names = async (kubectl: Kubectl): Promise<string> => (await kubectl('get', 'node', 'node2', '-o', 'jsonpath={.status.images[*].names}')).stdout;
    await waitFor(async () => (await names(k)).includes('"docker.io/library/nginx:1.14"'), { what: 'nginx:1.14 in node2\'s status.images' });
    assert.match(await names(k), /"registry\.k8s\.io\/kube-proxy:v1\.32\.4"/);
    const pod = (await k('get', 'pods', '-l', 'app=pinned', '-o', 'jsonpath={.items[0].metadata.name}')).stdout;
    // The pod pulled nginx:1.14 at its first start, or found it on node2 (the Deployment's first pod may have run there).
    const pulling = async (kubectl: Kubectl): Promise<string> => (await kubectl('get', 'events', '--field-selector', `involvedObject.name=${pod},reason=Pulling`, '-o', 'jsonpath={.items[*].count}')).stdout;
    const pullsBefore = await pulling(k);

    assert.equal(runCli(['down', '--data', daemon.dataDir]).code, 0);
    again = await startDaemon(t, { dataDir: daemon.dataDir, speed: 20 });
    assert.equal(runCli(['node', 'kill', 'node2', '--data', daemon.dataDir]).code, 0);
    assert.equal(runCli(['node', 'start', 'node2', '--data', daemon.dataDir]).code, 0);
    await waitFor(async () => {
      const rows = tableRows((await again.kubectl('get', 'pod', pod)).stdout);
      return rows[1]?.[2] === 'Running' && rows[1][3]?.startsWith('2 (');
    }, { what: 'the pod running again after a second reboot', timeout: 30_000 });
    assert.equal(await pulling(again.kubectl), pullsBefore, 'the reboot after the daemon restart pulled nothing');
    const present = await again.kubectl('get', 'events', '--field-selector', `involvedObject.name=${pod},reason=Pulled`, '-o', 'jsonpath={.items[*].message}');
    assert.match(present.stdout, /Container image "nginx:1\.14" already present on machine/);
  });

  await t.test('kubectl delete node: the node controller records RemovingNode', async () => {
    const k = again.kubectl;
    assert.equal((await k('delete', 'node', 'node3')).stdout, 'node "node3" deleted\n');
    const message = await waitFor(async () => (await k('get', 'events', '--field-selector', 'reason=RemovingNode', '-o', 'jsonpath={.items[*].message}')).stdout, { what: 'the RemovingNode event' });
    assert.equal(message, 'Node node3 event: Removing Node node3 from Controller');
  });
});

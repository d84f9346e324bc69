// kube-system as on a kind/kubeadm cluster, through the real kubectl: the control plane's static
// pods (mirror pods on control-plane, at the node's IP), the kube-proxy and kindnet DaemonSets' pod
// per node, a mirror pod deleted and made again by the kubelet, describe node's Non-terminated Pods
// table, and kind's local-path-storage namespace with its provisioner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { runCli, startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * The AGE column (under the header's `AGE`/`Age`) made canonical: each cell becomes `<age>`, and
 * the column three spaces wider than its title, whatever the ages were.
 */
function withoutAge(lines: string[], headerIndex = 0): string[] {
  const header = lines[headerIndex]!;
  const start = header.search(/\b(AGE|Age)\b/);
  const next = header.slice(start + 3).search(/[^ ]/);
  const end = next < 0 ? Infinity : start + 3 + next;
  return lines.map((line, i) => {
    if (i === headerIndex) return end === Infinity ? line : `${line.slice(0, start)}${line.slice(start, start + 3)}   ${line.slice(end)}`;
    if (i < headerIndex || line.length <= start || !/^\d/.test(line.slice(start))) return line;
    return end === Infinity ? `${line.slice(0, start)}<age>` : `${line.slice(0, start)}<age>   ${line.slice(end)}`;
  });
}

test('kube-system looks like kind\'s', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;
  // The first listing once `kubelab up` has returned (startDaemon waits only for the workers to
  // join): as after `kind create cluster`, kubeadm's static pods have run since before the API
  // answered (the API server is one of them), so they are 1/1 Running already, never 0/1 ContainerCreating.
  const first = tableRows((await k('get', 'pods', '-n', 'kube-system')).stdout);
  assert.deepEqual(first[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  assert.deepEqual(first.slice(1).filter((r) => r[0]!.endsWith('-control-plane')).map((r) => [...r.slice(0, 4), r[4]!.replace(/^\d+s$/, '<age>')]), [
    ['etcd-control-plane', '1/1', 'Running', '0', '<age>'],
    ['kube-apiserver-control-plane', '1/1', 'Running', '0', '<age>'],
    ['kube-controller-manager-control-plane', '1/1', 'Running', '0', '<age>'],
    ['kube-scheduler-control-plane', '1/1', 'Running', '0', '<age>'],
  ]);
  const ips = new Map((await k('get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.addresses[0].address}{"\\n"}{end}')).stdout.trim().split('\n').map((l) => l.split('=') as [string, string]));
  // kubectl pads a column to its widest cell plus three spaces; the node IPs are the widest here.
  const ipWidth = Math.max(...[...ips.values()].map((a) => a.length)) + 3;
  const ip = (node: string): string => ips.get(node)!.padEnd(ipWidth - 1);
  const ready = async (count: number, only?: RegExp): Promise<string[][] | undefined> => {
    const rows = tableRows((await k('get', 'pods', '-n', 'kube-system')).stdout).slice(1).filter((r) => !only || only.test(r[0]!));
    return rows.length === count && rows.every((r) => r[1] === '1/1' && r[2] === 'Running') ? rows : undefined;
  };
  await waitFor(() => ready(14), { what: 'fourteen ready pods in kube-system', timeout: 15_000 });

  await t.test('get pods -o wide: the static pods at the node IP on control-plane, one kube-proxy and one kindnet per node', async () => {
    const out = withoutAge((await k('get', 'pods', '-n', 'kube-system', '-o', 'wide')).stdout.trimEnd().split('\n'));
    const [header, ...rows] = out;
    assert.equal(header, `NAME                                    READY   STATUS    RESTARTS   AGE   ${'IP'.padEnd(ipWidth)}NODE            NOMINATED NODE   READINESS GATES`);
    const coredns = rows.filter((r) => r.startsWith('coredns-'));
    assert.equal(coredns.length, 2);
    // Both on the control plane at 10.244.0.x, as on a multi-node kind cluster: they were placed
    // while the workers were still joining (daemon/addons-placed.ts).
    for (const row of coredns) assert.match(row, /^coredns-[a-z0-9]{8,10}-[a-z0-9]{5} +1\/1 +Running +0 +<age> +10\.244\.0\.\d+ +control-plane +<none> +<none>$/);
    const others = rows.filter((r) => !r.startsWith('coredns-')).map((r) => r.replace(/^kube-proxy-[a-z0-9]{5} /, 'kube-proxy-xxxxx ').replace(/^kindnet-[a-z0-9]{5} /, 'kindnet-xxxxx '));
    const byNode = (prefix: string) => others.filter((r) => r.startsWith(prefix)).sort((a, b) => a.slice(-40).localeCompare(b.slice(-40)));
    assert.deepEqual([...others.filter((r) => !r.startsWith('kube-proxy-') && !r.startsWith('kindnet-')), ...byNode('kindnet-'), ...byNode('kube-proxy-')], [
      `etcd-control-plane                      1/1     Running   0          <age>   ${ip('control-plane')} control-plane   <none>           <none>`,
      `kube-apiserver-control-plane            1/1     Running   0          <age>   ${ip('control-plane')} control-plane   <none>           <none>`,
      `kube-controller-manager-control-plane   1/1     Running   0          <age>   ${ip('control-plane')} control-plane   <none>           <none>`,
      `kube-scheduler-control-plane            1/1     Running   0          <age>   ${ip('control-plane')} control-plane   <none>           <none>`,
      `kindnet-xxxxx                           1/1     Running   0          <age>   ${ip('control-plane')} control-plane   <none>           <none>`,
      `kindnet-xxxxx                           1/1     Running   0          <age>   ${ip('node1')} node1           <none>           <none>`,
      `kindnet-xxxxx                           1/1     Running   0          <age>   ${ip('node2')} node2           <none>           <none>`,
      `kindnet-xxxxx                           1/1     Running   0          <age>   ${ip('node3')} node3           <none>           <none>`,
      `kube-proxy-xxxxx                        1/1     Running   0          <age>   ${ip('control-plane')} control-plane   <none>           <none>`,
      `kube-proxy-xxxxx                        1/1     Running   0          <age>   ${ip('node1')} node1           <none>           <none>`,
      `kube-proxy-xxxxx                        1/1     Running   0          <age>   ${ip('node2')} node2           <none>           <none>`,
      `kube-proxy-xxxxx                        1/1     Running   0          <age>   ${ip('node3')} node3           <none>           <none>`,
    ]);
  });

  await t.test('get ds: kindnet and kube-proxy on every Linux node', async () => {
    const out = withoutAge((await k('get', 'ds', '-n', 'kube-system')).stdout.trimEnd().split('\n'));
    assert.deepEqual(out, [
      'NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE',
      'kindnet      4         4         4       4            4           kubernetes.io/os=linux   <age>',
      'kube-proxy   4         4         4       4            4           kubernetes.io/os=linux   <age>',
    ]);
  });

  await t.test('a deleted mirror pod is made again by the kubelet: new UID, same container, no restart', async () => {
    const jsonpath = '{.metadata.uid} {.status.containerStatuses[0].containerID} {.status.containerStatuses[0].restartCount}';
    const [uid, containerID] = (await k('get', 'pod', 'kube-apiserver-control-plane', '-n', 'kube-system', '-o', `jsonpath=${jsonpath}`)).stdout.split(' ');
    const deleted = await k('delete', 'pod', 'kube-apiserver-control-plane', '-n', 'kube-system');
    assert.equal(deleted.stdout, 'pod "kube-apiserver-control-plane" deleted\n');
    const after = await waitFor(async () => {
      const got = (await k('get', 'pod', 'kube-apiserver-control-plane', '-n', 'kube-system', '-o', `jsonpath=${jsonpath}`)).stdout.split(' ');
      return got[0] && got[0] !== uid && got[1] ? got : undefined;
    }, { what: 'the mirror pod back with a new UID', timeout: 20_000 });
    assert.deepEqual(after.slice(1), [containerID, '0']);
    const row = withoutAge((await k('get', 'pod', 'kube-apiserver-control-plane', '-n', 'kube-system')).stdout.trimEnd().split('\n'));
    assert.deepEqual(row, ['NAME                           READY   STATUS    RESTARTS   AGE', 'kube-apiserver-control-plane   1/1     Running   0          <age>']);
  });

  await t.test('a deleted kube-proxy pod is replaced by the DaemonSet on the same node', async () => {
    const name = (await k('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '--field-selector', 'spec.nodeName=node2', '-o', 'name')).stdout.trim();
    assert.match(name, /^pod\/kube-proxy-[a-z0-9]{5}$/);
    assert.equal((await k('delete', '-n', 'kube-system', name)).code, 0);
    const next = await waitFor(async () => {
      const rows = tableRows((await k('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '--field-selector', 'spec.nodeName=node2', '-o', 'wide')).stdout).slice(1);
      return rows.length === 1 && `pod/${rows[0]![0]}` !== name && rows[0]![2] === 'Running' ? rows[0] : undefined;
    }, { what: 'a new kube-proxy pod on node2', timeout: 20_000 });
    assert.equal(next[5], ips.get('node2'));
  });

  await t.test('describe node control-plane counts the static pods, kindnet, kube-proxy, CoreDNS and the provisioner', async () => {
    const text = (await k('describe', 'node', 'control-plane')).stdout;
    // The generated names have a fixed length, so the column widths do not depend on them.
    const table = withoutAge(text.slice(text.indexOf('Non-terminated Pods:'), text.indexOf('Events:')).trimEnd().split('\n'), 1)
      .map((l) => l.replace(/kube-proxy-[a-z0-9]{5}/, 'kube-proxy-xxxxx').replace(/kindnet-[a-z0-9]{5}/, 'kindnet-xxxxx').replace(/(coredns|local-path-provisioner)-([a-z0-9]{10})-[a-z0-9]{5}/, '$1-$2-xxxxx'));
    assert.deepEqual(table, [
      'Non-terminated Pods:          (9 in total)',
      '  Namespace                   Name                                       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
      '  ---------                   ----                                       ------------  ----------  ---------------  -------------  ---',
      '  kube-system                 coredns-6c5b4b7f97-xxxxx                   100m (5%)     0 (0%)      70Mi (1%)        170Mi (4%)     <age>',
      '  kube-system                 coredns-6c5b4b7f97-xxxxx                   100m (5%)     0 (0%)      70Mi (1%)        170Mi (4%)     <age>',
      '  kube-system                 etcd-control-plane                         100m (5%)     0 (0%)      100Mi (2%)       0 (0%)         <age>',
      '  kube-system                 kindnet-xxxxx                              100m (5%)     100m (5%)   50Mi (1%)        50Mi (1%)      <age>',
      '  kube-system                 kube-apiserver-control-plane               250m (12%)    0 (0%)      0 (0%)           0 (0%)         <age>',
      '  kube-system                 kube-controller-manager-control-plane      200m (10%)    0 (0%)      0 (0%)           0 (0%)         <age>',
      '  kube-system                 kube-proxy-xxxxx                           0 (0%)        0 (0%)      0 (0%)           0 (0%)         <age>',
      '  kube-system                 kube-scheduler-control-plane               100m (5%)     0 (0%)      0 (0%)           0 (0%)         <age>',
      '  local-path-storage          local-path-provisioner-58cc7856b6-xxxxx    0 (0%)        0 (0%)      0 (0%)           0 (0%)         <age>',
      'Allocated resources:',
      '  (Total limits may be over 100 percent, i.e., overcommitted.)',
      '  Resource           Requests    Limits',
      '  --------           --------    ------',
      '  cpu                950m (47%)  100m (5%)',
      '  memory             290Mi (7%)  390Mi (9%)',
      '  ephemeral-storage  0 (0%)      0 (0%)',
      '  hugepages-1Gi      0 (0%)      0 (0%)',
      '  hugepages-2Mi      0 (0%)      0 (0%)',
    ]);
  });

  await t.test('the control-plane pods log their start-up in klog\'s format, and have no shell', async () => {
    const logs = (await k('logs', '-n', 'kube-system', 'kube-scheduler-control-plane')).stdout.trimEnd().split('\n');
    for (const line of logs) assert.match(line, /^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 [a-z_]+\.go:\d+\] /);
    assert.deepEqual(logs.map((l) => l.slice(30)), [
      'serving.go:386] Generated self-signed cert in-memory',
      'server.go:166] "Starting Kubernetes Scheduler" version="v1.32.4"',
      'server.go:168] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
      'secure_serving.go:213] Serving securely on 127.0.0.1:10259',
      'leaderelection.go:257] attempting to acquire leader lease kube-system/kube-scheduler...',
      'leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler',
    ]);
    const exec = await k('exec', '-n', 'kube-system', 'etcd-control-plane', '--', 'sh');
    assert.notEqual(exec.code, 0);
    assert.match(exec.stderr, /exec: "sh": executable file not found in \$PATH/);
  });

  await t.test('the control-plane machine holds kubeadm\'s manifests, and its components answer their probes there', () => {
    const shell = (...argv: string[]) => runCli(['node', 'shell', 'control-plane', '--data', daemon.dataDir, '--', ...argv]);
    assert.equal(shell('ls', '/etc/kubernetes/manifests').stdout, 'etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n');
    const manifest = shell('cat', '/etc/kubernetes/manifests/etcd.yaml').stdout.split('\n');
    assert.deepEqual(manifest.slice(0, 4), ['apiVersion: v1', 'kind: Pod', 'metadata:', '  annotations:']);
    assert.ok(manifest.includes('    image: registry.k8s.io/etcd:3.5.16-0'));
    assert.equal(shell('curl', '-s', 'http://127.0.0.1:2381/readyz').stdout, 'ok');
    assert.equal(shell('curl', '-sk', `https://${ips.get('control-plane')}:6443/livez`).stdout, 'ok');
  });

  await t.test('kube-system\'s ConfigMaps are kind\'s: kubeadm\'s, kube-apiserver\'s, the addons\'', async () => {
    assert.deepEqual(withoutAge((await k('get', 'cm', '-n', 'kube-system')).stdout.trimEnd().split('\n')), [
      'NAME                                                   DATA   AGE',
      'coredns                                                1      <age>',
      'extension-apiserver-authentication                     6      <age>',
      'kube-apiserver-legacy-service-account-token-tracking   1      <age>',
      'kube-proxy                                             2      <age>',
      'kube-root-ca.crt                                       1      <age>',
      'kubeadm-config                                         1      <age>',
      'kubelet-config                                         1      <age>',
    ]);
    const auth = JSON.parse((await k('get', 'cm', 'extension-apiserver-authentication', '-n', 'kube-system', '-o', 'json')).stdout).data;
    assert.deepEqual(Object.keys(auth), ['client-ca-file', 'requestheader-allowed-names', 'requestheader-client-ca-file', 'requestheader-extra-headers-prefix', 'requestheader-group-headers', 'requestheader-username-headers']);
    assert.equal(auth['requestheader-username-headers'], '["X-Remote-User"]');
    assert.equal(auth['requestheader-allowed-names'], '["front-proxy-client"]');
    assert.equal(auth['client-ca-file'], readFileSync(`${daemon.dataDir}/apiserver.crt`, 'utf8'), 'the CA that kubeconfig trusts');
    const since = (await k('get', 'cm', 'kube-apiserver-legacy-service-account-token-tracking', '-n', 'kube-system', '-o', 'jsonpath={.data.since}')).stdout;
    assert.equal(since, new Date(statSync(`${daemon.dataDir}/apiserver.crt`).mtimeMs).toISOString().slice(0, 10), 'the day the cluster was made');
    const info = tableRows((await k('get', 'cm', 'cluster-info', '-n', 'kube-public')).stdout);
    assert.deepEqual(info[1]?.slice(0, 2), ['cluster-info', '1']);
  });

  // kind's addons: kindnet (its CNI) and local-path-storage (its `standard` class's provisioner).
  const provisioner = async (): Promise<{ name: string; ip: string; node: string }> => {
    const [name = '', ip = '', node = ''] = (await k('get', 'pods', '-n', 'local-path-storage', '-o', 'jsonpath={.items[0].metadata.name} {.items[0].status.podIP} {.items[0].spec.nodeName}')).stdout.split(' ');
    return { name, ip, node };
  };

  await t.test('get pods -A -o wide: a kindnet pod at each node IP, the provisioner in local-path-storage', async () => {
    const lpp = await waitFor(async () => {
      const rows = tableRows((await k('get', 'pods', '-n', 'local-path-storage')).stdout).slice(1);
      return rows.length === 1 && rows[0]![2] === 'Running' ? provisioner() : undefined;
    }, { what: 'the local-path-provisioner pod Running', timeout: 15_000 });
    assert.match(lpp.name, /^local-path-provisioner-[a-z0-9]{8,10}-[a-z0-9]{5}$/);
    // On the control plane, as on kind: it tolerates the control-plane taint and was placed before the workers joined.
    assert.equal(lpp.node, 'control-plane');
    const nameWidth = lpp.name.length + 3;
    const out = withoutAge((await k('get', 'pods', '-A', '-o', 'wide')).stdout.trimEnd().split('\n'));
    const rows = out.slice(1).filter((r) => /^\S+ +(kindnet-|local-path-)/.test(r)).map((r) => r.replace(/kindnet-[a-z0-9]{5} /, 'kindnet-xxxxx '));
    const row = (namespace: string, name: string, ipAddress: string, node: string) =>
      `${namespace.padEnd(21)}${name.padEnd(nameWidth)}1/1     Running   0          <age>   ${ipAddress.padEnd(ipWidth)}${node.padEnd(16)}<none>           <none>`;
    assert.equal(out[0], `NAMESPACE            ${'NAME'.padEnd(nameWidth)}READY   STATUS    RESTARTS   AGE   ${'IP'.padEnd(ipWidth)}NODE            NOMINATED NODE   READINESS GATES`);
    assert.deepEqual(rows.sort((a, b) => a.localeCompare(b)), [
      row('kube-system', 'kindnet-xxxxx', ips.get('control-plane')!, 'control-plane'),
      row('kube-system', 'kindnet-xxxxx', ips.get('node1')!, 'node1'),
      row('kube-system', 'kindnet-xxxxx', ips.get('node2')!, 'node2'),
      row('kube-system', 'kindnet-xxxxx', ips.get('node3')!, 'node3'),
      row('local-path-storage', lpp.name, lpp.ip, lpp.node),
    ]);
    assert.match(lpp.ip, /^10\.244\.\d+\.\d+$/);
  });

  await t.test('get ns and get deploy -A: kind\'s local-path-storage namespace and its provisioner', async () => {
    assert.deepEqual(withoutAge((await k('get', 'ns')).stdout.trimEnd().split('\n')), [
      'NAME                 STATUS   AGE',
      'default              Active   <age>',
      'kube-node-lease      Active   <age>',
      'kube-public          Active   <age>',
      'kube-system          Active   <age>',
      'local-path-storage   Active   <age>',
    ]);
    assert.deepEqual(withoutAge((await k('get', 'deploy', '-A')).stdout.trimEnd().split('\n')), [
      'NAMESPACE            NAME                     READY   UP-TO-DATE   AVAILABLE   AGE',
      'kube-system          coredns                  2/2     2            2           <age>',
      'local-path-storage   local-path-provisioner   1/1     1            1           <age>',
    ]);
    const cm = tableRows((await k('get', 'cm', '-n', 'local-path-storage')).stdout).map((r) => r.slice(0, 2).join(' '));
    assert.deepEqual(cm, ['NAME DATA', 'kube-root-ca.crt 1', 'local-path-config 4']);
  });

  await t.test('kindnet and the provisioner log their start-up as kindnetd and local-path-provisioner do', async () => {
    const kindnet = (await k('get', 'pods', '-n', 'kube-system', '-l', 'app=kindnet', '--field-selector', 'spec.nodeName=node1', '-o', 'name')).stdout.trim();
    const lines = (await k('logs', '-n', 'kube-system', kindnet)).stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 main\.go:390\] /);
    assert.deepEqual(lines.map((l) => l.replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 /, '')), [
      'main.go:390] probe TCP address control-plane:6443',
      'main.go:109] connected to apiserver: https://control-plane:6443',
      `main.go:139] hostIP = ${ips.get('node1')}`,
      `podIP = ${ips.get('node1')}`,
      'main.go:148] setting mtu 1500 for CNI ',
      'main.go:178] kindnetd IP family: "ipv4"',
      'main.go:182] noMask IPv4 subnets: [10.244.0.0/16]',
      `main.go:297] Handling node with IPs: map[${ips.get('node1')}:{}]`,
      'main.go:301] handling current node',
    ]);
    const lpp = await provisioner();
    const logs = (await k('logs', '-n', 'local-path-storage', 'deploy/local-path-provisioner')).stdout.trimEnd().split('\n');
    assert.deepEqual(logs.slice(0, 2).map((l) => l.replace(/^time="[^"]+" /, '')), [
      'level=debug msg="Applied config: {\\"nodePathMap\\":[{\\"node\\":\\"DEFAULT_PATH_FOR_NON_LISTED_NODES\\",\\"paths\\":[\\"/var/local-path-provisioner\\"]}],\\"storageClassConfigs\\":null}"',
      'level=debug msg="Provisioner started"',
    ]);
    const identity = new RegExp(`^I\\d{4} [\\d:.]+ {7}1 controller\\.go:824\\] "Starting provisioner controller" component="rancher\\.io/local-path_${lpp.name}_[0-9a-f-]{36}"$`);
    assert.match(logs[2]!, identity);
  });

  await t.test('a PVC of the standard class is provisioned under the provisioner pod\'s identity', async () => {
    const lpp = await provisioner();
    const component = (await k('logs', '-n', 'local-path-storage', lpp.name)).stdout.match(/component="([^"]+)"/)![1]!;
    await k('create', 'namespace', 'kn-storage');
    const manifest = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: kn-storage}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: user, namespace: kn-storage}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600'], volumeMounts: [{name: d, mountPath: /data}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
`;
    assert.equal((await daemon.kubectlWithInput(manifest, 'apply', '-f', '-')).code, 0);
    const columns = ['get', 'events', '-n', 'kn-storage', '--field-selector', 'involvedObject.kind=PersistentVolumeClaim', '--sort-by', '.metadata.creationTimestamp', '-o', 'custom-columns=REASON:.reason,FROM:.source.component'];
    const rows = await waitFor(async () => {
      const out = (await k(...columns)).stdout.trimEnd().split('\n');
      return out.some((l) => l.startsWith('ProvisioningSucceeded')) ? out : undefined;
    }, { what: 'the claim provisioned', timeout: 20_000 });
    const width = Math.max('REASON'.length, ...rows.slice(1).map((r) => r.split(' ')[0]!.length)) + 3;
    const ours = rows.filter((r) => r.startsWith('Provisioning'));
    assert.deepEqual(ours, [`${'Provisioning'.padEnd(width)}${component}`, `${'ProvisioningSucceeded'.padEnd(width)}${component}`]);
  });

  await t.test('a deleted kindnet pod is replaced by the DaemonSet on the same node', async () => {
    const name = (await k('get', 'pods', '-n', 'kube-system', '-l', 'app=kindnet', '--field-selector', 'spec.nodeName=node3', '-o', 'name')).stdout.trim();
    assert.match(name, /^pod\/kindnet-[a-z0-9]{5}$/);
    assert.equal((await k('delete', '-n', 'kube-system', name)).code, 0);
    const next = await waitFor(async () => {
      const rows = tableRows((await k('get', 'pods', '-n', 'kube-system', '-l', 'app=kindnet', '--field-selector', 'spec.nodeName=node3', '-o', 'wide')).stdout).slice(1);
      return rows.length === 1 && `pod/${rows[0]![0]}` !== name && rows[0]![2] === 'Running' ? rows[0] : undefined;
    }, { what: 'a new kindnet pod on node3', timeout: 20_000 });
    assert.equal(next[5], ips.get('node3'));
  });
});

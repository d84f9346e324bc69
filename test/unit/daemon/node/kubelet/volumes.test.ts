import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { notFound } from '../../../../../shared/api/errors.js';
import { MountError, containerMounts, setUpPodVolumes, tearDownPodVolumes, type VolumeSources } from '../../../../../daemon/node/kubelet/volumes.js';
import { MemoryFs } from './fake-runtime.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const stored: Record<string, KubeObject> = {
  'configmaps/game-config': { metadata: { name: 'game-config' }, data: { 'game.properties': 'enemies=aliens\n', 'ui.properties': 'color=red\n' }, binaryData: { 'logo.bin': b64('PNG') } },
  'secrets/user-info': { metadata: { name: 'user-info' }, data: { username: b64('admin'), password: b64('password123') } },
  'persistentvolumeclaims/pvc-db': { metadata: { name: 'pvc-db' }, spec: { volumeName: 'pvc-123' }, status: { phase: 'Bound' } },
  'persistentvolumeclaims/pending': { metadata: { name: 'pending' }, spec: {}, status: { phase: 'Pending' } },
  'persistentvolumes/pvc-123': { metadata: { name: 'pvc-123' }, spec: { hostPath: { path: '/var/local-path-provisioner/pvc-123_hyperdata_pvc-db' } } },
  'persistentvolumeclaims/nfs-claim': { metadata: { name: 'nfs-claim' }, spec: { volumeName: 'nfs-pv' }, status: { phase: 'Bound' } },
  'persistentvolumes/nfs-pv': { metadata: { name: 'nfs-pv' }, spec: { nfs: { server: 'x', path: '/' } } },
};

/** The TokenRequests the kubelet sent, answered with a token naming the account. */
const tokenRequests: { namespace: string; serviceAccount: string; request: KubeObject }[] = [];

function sources(nodeFs = new MemoryFs(), store = new Map<string, MemoryFs>()): VolumeSources {
  return {
    nodeFs,
    volumeStore: { volumeFs: (name) => store.get(name) ?? (store.set(name, new MemoryFs()), store.get(name)!) },
    hostIP: '172.18.0.2',
    get: async (resource, _ns, name) => stored[`${resource}/${name}`] ?? Promise.reject(notFound({ group: '', resource }, name)),
    nodeAllocatable: async () => ({ cpu: '2', memory: '8Gi' }),
    requestToken: async (namespace, serviceAccount, request) => {
      if (serviceAccount === 'absent') throw notFound({ group: '', resource: 'serviceaccounts' }, serviceAccount);
      tokenRequests.push({ namespace, serviceAccount, request });
      return `token-of-${namespace}-${serviceAccount}`;
    },
  };
}
const pod = (volumes: unknown[], labels: Record<string, string> = {}): KubeObject => ({ metadata: { name: 'p', namespace: 'hyperdata', uid: 'uid-1', labels }, spec: { nodeName: 'node1', containers: [{ name: 'c', resources: { limits: { memory: '64Mi' } } }], volumes } });
const dir = (plugin: string, name: string): string => `/var/lib/kubelet/pods/uid-1/volumes/kubernetes.io~${plugin}/${name}`;

test('configMap, secret and downwardAPI volumes are read-only files under the pod directory', async () => {
  const fs = new MemoryFs();
  const volumes = await setUpPodVolumes(pod([
    { name: 'cfg', configMap: { name: 'game-config' } },
    { name: 'one', configMap: { name: 'game-config', items: [{ key: 'ui.properties', path: 'conf/ui' }] } },
    { name: 'secret', secret: { secretName: 'user-info' } },
    { name: 'podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } }] } },
  ], { zone: 'ap-north-east', cluster: 'cluster1' }), sources(fs));
  assert.deepEqual(fs.readdir(dir('configmap', 'cfg')), ['game.properties', 'logo.bin', 'ui.properties']);
  assert.equal(fs.readFile(`${dir('configmap', 'cfg')}/game.properties`), 'enemies=aliens\n');
  assert.equal(fs.readFile(`${dir('configmap', 'cfg')}/logo.bin`), 'PNG');
  assert.deepEqual(fs.readdir(dir('configmap', 'one')), ['conf']);
  assert.equal(fs.readFile(`${dir('configmap', 'one')}/conf/ui`), 'color=red\n');
  assert.equal(fs.readFile(`${dir('secret', 'secret')}/password`), 'password123');
  assert.equal(fs.readFile(`${dir('downward-api', 'podinfo')}/labels`), 'cluster="cluster1"\nzone="ap-north-east"');
  assert.equal(fs.readFile(`${dir('downward-api', 'podinfo')}/mem`), '64');
  assert.deepEqual([...volumes.values()].map((v) => v.readOnly), [true, true, true, true]);
});

const failures = [
  { name: 'a missing ConfigMap', volume: { name: 'v', configMap: { name: 'absent' } }, want: 'MountVolume.SetUp failed for volume "v" : configmap "absent" not found' },
  { name: 'a missing Secret', volume: { name: 'v', secret: { secretName: 'absent' } }, want: 'MountVolume.SetUp failed for volume "v" : secret "absent" not found' },
  { name: 'a missing ConfigMap key', volume: { name: 'v', configMap: { name: 'game-config', items: [{ key: 'nope', path: 'x' }] } }, want: 'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: nope' },
  { name: 'a hostPath Directory that does not exist', volume: { name: 'v', hostPath: { path: '/data', type: 'Directory' } }, want: 'MountVolume.SetUp failed for volume "v" : hostPath type check failed: /data is not a directory' },
  { name: 'a hostPath File that does not exist', volume: { name: 'v', hostPath: { path: '/etc/app.conf', type: 'File' } }, want: 'MountVolume.SetUp failed for volume "v" : hostPath type check failed: /etc/app.conf is not a file' },
  { name: 'a claim that does not exist', volume: { name: 'data', persistentVolumeClaim: { claimName: 'absent' } }, want: 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: error processing PVC hyperdata/absent: failed to fetch PVC from API server: persistentvolumeclaims "absent" not found' },
  { name: 'a claim that is not bound', volume: { name: 'data', persistentVolumeClaim: { claimName: 'pending' } }, want: 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: error processing PVC hyperdata/pending: PVC is not bound' },
];
for (const { name, volume, want } of failures) {
  test(`${name} fails to mount: ${want}`, async () => {
    await assert.rejects(setUpPodVolumes(pod([volume]), sources()), (err: Error) => err instanceof MountError && err.message === want);
  });
}

test('optional ConfigMaps and Secrets that are missing mount as empty directories', async () => {
  const fs = new MemoryFs();
  await setUpPodVolumes(pod([{ name: 'v', configMap: { name: 'absent', optional: true } }, { name: 's', secret: { secretName: 'absent', optional: true } }]), sources(fs));
  assert.deepEqual(fs.readdir(dir('configmap', 'v')), []);
});

test('emptyDir is a directory of the pod; hostPath is the node path, created when untyped or *OrCreate', async () => {
  const fs = new MemoryFs();
  const volumes = await setUpPodVolumes(pod([{ name: 'cache', emptyDir: {} }, { name: 'home', hostPath: { path: '/home' } }, { name: 'log', hostPath: { path: '/var/log/app.log', type: 'FileOrCreate' } }]), sources(fs));
  assert.deepEqual(volumes.get('cache'), { fs, path: dir('empty-dir', 'cache'), readOnly: false });
  assert.deepEqual(volumes.get('home'), { fs, path: '/home', readOnly: false });
  assert.equal(fs.stat('/home')?.type, 'dir');
  assert.equal(fs.readFile('/var/log/app.log'), '');
  tearDownPodVolumes('uid-1', fs);
  assert.equal(fs.stat(dir('empty-dir', 'cache')), undefined, 'the emptyDir goes with the pod');
  assert.equal(fs.stat('/home')?.type, 'dir', 'the node path stays');
});

test('a claim is the storage registry\'s filesystem of its bound volume, the same for every pod', async () => {
  const store = new Map<string, MemoryFs>();
  const first = await setUpPodVolumes(pod([{ name: 'data', persistentVolumeClaim: { claimName: 'pvc-db' } }]), sources(new MemoryFs(), store));
  first.get('data')!.fs.writeFile('/file', 'saved\n');
  const next = await setUpPodVolumes(pod([{ name: 'db', persistentVolumeClaim: { claimName: 'pvc-db', readOnly: true } }]), sources(new MemoryFs(), store));
  assert.deepEqual(next.get('db'), { fs: store.get('pvc-123'), path: '/', readOnly: true });
  assert.equal(next.get('db')!.fs.readFile('/file'), 'saved\n');
});

test('container mounts resolve subPath and subPathExpr and honour readOnly', async () => {
  const fs = new MemoryFs();
  const volumes = await setUpPodVolumes(pod([{ name: 'work', emptyDir: {} }, { name: 'cfg', configMap: { name: 'game-config' } }]), sources(fs));
  const mounts = containerMounts({ volumeMounts: [
    { name: 'work', mountPath: '/data', subPath: 'a/b' },
    { name: 'work', mountPath: '/logs', subPathExpr: 'logs/$(POD_NAME)', readOnly: true },
    { name: 'cfg', mountPath: '/etc/config' },
  ] }, volumes, { POD_NAME: 'web-0' });
  assert.deepEqual(mounts.map((m) => [m.mountPath, m.source, m.readOnly]), [
    ['/data', `${dir('empty-dir', 'work')}/a/b`, false],
    ['/logs', `${dir('empty-dir', 'work')}/logs/web-0`, true],
    ['/etc/config', dir('configmap', 'cfg'), true],
  ]);
  assert.equal(fs.stat(`${dir('empty-dir', 'work')}/a/b`)?.type, 'dir', 'the kubelet creates the subPath');
});

test('a projected volume writes its sources and a token the API issued for the pod', async () => {
  const fs = new MemoryFs();
  tokenRequests.length = 0;
  await setUpPodVolumes(pod([{ name: 'all', projected: { sources: [
    { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
    { serviceAccountToken: { path: 'vault-token', audience: 'vault', expirationSeconds: 7200 } },
    { secret: { name: 'user-info', items: [{ key: 'username', path: 'user' }] } },
    { configMap: { name: 'game-config', items: [{ key: 'ui.properties', path: 'ui' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
  ] } }]), sources(fs));
  assert.deepEqual(fs.readdir(dir('projected', 'all')), ['namespace', 'token', 'ui', 'user', 'vault-token']);
  assert.equal(fs.readFile(`${dir('projected', 'all')}/namespace`), 'hyperdata');
  assert.equal(fs.readFile(`${dir('projected', 'all')}/token`), 'token-of-hyperdata-default');
  assert.equal(fs.readFile(`${dir('projected', 'all')}/ui`), 'color=red\n');
  const bound = { apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'uid-1' };
  assert.deepEqual(tokenRequests.map((r) => [r.namespace, r.serviceAccount, r.request.spec]), [
    ['hyperdata', 'default', { audiences: [], expirationSeconds: 3607, boundObjectRef: bound }],
    ['hyperdata', 'default', { audiences: ['vault'], expirationSeconds: 7200, boundObjectRef: bound }],
  ]);
});

test('a token the API refuses fails the mount with the token manager\'s words', async () => {
  const volume = { name: 'kube-api-access-x2kqp', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } };
  const withAccount = { ...pod([volume]), spec: { ...pod([volume]).spec, serviceAccountName: 'absent' } };
  await assert.rejects(setUpPodVolumes(withAccount, sources()), (err: Error) =>
    err instanceof MountError && err.message === 'MountVolume.SetUp failed for volume "kube-api-access-x2kqp" : failed to fetch token: serviceaccounts "absent" not found');
});

test('the kube-api-access volume fails to mount until kube-root-ca.crt exists', async () => {
  const volume = { name: 'kube-api-access-x2kqp', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } };
  await assert.rejects(setUpPodVolumes(pod([volume]), sources()), (err: Error) =>
    err instanceof MountError && err.message === 'MountVolume.SetUp failed for volume "kube-api-access-x2kqp" : configmap "kube-root-ca.crt" not found');
});

// The kindnetd image: in the catalog under kind v0.26's tag, printing kindnetd's start-up lines
// from the DaemonSet's env, running until stopped, and panicking without POD_SUBNET.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageCatalog } from '../../../../../daemon/runtime/images/catalog.js';
import { parseImageReference } from '../../../../../daemon/runtime/images/reference.js';
import { settle, TestContainer } from '../shell/harness.js';

const find = (image: string) => new ImageCatalog({}).find(parseImageReference(image));
const serviceEnv = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

async function kindnetd(env: Record<string, string>) {
  const config = find('docker.io/kindest/kindnetd:v20241212-9f82dd49').config;
  const program = (await config.binaries()).get('/bin/kindnetd')!;
  const c = new TestContainer({ programs: new Map([['kindnetd', program]]), podIP: '172.18.0.3', hostname: 'kind-worker', env });
  return { c, running: c.run(['kindnetd']) };
}

test('the catalog has kindnetd under kindest\'s date-commit tags, with no shell', async () => {
  const config = find('docker.io/kindest/kindnetd:v20241212-9f82dd49').config;
  assert.deepEqual([config.entrypoint, config.cmd], [[], ['/bin/kindnetd']]);
  assert.deepEqual([...(await config.binaries()).keys()], ['/bin/kindnetd']);
  assert.throws(() => find('docker.io/kindest/kindnetd:latest'), /not found/);
});

test('kindnetd logs its start-up in klog\'s format and runs until SIGTERM', async () => {
  const { c, running } = await kindnetd({ ...serviceEnv, HOST_IP: '172.18.0.3', POD_IP: '172.18.0.3', POD_SUBNET: '10.244.0.0/16', CONTROL_PLANE_ENDPOINT: 'kind-control-plane:6443' });
  await settle();
  assert.equal(running.output.stderr, [
    'I0101 00:00:00.000000       1 main.go:390] probe TCP address kind-control-plane:6443',
    'I0101 00:00:00.000000       1 main.go:109] connected to apiserver: https://kind-control-plane:6443',
    'I0101 00:00:00.000000       1 main.go:139] hostIP = 172.18.0.3',
    'podIP = 172.18.0.3',
    'I0101 00:00:00.000000       1 main.go:148] setting mtu 1500 for CNI ',
    'I0101 00:00:00.000000       1 main.go:178] kindnetd IP family: "ipv4"',
    'I0101 00:00:00.000000       1 main.go:182] noMask IPv4 subnets: [10.244.0.0/16]',
    'I0101 00:00:00.000000       1 main.go:297] Handling node with IPs: map[172.18.0.3:{}]',
    'I0101 00:00:00.000000       1 main.go:301] handling current node',
    '',
  ].join('\n'));
  assert.equal(running.output.code, -1);
  c.term.abort('SIGTERM');
  assert.equal((await running).code, 0);
});

test('kindnetd off the host network warns, and without CONTROL_PLANE_ENDPOINT uses the kubernetes Service', async () => {
  const { c, running } = await kindnetd({ ...serviceEnv, HOST_IP: '172.18.0.3', POD_IP: '10.244.1.7', POD_SUBNET: '10.244.0.0/16,fd00:10:244::/56' });
  await settle();
  const lines = running.output.stderr.trimEnd().split('\n').map((l) => l.slice(0, 1) + l.slice(30));
  assert.deepEqual(lines.slice(0, 2), ['Imain.go:109] connected to apiserver: https://10.96.0.1:443', 'Imain.go:139] hostIP = 172.18.0.3']);
  assert.equal(lines[3], 'Wmain.go:141] hostIP(= "172.18.0.3") != podIP(= "10.244.1.7") but must be running with host network: ');
  assert.deepEqual(lines.slice(5, 8), ['Imain.go:178] kindnetd IP family: "dualstack"', 'Imain.go:182] noMask IPv4 subnets: [10.244.0.0/16]', 'Imain.go:196] noMask IPv6 subnets: [fd00:10:244::/56]']);
  c.term.abort('SIGTERM');
  await running;
});

test('kindnetd without POD_SUBNET panics with exit status 2', async () => {
  const { running } = await kindnetd({ ...serviceEnv, HOST_IP: '172.18.0.3', POD_IP: '172.18.0.3' });
  const result = await running;
  assert.equal(result.code, 2);
  assert.match(result.stderr, /\npanic: missing environment variable POD_SUBNET\n\ngoroutine 1 \[running\]:\nmain\.main\(\)\n\t\/go\/src\/cmd\/kindnetd\/main\.go:161 \+0x[0-9a-f]+\n$/);
});

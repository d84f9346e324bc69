// The local-path-provisioner image: in the catalog under kind v0.26's tag, printing the
// provisioner's start-up lines (logrus under --debug, then the library's klog lines with its
// identity) from kind's command and config file, and saying it stops on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageCatalog } from '../../../../../daemon/runtime/images/catalog.js';
import { appliedConfig } from '../../../../../daemon/runtime/images/local-path-provisioner.js';
import { parseImageReference } from '../../../../../daemon/runtime/images/reference.js';
import { settle, TestContainer } from '../shell/harness.js';

const find = (image: string) => new ImageCatalog({}).find(parseImageReference(image));
const kindConfig = '{\n        "nodePathMap":[\n        {\n                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",\n                "paths":["/var/local-path-provisioner"]\n        }\n        ]\n}';
const kindCommand = ['local-path-provisioner', '--debug', 'start', '--helper-image', 'docker.io/kindest/local-path-helper:v20241212-8ac705d0', '--config', '/etc/config/config.json'];

async function container(files: Record<string, string>) {
  const program = (await find('docker.io/kindest/local-path-provisioner:v20241212-8ac705d0').config.binaries()).get('/usr/local/bin/local-path-provisioner')!;
  return new TestContainer({ programs: new Map([['local-path-provisioner', program]]), hostname: 'local-path-provisioner-7dc846544d-x8k2p', image: { files, dirs: ['/etc/config'] } });
}

test('the catalog has the provisioner under kindest\'s tags: distroless, its shell-form entrypoint cannot run', async () => {
  const config = find('docker.io/kindest/local-path-provisioner:v20241212-8ac705d0').config;
  assert.deepEqual(config.entrypoint, ['/bin/sh', '-c', '/usr/local/bin/local-path-provisioner']);
  assert.deepEqual([...(await config.binaries()).keys()], ['/usr/local/bin/local-path-provisioner']);
  assert.throws(() => find('docker.io/kindest/local-path-provisioner:v0.0.30'), /not found/);
});

test('the config is logged as the provisioner re-marshals it', () => {
  assert.equal(appliedConfig(kindConfig), '{"nodePathMap":[{"node":"DEFAULT_PATH_FOR_NON_LISTED_NODES","paths":["/var/local-path-provisioner"]}],"storageClassConfigs":null}');
});

test('kind\'s command: the debug lines, the controller with its identity, and the stop on SIGTERM', async () => {
  const c = await container({ '/etc/config/config.json': kindConfig });
  const running = c.run(kindCommand);
  await settle();
  const component = 'rancher.io/local-path_local-path-provisioner-7dc846544d-x8k2p_';
  const lines = running.output.stderr.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 2), [
    'time="2024-01-01T00:00:00Z" level=debug msg="Applied config: {\\"nodePathMap\\":[{\\"node\\":\\"DEFAULT_PATH_FOR_NON_LISTED_NODES\\",\\"paths\\":[\\"/var/local-path-provisioner\\"]}],\\"storageClassConfigs\\":null}"',
    'time="2024-01-01T00:00:00Z" level=debug msg="Provisioner started"',
  ]);
  assert.match(lines[2]!, new RegExp(`^I0101 00:00:00\\.000000       1 controller\\.go:824\\] "Starting provisioner controller" component="${component}[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$`));
  assert.equal(lines[3], lines[2]!.replace('00.000000', '00.100000').replace('controller.go:824] "Starting', 'controller.go:873] "Started'));
  c.term.abort('SIGTERM');
  const result = await running;
  assert.equal(result.code, 0);
  assert.deepEqual(result.stderr.trimEnd().split('\n').slice(4), ['I0101 00:00:00.000000       1 main.go:67] Receive terminated to exit', 'time="2024-01-01T00:00:00Z" level=debug msg="Provisioner stopped"']);
});

test('a missing config file is fatal at start', async () => {
  const c = await container({});
  const result = await c.run(kindCommand);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'time="2024-01-01T00:00:00Z" level=fatal msg="Error starting daemon: open /etc/config/config.json: no such file or directory"\n');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, logText, runtimeSetup, useStandInTools } from '../../../../helpers/runtime.js';

useStandInTools();

test('curlimages/curl turns option arguments into a curl command', async () => {
  const { clock, runtime, config, network } = runtimeSetup();
  await runtime.startContainer(config({ image: 'hewon16/image1:1', podName: 'test1-abc', net: network.forPod('10.244.2.9') }));
  await advance(clock, 20);
  const container = await runtime.startContainer(config({ image: 'curlimages/curl', args: ['-s', 'http://10.244.2.9:8080/'] }));
  assert.equal((await container.wait()).exitCode, 0);
  assert.deepEqual(logText(container), ['test name: test1-abc']);
});

test('nginx\'s entrypoint runs other commands without its configuration steps', async () => {
  const { runtime, config } = runtimeSetup();
  const container = await runtime.startContainer(config({ image: 'nginx', args: ['echo', 'hi'] }));
  assert.equal((await container.wait()).exitCode, 0);
  assert.deepEqual(logText(container), ['hi']);
  const missing = await runtime.startContainer(config({ image: 'nginx', name: 'm', args: ['nope'] }));
  assert.equal((await missing.wait()).exitCode, 127);
  assert.deepEqual(logText(missing), ['/docker-entrypoint.sh: 47: exec: nope: not found']);
});

test('templates are substituted into conf.d at start', async () => {
  const { clock, network, runtime, config } = runtimeSetup();
  const { fsFromFiles } = await import('../../../../../daemon/runtime/fs/file-map.js');
  const templates = fsFromFiles({ 'default.conf.template': 'server {\n    listen ${NGINX_PORT};\n    root /usr/share/nginx/html;\n}\n' });
  const container = await runtime.startContainer(
    config({ image: 'nginx', env: { NGINX_PORT: '8081' }, mounts: [{ mountPath: '/etc/nginx/templates', fs: templates, source: '/', readOnly: true }] }),
  );
  await advance(clock, 20);
  assert.ok(logText(container).includes('20-envsubst-on-templates.sh: Running envsubst on /etc/nginx/templates/default.conf.template to /etc/nginx/conf.d/default.conf'));
  assert.ok(network.isListening('10.244.1.5', 8081));
});

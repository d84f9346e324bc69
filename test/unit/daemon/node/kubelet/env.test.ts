import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { notFound } from '../../../../../shared/api/errors.js';
import { CreateContainerConfigError, expandCommandAndArgs, makeEnvironment, type EnvSources } from '../../../../../daemon/node/kubelet/env.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const objects: Record<string, KubeObject> = {
  'configmaps/monster-config': { metadata: { name: 'monster-config' }, data: { monsterType: 'fire', monsterNum: '5' } },
  'configmaps/special-config': { metadata: { name: 'special-config' }, data: { 'special.power': '10' } },
  'secrets/user-info': { metadata: { name: 'user-info' }, data: { username: b64('admin'), password: b64('password123') } },
};
const sources: EnvSources = {
  hostIP: '172.18.0.2',
  podIP: '10.244.1.5',
  getConfigMap: async (_ns, name) => objects[`configmaps/${name}`] ?? Promise.reject(notFound({ group: '', resource: 'configmaps' }, name)),
  getSecret: async (_ns, name) => objects[`secrets/${name}`] ?? Promise.reject(notFound({ group: '', resource: 'secrets' }, name)),
  nodeAllocatable: async () => ({ cpu: '2', memory: '8Gi' }),
  serviceEnv: { KUBERNETES_SERVICE_HOST: '10.96.0.1', MONSTER_TYPE_OVERRIDE: 'svc' },
};
const pod: KubeObject = { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { nodeName: 'node1' } };

test('envFrom first, then env in order overriding it, then service variables not already set', async () => {
  const env = await makeEnvironment(pod, {
    envFrom: [{ configMapRef: { name: 'monster-config' } }, { secretRef: { name: 'user-info' }, prefix: 'USER_' }],
    env: [{ name: 'monsterType', value: 'water' }, { name: 'KUBERNETES_SERVICE_HOST', value: 'mine' }, { name: 'EMPTY' }],
  }, sources);
  assert.deepEqual(env, { monsterType: 'water', monsterNum: '5', USER_username: 'admin', USER_password: 'password123', KUBERNETES_SERVICE_HOST: 'mine', EMPTY: '', MONSTER_TYPE_OVERRIDE: 'svc' });
});

test('values reference earlier variables and service variables; secrets are decoded', async () => {
  const env = await makeEnvironment(pod, {
    env: [
      { name: 'USERNAME', valueFrom: { secretKeyRef: { name: 'user-info', key: 'username' } } },
      { name: 'GREETING', value: 'hi $(USERNAME) via $(KUBERNETES_SERVICE_HOST), not $(LATER)' },
      { name: 'LATER', value: 'x' },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
    ],
  }, sources);
  assert.equal(env.GREETING, 'hi admin via 10.96.0.1, not $(LATER)');
  assert.equal(env.CPU, '2000');
});

const errors = [
  { name: 'a missing ConfigMap', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }], want: 'configmap "absent" not found' },
  { name: 'a missing key in a ConfigMap', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'special-config', key: 'special.how' } } }], want: "couldn't find key special.how in ConfigMap default/special-config" },
  { name: 'a missing Secret', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }], want: 'secret "absent" not found' },
  { name: 'a missing key in a Secret', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'user-info', key: 'token' } } }], want: "couldn't find key token in Secret default/user-info" },
  { name: 'a missing envFrom ConfigMap', envFrom: [{ configMapRef: { name: 'absent' } }], want: 'configmap "absent" not found' },
];
for (const { name, want, ...container } of errors) {
  test(`${name} is a CreateContainerConfigError: ${want}`, async () => {
    await assert.rejects(makeEnvironment(pod, container, sources), (err: Error) => err instanceof CreateContainerConfigError && err.message === want);
  });
}

test('optional sources that are missing leave their variables out', async () => {
  const env = await makeEnvironment(pod, {
    envFrom: [{ secretRef: { name: 'absent', optional: true } }],
    env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k', optional: true } } }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'special-config', key: 'nope', optional: true } } }],
  }, { ...sources, serviceEnv: {} });
  assert.deepEqual(env, {});
});

test('command and args expand $(VAR) from the final environment', () => {
  assert.deepEqual(expandCommandAndArgs({ command: ['/bin/echo'], args: ['$(MESSAGE)', '$$(MESSAGE)', '$(UNSET)'] }, { MESSAGE: 'hello' }), { command: ['/bin/echo'], args: ['hello', '$(MESSAGE)', '$(UNSET)'] });
  assert.deepEqual(expandCommandAndArgs({}, {}), {});
});

// describeObject through the in-process API: dispatch by resource, events found by field
// selector, the generic describer for kinds without their own, and kubectl's errors.
process.env.TZ = 'UTC'; // describe prints times in the local zone, as kubectl does
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApi } from '../../../helpers/api.js';
import { describeObject, hasDescriber } from '../../../../shared/describe/describe.js';
import { isNotFound } from '../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../shared/api/meta.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const events = { group: '', version: 'v1', resource: 'events' };
const leases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const pods = { group: '', version: 'v1', resource: 'pods' };

function event(name: string, involved: { kind: string; name: string; uid?: string }, reason: string, message: string, at: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { apiVersion: 'v1', namespace: 'default', ...involved },
    reason,
    message,
    type: 'Normal',
    source: { component: 'kubelab-test' },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
  };
}

test('a ConfigMap is described with its data and the events about it', async (t) => {
  const api = await startApi(t);
  const cm = await api.client.create(configMaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', labels: { app: 'web' } }, data: { greeting: 'hello', 'nginx.conf': 'server {\n  listen 80;\n}' } });
  const at = new Date(api.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  await api.client.create(events, 'default', event('web-config.1', { kind: 'ConfigMap', name: 'web-config', uid: cm.metadata.uid }, 'Touched', 'touched by a test', at));
  await api.client.create(events, 'default', event('other.1', { kind: 'ConfigMap', name: 'other' }, 'Touched', 'not this one', at));
  const text = await describeObject(api.client, { ref: configMaps, namespace: 'default', name: 'web-config' }, { now: api.clock.now() + 65_000 });
  assert.equal(
    text,
    [
      'Name:         web-config',
      'Namespace:    default',
      'Labels:       app=web',
      'Annotations:  <none>',
      '',
      'Data',
      '====',
      'greeting:',
      '----',
      'hello',
      '',
      'nginx.conf:',
      '----',
      'server {',
      '  listen 80;',
      '}',
      '',
      '',
      'BinaryData',
      '====',
      '',
      'Events:',
      '  Type    Reason   Age   From          Message',
      '  ----    ------   ----  ----          -------',
      '  Normal  Touched  65s   kubelab-test  touched by a test',
      '',
    ].join('\n'),
  );
});

test('kinds without a describer get the generic one, with readable field labels', async (t) => {
  const api = await startApi(t);
  assert.equal(hasDescriber(leases), false);
  await api.client.create(leases, 'default', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'lock' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } });
  const lines = (await describeObject(api.client, { ref: leases, namespace: 'default', name: 'lock' })).split('\n');
  assert.deepEqual(lines.slice(0, 7), ['Name:         lock', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', 'API Version:  coordination.k8s.io/v1', 'Kind:         Lease', 'Metadata:']);
  assert.ok(lines.includes('Spec:'), lines.join('\n'));
  assert.ok(lines.some((line) => /^ {2}Holder Identity: +me$/.test(line)), lines.join('\n'));
  assert.ok(lines.some((line) => /^ {2}Lease Duration Seconds: +15$/.test(line)), lines.join('\n'));
  assert.ok(lines.some((line) => /^ {2}UID: +\S+$/.test(line)), lines.join('\n'));
  assert.equal(lines.at(-2)?.replace(/ +/g, ' '), 'Events: <none>');
});

test('a missing object rejects with NotFound; a missing pod with events is described from them', async (t) => {
  const api = await startApi(t);
  await assert.rejects(describeObject(api.client, { ref: configMaps, namespace: 'default', name: 'nope' }), (err) => isNotFound(err));
  const at = new Date(api.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  await api.client.create(events, 'default', event('gone.1', { kind: 'Pod', name: 'gone' }, 'Killing', 'Stopping container app', at));
  const text = await describeObject(api.client, { ref: pods, namespace: 'default', name: 'gone' }, { now: api.clock.now() + 3_000 });
  assert.equal(
    text,
    [
      `Pod 'gone': error 'pods "gone" not found', but found events.`,
      'Events:',
      '  Type    Reason   Age   From          Message',
      '  ----    ------   ----  ----          -------',
      '  Normal  Killing  3s    kubelab-test  Stopping container app',
      '',
    ].join('\n'),
  );
});

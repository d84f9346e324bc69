import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { formatMap, goQuote, podFieldValue, resourceFieldValue } from '../../../../../daemon/node/kubelet/downward-api.js';

const pod: KubeObject = {
  metadata: { name: 'downward', namespace: 'lab', uid: 'u-1', labels: { zone: 'ap-north-east', cluster: 'cluster1' }, annotations: { note: 'say "hi"' } },
  spec: { nodeName: 'node2', serviceAccountName: 'default' },
};
const addresses = { podIP: '10.244.2.7', hostIP: '172.18.0.3' };

const fields = [
  { name: 'metadata.name', want: 'downward' },
  { name: 'metadata.namespace', want: 'lab' },
  { name: 'metadata.uid', want: 'u-1' },
  { name: "metadata.labels['zone']", want: 'ap-north-east' },
  { name: "metadata.labels['absent']", want: '' },
  { name: "metadata.annotations['note']", want: 'say "hi"' },
  { name: 'metadata.labels', want: 'cluster="cluster1"\nzone="ap-north-east"' },
  { name: 'spec.nodeName', want: 'node2' },
  { name: 'spec.serviceAccountName', want: 'default' },
  { name: 'status.podIP', want: '10.244.2.7' },
  { name: 'status.hostIP', want: '172.18.0.3' },
];
for (const { name, want } of fields) test(`the Downward API reads ${name}`, () => assert.equal(podFieldValue(pod, name, addresses), want));

test('an unsupported field path throws', () => assert.throws(() => podFieldValue(pod, 'spec.containers', addresses), /unsupported fieldPath: spec.containers/));

test('maps are sorted key="value" lines without a final newline, values Go-quoted', () => {
  assert.equal(formatMap({ b: 'two', a: 'line\nbreak' }), 'a="line\\nbreak"\nb="two"');
  assert.equal(goQuote('tab\there \\ "q" \x01'), '"tab\\there \\\\ \\"q\\" \\x01"');
});

const container = { name: 'c', resources: { limits: { cpu: '250m', memory: '64Mi' }, requests: { cpu: '100m' } } };
const resources = [
  { name: 'a CPU limit rounds up to whole cores by default', ref: { resource: 'limits.cpu' }, want: '1' },
  { name: 'a CPU limit with divisor 1m is in millicores', ref: { resource: 'limits.cpu', divisor: '1m' }, want: '250' },
  { name: 'a memory limit in bytes', ref: { resource: 'limits.memory' }, want: '67108864' },
  { name: 'a memory limit with divisor 1Mi', ref: { resource: 'limits.memory', divisor: '1Mi' }, want: '64' },
  { name: 'a CPU request with divisor 1m', ref: { resource: 'requests.cpu', divisor: '1m' }, want: '100' },
  { name: 'an unset memory request is 0', ref: { resource: 'requests.memory' }, want: '0' },
  { name: 'an unset limit is the node allocatable', ref: { resource: 'limits.ephemeral-storage', divisor: '1Gi' }, want: '100' },
];
for (const { name, ref, want } of resources) test(`resourceFieldRef: ${name}`, () => assert.equal(resourceFieldValue(container, ref, { 'ephemeral-storage': '100Gi', cpu: '2' }), want));

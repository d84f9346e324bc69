import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldPath, valueAt } from '../../../../shared/labs/field-path.js';

const pod = {
  metadata: { labels: { 'kubernetes.io/hostname': 'node2', app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.15' }] },
  status: { conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False' }] },
};

test('field paths read keys, bracketed keys, indexes and matches', () => {
  const cases = [
    { name: 'a dotted path', given: 'metadata.labels.app', want: 'web' },
    { name: 'a key with dots and a slash', given: 'metadata.labels[kubernetes.io/hostname]', want: 'node2' },
    { name: 'an index', given: 'spec.containers[0].image', want: 'nginx:1.15' },
    { name: 'the element whose field matches', given: 'status.conditions[type=Ready].status', want: 'False' },
    { name: 'a missing field', given: 'spec.nodeName', want: undefined },
    { name: 'an index out of range', given: 'spec.containers[3].image', want: undefined },
  ];
  for (const c of cases) assert.equal(valueAt(pod, c.given), c.want, c.name);
});

test('malformed paths are refused with the reason', () => {
  assert.throws(() => parseFieldPath('spec.containers[0'), /unclosed "\[" in "spec.containers\[0"/);
  assert.throws(() => parseFieldPath('spec..x'), /empty segment in "spec..x"/);
  assert.throws(() => parseFieldPath('a[]'), /empty "\[\]" in "a\[\]"/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { isPodActive, isPodAvailable, isPodReady } from '../../../../daemon/controllers/pod-state.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const ago = (seconds: number): string => new Date(now - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(status: Record<string, unknown>, deleting = false): KubeObject {
  return { metadata: { name: 'p', ...(deleting ? { deletionTimestamp: ago(0) } : {}) }, status };
}
const readyFor = (seconds: number): KubeObject => pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ago(seconds) }] });

const active: { name: string; given: KubeObject; want: boolean }[] = [
  { name: 'a pending pod is active', given: pod({ phase: 'Pending' }), want: true },
  { name: 'a running pod is active', given: pod({ phase: 'Running' }), want: true },
  { name: 'a succeeded pod is not active', given: pod({ phase: 'Succeeded' }), want: false },
  { name: 'a failed pod is not active', given: pod({ phase: 'Failed' }), want: false },
  { name: 'a pod being deleted is not active', given: pod({ phase: 'Running' }, true), want: false },
];
for (const { name, given, want } of active) test(name, () => assert.equal(isPodActive(given), want));

test('a pod is ready when its Ready condition is True', () => {
  assert.equal(isPodReady(readyFor(1)), true);
  assert.equal(isPodReady(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] })), false);
  assert.equal(isPodReady(pod({ phase: 'Pending' })), false);
});

test('a pod is available once it has been ready for strictly more than minReadySeconds', () => {
  assert.equal(isPodAvailable(readyFor(0), 0, now), true);
  assert.equal(isPodAvailable(readyFor(10), 10, now), false);
  assert.equal(isPodAvailable(readyFor(11), 10, now), true);
});

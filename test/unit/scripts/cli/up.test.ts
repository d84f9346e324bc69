import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonEnv, daemonNodeFlags, podCapacity } from '../../../../scripts/cli/up.js';

test('the background daemon gets two malloc arenas and a fixed mmap threshold unless the user chose', () => {
  assert.equal(daemonEnv({ PATH: '/usr/bin' }).MALLOC_ARENA_MAX, '2');
  assert.equal(daemonEnv({ PATH: '/usr/bin' }).MALLOC_MMAP_THRESHOLD_, '131072');
  assert.equal(daemonEnv({ PATH: '/usr/bin' }).PATH, '/usr/bin');
  assert.equal(daemonEnv({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX, '8');
  assert.equal(daemonEnv({ MALLOC_MMAP_THRESHOLD_: '65536' }).MALLOC_MMAP_THRESHOLD_, '65536');
});

test('pod capacity: 110 per node (the kubelet\'s default --max-pods) unless a config file sizes the worker', () => {
  assert.equal(podCapacity({ nodes: 3 }), 440);
  assert.equal(podCapacity({ nodes: 10, workers: Array.from({ length: 10 }, () => ({ maxPods: 1100 })) }), 11_110);
  assert.equal(podCapacity({ nodes: 2, workers: [{ maxPods: 250 }, {}] }), 470);
});

test('V8\'s young generation: small and fixed up to 1,000 pods of capacity, up to 32 MiB semi-spaces beyond', () => {
  assert.deepEqual(daemonNodeFlags(440), ['--min-semi-space-size=4', '--max-semi-space-size=4']);
  assert.deepEqual(daemonNodeFlags(1_000), ['--min-semi-space-size=4', '--max-semi-space-size=4']);
  assert.deepEqual(daemonNodeFlags(1_001), ['--max-semi-space-size=32']);
  assert.deepEqual(daemonNodeFlags(11_110), ['--max-semi-space-size=32']);
});

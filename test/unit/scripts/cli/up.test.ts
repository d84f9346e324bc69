import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonEnv } from '../../../../scripts/cli/up.js';

test('the background daemon gets two malloc arenas unless the user chose', () => {
  assert.equal(daemonEnv({ PATH: '/usr/bin' }).MALLOC_ARENA_MAX, '2');
  assert.equal(daemonEnv({ PATH: '/usr/bin' }).PATH, '/usr/bin');
  assert.equal(daemonEnv({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX, '8');
});


import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta.js';
import { eventLines } from '../../../tui/state/event-lines.js';

const now = Date.UTC(2026, 0, 1, 0, 2);

function event(name: string, type: string, reason: string, message: string, last: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
    type,
    reason,
    message,
    firstTimestamp: last,
    lastTimestamp: last,
    count: 1,
  };
}

test('eventLines prints kubectl get events columns, oldest first', () => {
  const lines = eventLines(
    [
      event('b', 'Normal', 'Pulled', 'Container image "nginx" already present on machine', '2026-01-01T00:01:50Z'),
      event('a', 'Normal', 'Scheduled', 'Successfully assigned default/web to node1', '2026-01-01T00:00:00Z'),
      event('c', 'Warning', 'BackOff', 'Back-off restarting failed container app in pod web_default(uid)', '2026-01-01T00:01:58Z'),
    ],
    now,
  );
  assert.deepEqual(lines, [
    'LAST SEEN   TYPE      REASON      OBJECT    MESSAGE',
    '2m          Normal    Scheduled   pod/web   Successfully assigned default/web to node1',
    '10s         Normal    Pulled      pod/web   Container image "nginx" already present on machine',
    '2s          Warning   BackOff     pod/web   Back-off restarting failed container app in pod web_default(uid)',
  ]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { ManualClock } from '../../../shared/clock.js';
import { startApi } from '../../helpers/api.js';
import { EventsPane } from '../../../tui/views/events-pane.js';
import { frameLines, frameMatching, viewProps } from './view-harness.js';

const events = { group: '', version: 'v1', resource: 'events' };
const pods = { group: '', version: 'v1', resource: 'pods' };

test('EventsPane lists the events of one object as kubectl get events does, live', async (t) => {
  const api = await startApi(t);
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 1));
  const event = (name: string, involved: string, reason: string, message: string) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { kind: 'Pod', name: involved, namespace: 'default' },
    type: 'Normal',
    reason,
    message,
    firstTimestamp: '2026-01-01T00:00:30Z',
    lastTimestamp: '2026-01-01T00:00:30Z',
    count: 1,
    source: { component: 'kubelet' },
  });
  const props = viewProps(api.client, { width: 90, height: 6 });
  const view = render(createElement(EventsPane, { ...props, clock, target: { ref: pods, namespace: 'default', name: 'web' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, (f) => f.includes('No resources found in default namespace.'), 'no events yet');

  await api.client.create(events, 'default', event('web.1', 'web', 'Scheduled', 'Successfully assigned default/web to node1'));
  await api.client.create(events, 'default', event('other.1', 'other', 'Pulled', 'not for this pod'));
  const frame = await frameMatching(view.lastFrame, (f) => f.includes('Scheduled'), 'the event');
  assert.deepEqual(frameLines(frame), [
    'events pod/default/web',
    'LAST SEEN   TYPE     REASON      OBJECT    MESSAGE',
    '30s         Normal   Scheduled   pod/web   Successfully assigned default/web to node1',
  ]);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { eventPrinter } from '../../../../shared/printers/events.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function event(fields: Record<string, unknown>): KubeObject {
  return {
    metadata: { name: 'web.17a2b3c4d5e6f7a8', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled',
    type: 'Normal',
    message: 'Successfully pulled image "nginx"\n',
    source: { component: 'kubelet', host: 'node1' },
    firstTimestamp: '2024-01-01T11:50:00Z',
    lastTimestamp: '2024-01-01T11:58:00Z',
    count: 3,
    ...fields,
  };
}

describe('eventPrinter', () => {
  it('declares LAST SEEN TYPE REASON OBJECT MESSAGE and the wide columns', () => {
    assert.deepEqual(
      eventPrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1'],
    );
  });

  it('prints a kubelet event row cell by cell', () => {
    assert.deepEqual(eventPrinter.cells(event({}), now), [
      '2m',
      'Normal',
      'Pulled',
      'pod/web',
      'spec.containers{web}',
      'kubelet, node1',
      'Successfully pulled image "nginx"',
      '10m',
      3,
      'web.17a2b3c4d5e6f7a8',
    ]);
  });

  const cases: { name: string; given: KubeObject; column: number; want: unknown }[] = [
    { name: 'falls back to the first timestamp for LAST SEEN', given: event({ lastTimestamp: null }), column: 0, want: '10m' },
    { name: 'falls back to eventTime without timestamps', given: event({ firstTimestamp: null, lastTimestamp: null, eventTime: '2024-01-01T11:59:30.000000Z' }), column: 0, want: '30s' },
    { name: 'follows a series for LAST SEEN', given: event({ series: { count: 7, lastObservedTime: '2024-01-01T11:59:50.000000Z' } }), column: 0, want: '10s' },
    { name: 'takes COUNT from a series', given: event({ series: { count: 7, lastObservedTime: '2024-01-01T11:59:50.000000Z' } }), column: 8, want: 7 },
    { name: 'prints COUNT 1 for a singleton event', given: event({ count: undefined }), column: 8, want: 1 },
    { name: 'prints just the kind for an object without a name', given: event({ involvedObject: { kind: 'Node' } }), column: 3, want: 'node' },
    { name: 'uses the reporting controller when source is empty', given: event({ source: {}, reportingComponent: 'default-scheduler' }), column: 5, want: 'default-scheduler' },
    {
      name: 'reads events.k8s.io fields',
      given: {
        metadata: { name: 'e1', namespace: 'default' },
        regarding: { kind: 'Pod', name: 'api' },
        note: 'Scheduled',
        reason: 'Scheduled',
        type: 'Normal',
        reportingController: 'default-scheduler',
        eventTime: '2024-01-01T11:59:00.000000Z',
      },
      column: 3,
      want: 'pod/api',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(eventPrinter.cells(c.given, now)[c.column], c.want));
  }
});

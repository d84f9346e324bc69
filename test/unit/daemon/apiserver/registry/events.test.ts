import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventStrategy } from '../../../../../daemon/apiserver/registry/events.js';
import { create } from './run-strategy.js';

describe('core/v1 Event', () => {
  it('accepts a kubelet-style event name', () => {
    const event = { metadata: { name: 'web.17a2b3c4d5e6f789' }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' }, reason: 'Pulled' };
    assert.deepEqual(create(eventStrategy, event).errors, []);
  });

  it('rejects an involved object from another namespace', () => {
    const event = { metadata: { name: 'web.1' }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'lab' } };
    assert.deepEqual(create(eventStrategy, event).errors, ['involvedObject.namespace: Invalid value: "lab": does not match event.namespace']);
  });
});

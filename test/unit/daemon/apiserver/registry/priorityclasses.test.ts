import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priorityClassStrategy } from '../../../../../daemon/apiserver/registry/priorityclasses.js';
import { create, update } from './run-strategy.js';

describe('PriorityClass', () => {
  it('defaults preemptionPolicy to PreemptLowerPriority', () => {
    const { obj, errors } = create(priorityClassStrategy, { metadata: { name: 'high' }, value: 1000 }, false);
    assert.deepEqual(errors, []);
    assert.equal(obj.preemptionPolicy, 'PreemptLowerPriority');
  });

  it('caps user classes at one billion', () => {
    assert.deepEqual(create(priorityClassStrategy, { metadata: { name: 'too-high' }, value: 1000000001 }, false).errors, [
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
  });

  it('reserves the system- prefix for the two system classes with their values', () => {
    assert.deepEqual(create(priorityClassStrategy, { metadata: { name: 'system-mine' }, value: 5 }, false).errors, [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ]);
    assert.deepEqual(create(priorityClassStrategy, { metadata: { name: 'system-node-critical' }, value: 5 }, false).errors, [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
    ]);
    assert.deepEqual(create(priorityClassStrategy, { metadata: { name: 'system-cluster-critical' }, value: 2000000000 }, false).errors, []);
  });

  it('refuses an unknown preemptionPolicy', () => {
    assert.deepEqual(create(priorityClassStrategy, { metadata: { name: 'p' }, value: 1, preemptionPolicy: 'Sometimes' }, false).errors, [
      'preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
    ]);
  });

  it('keeps value and preemptionPolicy as they were created', () => {
    const stored = create(priorityClassStrategy, { metadata: { name: 'high' }, value: 1000 }, false).obj;
    const { errors } = update(
      priorityClassStrategy,
      stored,
      (o) => {
        o.value = 2000;
        o.preemptionPolicy = 'Never';
      },
      false,
    );
    assert.deepEqual(errors, ['value: Forbidden: may not be changed in an update.', 'preemptionPolicy: Invalid value: "Never": field is immutable']);
  });
});

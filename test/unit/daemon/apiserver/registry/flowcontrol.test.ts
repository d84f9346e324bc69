import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowSchemaStrategy, priorityLevelConfigurationStrategy } from '../../../../../daemon/apiserver/registry/flowcontrol.js';
import { bootstrapFlowSchemas, bootstrapPriorityLevels } from '../../../../../daemon/apiserver/bootstrap-flowcontrol.js';
import { create } from './run-strategy.js';

describe('FlowSchema', () => {
  it('accepts every bootstrap FlowSchema unchanged', () => {
    for (const fs of bootstrapFlowSchemas()) {
      const { obj, errors } = create(flowSchemaStrategy, fs, false);
      assert.deepEqual(errors, [], fs.metadata.name);
      assert.deepEqual(obj.spec, fs.spec, fs.metadata.name);
    }
  });

  it('defaults matchingPrecedence to 1000', () => {
    const { obj } = create(flowSchemaStrategy, { metadata: { name: 'mine' }, spec: { priorityLevelConfiguration: { name: 'workload-low' } } }, false);
    assert.equal(obj.spec.matchingPrecedence, 1000);
  });

  it('reports precedence, priority level and rule problems with kube-apiserver messages', () => {
    const { errors } = create(
      flowSchemaStrategy,
      { metadata: { name: 'mine' }, spec: { matchingPrecedence: 1, priorityLevelConfiguration: {}, rules: [{ subjects: [{ kind: 'User' }], resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }] } },
      false,
    );
    assert.deepEqual(errors, [
      "spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1",
      'spec.priorityLevelConfiguration.name: Required value: must reference a priority level',
      "spec.rules[0].subjects[0].user: Required value: user is required when subject kind is 'User'",
      'spec.rules[0].resourceRules[0].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace',
    ]);
  });
});

describe('PriorityLevelConfiguration', () => {
  it('accepts every bootstrap priority level unchanged', () => {
    for (const pl of bootstrapPriorityLevels()) {
      const { obj, errors } = create(priorityLevelConfigurationStrategy, pl, false);
      assert.deepEqual(errors, [], pl.metadata.name);
      assert.deepEqual(obj.spec, pl.spec, pl.metadata.name);
    }
  });

  it('ties the Exempt type to the name exempt and checks the queuing', () => {
    const { errors } = create(
      priorityLevelConfigurationStrategy,
      { metadata: { name: 'mine' }, spec: { type: 'Limited', limited: { lendablePercent: 120, limitResponse: { type: 'Queue', queuing: { queues: 4, handSize: 8 } } } } },
      false,
    );
    assert.deepEqual(errors, [
      'spec.limited.lendablePercent: Invalid value: 120: must be between 0 and 100, inclusive',
      'spec.limited.limitResponse.queuing.handSize: Invalid value: 8: should not be greater than queues (4)',
    ]);
    assert.deepEqual(create(priorityLevelConfigurationStrategy, { metadata: { name: 'mine' }, spec: { type: 'Exempt' } }, false).errors, [
      'spec.type: Invalid value: "Exempt": type must be \'Exempt\' if and only if name is \'exempt\'',
    ]);
  });
});

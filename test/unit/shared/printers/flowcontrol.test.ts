import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowSchemaPrinter, priorityLevelConfigurationPrinter } from '../../../../shared/printers/flowcontrol.js';
import { buildTable } from '../../../../shared/printers/table.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const metadata = (name: string) => ({ name, creationTimestamp: '2024-01-01T11:59:00Z' });

describe('flowSchemaPrinter', () => {
  it('prints the schema, `<none>` without a distinguisher and `?` before the status is written', () => {
    const exempt = { metadata: metadata('exempt'), spec: { priorityLevelConfiguration: { name: 'exempt' }, matchingPrecedence: 1 } };
    assert.deepEqual(flowSchemaPrinter.cells(exempt, now), ['exempt', 'exempt', 1, '<none>', '60s', '?']);
    const dangling = { ...exempt, spec: { ...exempt.spec, distinguisherMethod: { type: 'ByUser' } }, status: { conditions: [{ type: 'Dangling', status: 'True' }] } };
    assert.deepEqual(flowSchemaPrinter.cells(dangling, now), ['exempt', 'exempt', 1, 'ByUser', '60s', 'True']);
  });

  it('lists the schemas in matching order: precedence, then name', () => {
    const fs = (name: string, matchingPrecedence: number) => ({ metadata: metadata(name), spec: { priorityLevelConfiguration: { name: 'x' }, matchingPrecedence } });
    const table = buildTable(flowSchemaPrinter, [fs('catch-all', 10000), fs('kube-scheduler', 800), fs('exempt', 1), fs('kube-controller-manager', 800)], { now, includeObject: 'None', apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema' });
    assert.deepEqual(
      table.rows.map((r) => r.cells[0]),
      ['exempt', 'kube-controller-manager', 'kube-scheduler', 'catch-all'],
    );
  });
});

describe('priorityLevelConfigurationPrinter', () => {
  it('prints the limits of a queuing level and `<none>` where a level has none', () => {
    const queued = { metadata: metadata('workload-low'), spec: { type: 'Limited', limited: { nominalConcurrencyShares: 100, limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } } } } };
    assert.deepEqual(priorityLevelConfigurationPrinter.cells(queued, now), ['workload-low', 'Limited', 100, 128, 6, 50, '60s']);
    const rejecting = { metadata: metadata('catch-all'), spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } } };
    assert.deepEqual(priorityLevelConfigurationPrinter.cells(rejecting, now), ['catch-all', 'Limited', 5, '<none>', '<none>', '<none>', '60s']);
    const exempt = { metadata: metadata('exempt'), spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0 } } };
    assert.deepEqual(priorityLevelConfigurationPrinter.cells(exempt, now), ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>', '60s']);
  });
});

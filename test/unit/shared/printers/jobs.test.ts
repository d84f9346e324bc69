import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { jobCompletions, jobPrinter, jobStatus } from '../../../../shared/printers/jobs.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function job(spec: Record<string, unknown>, status: Record<string, unknown>, deleting = false): KubeObject {
  return {
    metadata: { name: 'pi', namespace: 'default', creationTimestamp: '2024-01-01T11:58:00Z', ...(deleting ? { deletionTimestamp: '2024-01-01T12:00:00Z' } : {}) },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] } }, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, ...spec },
    status,
  };
}
const condition = (type: string, status = 'True') => ({ conditions: [{ type, status }] });

describe('job STATUS', () => {
  const cases: { name: string; given: KubeObject; want: string }[] = [
    { name: 'shows Complete for Complete=True', given: job({}, condition('Complete')), want: 'Complete' },
    { name: 'shows Failed for Failed=True', given: job({}, condition('Failed')), want: 'Failed' },
    { name: 'prefers Complete over Terminating', given: job({}, condition('Complete'), true), want: 'Complete' },
    { name: 'shows Terminating while deleting an unfinished job', given: job({}, {}, true), want: 'Terminating' },
    { name: 'shows Suspended for Suspended=True', given: job({}, condition('Suspended')), want: 'Suspended' },
    { name: 'shows FailureTarget for FailureTarget=True', given: job({}, condition('FailureTarget')), want: 'FailureTarget' },
    { name: 'ignores a condition that is not True', given: job({}, condition('Complete', 'False')), want: 'Running' },
    { name: 'shows Running otherwise', given: job({}, {}), want: 'Running' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(jobStatus(c.given), c.want));
  }
});

describe('job COMPLETIONS', () => {
  const cases: { name: string; given: KubeObject; want: string }[] = [
    { name: 'prints succeeded/completions', given: job({ completions: 3 }, { succeeded: 1 }), want: '1/3' },
    { name: 'prints succeeded/1 without completions', given: job({}, {}), want: '0/1' },
    { name: 'adds the parallelism when completions is unset', given: job({ parallelism: 4 }, { succeeded: 1 }), want: '1/1 of 4' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(jobCompletions(c.given), c.want));
  }
});

describe('jobPrinter', () => {
  it('declares NAME STATUS COMPLETIONS DURATION AGE and the wide columns', () => {
    assert.deepEqual(
      jobPrinter.columns.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Status:0', 'Completions:0', 'Duration:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1'],
    );
  });

  const cases: { name: string; given: KubeObject; want: unknown[] }[] = [
    { name: 'leaves DURATION empty before the job starts', given: job({ completions: 1 }, {}), want: ['pi', 'Running', '0/1', '', '2m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1'] },
    {
      name: 'counts DURATION up to now while running',
      given: job({ completions: 1 }, { startTime: '2024-01-01T11:59:15Z' }),
      want: ['pi', 'Running', '0/1', '45s', '2m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1'],
    },
    {
      name: 'freezes DURATION at completion',
      given: job({ completions: 1 }, { startTime: '2024-01-01T11:58:00Z', completionTime: '2024-01-01T11:58:09Z', succeeded: 1, ...condition('Complete') }),
      want: ['pi', 'Complete', '1/1', '9s', '2m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(jobPrinter.cells(c.given, now), c.want));
  }
});

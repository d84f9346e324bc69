import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronJobStrategy } from '../../../../../daemon/apiserver/registry/cronjobs.js';
import { jobStrategy } from '../../../../../daemon/apiserver/registry/jobs.js';
import { indexesTotal } from '../../../../../daemon/apiserver/registry/job-policies.js';
import { create } from './run-strategy.js';

function job(spec: object = {}): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } }, ...spec },
  };
}

const rule = (r: object) => ({ podFailurePolicy: { rules: [r] } });

describe('podFailurePolicy', () => {
  it('defaults an onPodConditions pattern to status True, and podReplacementPolicy to Failed', () => {
    const { obj, errors } = create(jobStrategy, job(rule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] })));
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec.podFailurePolicy, { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
    assert.equal(obj.spec.podReplacementPolicy, 'Failed');
  });

  const cases: { name: string; given: object; want: string[] }[] = [
    {
      name: 'requires an action',
      given: rule({ onExitCodes: { operator: 'In', values: [1] } }),
      want: ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'],
    },
    {
      name: 'refuses an unknown action',
      given: rule({ action: 'Retry', onExitCodes: { operator: 'In', values: [1] } }),
      want: ['spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"'],
    },
    {
      name: 'FailIndex needs backoffLimitPerIndex',
      given: rule({ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }),
      want: ['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'],
    },
    {
      name: 'a rule needs onExitCodes or onPodConditions',
      given: rule({ action: 'FailJob' }),
      want: ['spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required'],
    },
    {
      name: 'a rule may not have both',
      given: rule({ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }),
      want: ['spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported'],
    },
    {
      name: 'checks operator, container name, zero, duplicates and order',
      given: rule({ action: 'FailJob', onExitCodes: { containerName: 'sidecar', operator: 'In', values: [0, 3, 3, 2] } }),
      want: [
        'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "sidecar": must be one of the container or initContainer names in the pod template',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 3, 2}: must be ordered',
      ],
    },
    {
      name: 'requires an operator and at least one value',
      given: rule({ action: 'Count', onExitCodes: { values: [] } }),
      want: [
        'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]',
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required',
      ],
    },
    {
      name: 'refuses a pattern status other than True, False or Unknown',
      given: rule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Yes' }] }),
      want: ['spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Yes": supported values: "False", "True", "Unknown"'],
    },
    {
      name: 'allows only podReplacementPolicy Failed',
      given: { ...rule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }), podReplacementPolicy: 'TerminatingOrFailed' },
      want: ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(jobStrategy, job(given)).errors, want));

  it('a CronJob\'s jobTemplate gets no such default, so a pattern without status is refused (kubernetes#131512)', () => {
    const template = { spec: { ...rule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }), template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } } } };
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: template } };
    assert.deepEqual(create(cronJobStrategy, cronJob).errors, ['spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value: valid values: ["False" "True" "Unknown"]']);
  });
});

describe('successPolicy', () => {
  it('is refused on a NonIndexed Job, the internal struct printed with its pointers', () => {
    const { errors } = create(jobStrategy, job({ completions: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } }));
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!,
      /^spec\.successPolicy: Invalid value: batch\.SuccessPolicy\{Rules:\[\]batch\.SuccessPolicyRule\{batch\.SuccessPolicyRule\{SucceededIndexes:\(\*string\)\(0xc[0-9a-f]+\), SucceededCount:\(\*int32\)\(nil\)\}\}\}: requires indexed completion mode$/,
    );
  });

  const indexed = (successPolicy: object) => ({ completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy });
  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'is accepted on an Indexed Job', given: indexed({ rules: [{ succeededIndexes: '0-2', succeededCount: 1 }] }), want: [] },
    { name: 'needs a rule', given: indexed({ rules: [] }), want: ['spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified'] },
    { name: 'a rule needs indexes or a count', given: indexed({ rules: [{}] }), want: ['spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified'] },
    {
      name: 'indexes past completions',
      given: indexed({ rules: [{ succeededIndexes: '1-5' }] }),
      want: ['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-5": error parsing succeededIndexes: too large index: "5"'],
    },
    {
      name: 'a count above completions and above the listed indexes',
      given: indexed({ rules: [{ succeededIndexes: '0,2', succeededCount: 4 }] }),
      want: [
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of specified completions)',
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
      ],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(jobStrategy, job(given)).errors, want));

  it('reads index lists as validateIndexesFormat does', () => {
    assert.equal(indexesTotal('0,2-4', 5), 4);
    assert.equal(indexesTotal('a', 5), 'cannot convert string to integer for index: "a"');
    assert.equal(indexesTotal('1-2-3', 5), `the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by '-'`);
    assert.equal(indexesTotal('3-1', 5), 'non-increasing order, previous: 3, current: 1');
    assert.equal(indexesTotal('2,1', 5), 'non-increasing order, previous: 2, current: 1');
  });
});

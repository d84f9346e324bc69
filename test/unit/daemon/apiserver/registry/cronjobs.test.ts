import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronJobStrategy } from '../../../../../daemon/apiserver/registry/cronjobs.js';
import { create, update } from './run-strategy.js';

function cronJob(spec: object = {}, name = 'hello'): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }], restartPolicy: 'OnFailure' } } } }, ...spec },
  };
}

describe('CronJob', () => {
  it('fills concurrency, suspend and history defaults', () => {
    const { obj, errors } = create(cronJobStrategy, cronJob());
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.concurrencyPolicy, 'Allow');
    assert.equal(obj.spec.suspend, false);
    assert.equal(obj.spec.successfulJobsHistoryLimit, 3);
    assert.equal(obj.spec.failedJobsHistoryLimit, 1);
    assert.equal(obj.spec.jobTemplate.metadata.creationTimestamp, null);
    assert.equal(obj.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
    assert.equal(obj.spec.jobTemplate.spec.completions, undefined);
    assert.equal(obj.metadata.generation, 1);
  });

  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'rejects a schedule that does not parse', given: cronJob({ schedule: '* * * *' }), want: ['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]'] },
    { name: 'requires a schedule', given: cronJob({ schedule: '' }), want: ['spec.schedule: Required value'] },
    {
      name: 'rejects an unknown concurrency policy',
      given: cronJob({ concurrencyPolicy: 'Sometimes' }),
      want: ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'],
    },
    {
      name: 'rejects a name longer than 52 characters on create',
      given: cronJob({}, 'a'.repeat(53)),
      want: [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`],
    },
    {
      name: 'requires a Job restartPolicy in the job template',
      given: cronJob({ jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }] } } } } }),
      want: ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(cronJobStrategy, given).errors, want));

  it('validates the schedule again on update', () => {
    const stored = create(cronJobStrategy, cronJob()).obj;
    assert.deepEqual(update(cronJobStrategy, stored, (o) => (o.spec.schedule = '61 * * * *')).errors, ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
  });
});

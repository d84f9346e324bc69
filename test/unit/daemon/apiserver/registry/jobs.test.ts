import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobStrategy } from '../../../../../daemon/apiserver/registry/jobs.js';
import { create, testUid, update } from './run-strategy.js';

function job(spec: object = {}, restartPolicy = 'Never'): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], ...(restartPolicy ? { restartPolicy } : {}) } }, ...spec },
  };
}

describe('Job defaults and generated selector', () => {
  it('fills the batch/v1 defaults', () => {
    const { obj, errors } = create(jobStrategy, job());
    assert.deepEqual(errors, []);
    const { template, selector, ...rest } = obj.spec;
    assert.deepEqual(rest, { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false });
    assert.deepEqual(selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': testUid } });
    const labels = { 'batch.kubernetes.io/controller-uid': testUid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': testUid, 'job-name': 'pi' };
    assert.deepEqual(template.metadata.labels, labels);
    assert.deepEqual(obj.metadata.labels, labels);
    assert.equal(obj.metadata.generation, 1);
    assert.deepEqual(obj.status, {});
  });

  it('defaults only parallelism when completions is set', () => {
    const { spec } = create(jobStrategy, job({ completions: 5 })).obj;
    assert.equal(spec.completions, 5);
    assert.equal(spec.parallelism, 1);
  });

  it('leaves completions unset when only parallelism is set', () => {
    assert.equal(create(jobStrategy, job({ parallelism: 2 })).obj.spec.completions, undefined);
  });
});

describe('Job validation', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'requires OnFailure or Never when restartPolicy is unset', given: job({}, ''), want: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'] },
    { name: 'requires OnFailure or Never instead of Always', given: job({}, 'Always'), want: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'] },
    { name: 'rejects a negative backoffLimit', given: job({ backoffLimit: -1 }), want: ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'] },
    {
      name: 'requires the selector of a manual-selector Job, which then selects nothing',
      given: job({ manualSelector: true }),
      want: ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'],
    },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(jobStrategy, given).errors, want));
});

describe('Job updates', () => {
  const stored = create(jobStrategy, job()).obj;

  it('keeps completions immutable', () => {
    assert.deepEqual(update(jobStrategy, stored, (o) => (o.spec.completions = 3)).errors, ['spec.completions: Invalid value: 3: field is immutable']);
  });

  it('allows suspending', () => {
    assert.deepEqual(update(jobStrategy, stored, (o) => (o.spec.suspend = true)).errors, []);
  });
});

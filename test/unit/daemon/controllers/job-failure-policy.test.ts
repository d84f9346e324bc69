import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { countedFailures, failJobMessage, matchPodFailurePolicy } from '../../../../daemon/controllers/job-failure-policy.js';

const job = (rules: unknown[]): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' }, spec: { podFailurePolicy: { rules } } });

const failedPod = (name: string, status: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, status: { phase: 'Failed', ...status } });

const exited = (name: string, exitCode: number) => ({ name, state: { terminated: { exitCode } } });

const cases: { name: string; rules: unknown[]; pod: KubeObject; want: ReturnType<typeof matchPodFailurePolicy> }[] = [
  {
    name: 'a FailJob rule on an exit code names the container, the pod, the code and the rule index',
    rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }, { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }],
    pod: failedPod('p1', { containerStatuses: [exited('main', 42)] }),
    want: { failJobMessage: 'Container main for pod default/p1 failed with exit code 42 matching FailJob rule at index 1', countFailed: true, action: 'FailJob' },
  },
  {
    name: 'a FailJob rule on a pod condition names the condition',
    rules: [{ action: 'FailJob', onPodConditions: [{ type: 'ConfigIssue', status: 'True' }] }],
    pod: failedPod('p2', { conditions: [{ type: 'Ready', status: 'False' }, { type: 'ConfigIssue', status: 'True' }] }),
    want: { failJobMessage: 'Pod default/p2 has condition ConfigIssue matching FailJob rule at index 0', countFailed: true, action: 'FailJob' },
  },
  {
    name: 'an Ignore rule on DisruptionTarget keeps an evicted pod out of the count',
    rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
    pod: failedPod('p3', { conditions: [{ type: 'DisruptionTarget', status: 'True' }], containerStatuses: [exited('main', 137)] }),
    want: { countFailed: false, action: 'Ignore' },
  },
  {
    name: 'NotIn matches every other non-zero exit code',
    rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } }],
    pod: failedPod('p4', { containerStatuses: [exited('main', 3)] }),
    want: { countFailed: true, action: 'Count' },
  },
  {
    name: 'exit code 0 never matches, even under NotIn',
    rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }],
    pod: failedPod('p5', { containerStatuses: [exited('sidecar', 0)] }),
    want: { countFailed: true },
  },
  {
    name: 'init containers are looked at after the app containers',
    rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [7] } }],
    pod: failedPod('p6', { initContainerStatuses: [exited('init', 7)], containerStatuses: [{ name: 'main', state: { waiting: { reason: 'PodInitializing' } } }] }),
    want: { failJobMessage: 'Container init for pod default/p6 failed with exit code 7 matching FailJob rule at index 0', countFailed: true, action: 'FailJob' },
  },
  {
    name: 'a rule for another container does not match',
    rules: [{ action: 'Ignore', onExitCodes: { containerName: 'other', operator: 'In', values: [5] } }],
    pod: failedPod('p7', { containerStatuses: [exited('main', 5)] }),
    want: { countFailed: true },
  },
  {
    name: 'a containerName written as null means any container, as an unset one does',
    rules: [{ action: 'Ignore', onExitCodes: { containerName: null, operator: 'In', values: [5] } }],
    pod: failedPod('p8', { containerStatuses: [exited('main', 5)] }),
    want: { countFailed: false, action: 'Ignore' },
  },
];

for (const { name, rules, pod, want } of cases) {
  test(name, () => assert.deepEqual(matchPodFailurePolicy(job(rules), pod), want));
}

test('without a policy every failed pod counts and nothing fails the Job at once', () => {
  const plain: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: {} };
  const pods = [failedPod('a', { containerStatuses: [exited('main', 42)] })];
  assert.equal(failJobMessage(plain, pods), undefined);
  assert.equal(countedFailures(plain, pods), 1);
});

test('countedFailures leaves out the ignored pods', () => {
  const policy = job([{ action: 'Ignore', onExitCodes: { operator: 'In', values: [5] } }]);
  assert.equal(countedFailures(policy, [failedPod('a', { containerStatuses: [exited('main', 5)] }), failedPod('b', { containerStatuses: [exited('main', 6)] })]), 1);
});

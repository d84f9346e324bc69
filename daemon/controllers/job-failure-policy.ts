/**
 * A Job's `spec.podFailurePolicy` (k/k `pkg/controller/job/pod_failure_policy.go`, GA in 1.31):
 * the rules are tried in order against each failed pod, and the first that matches decides.
 * `FailJob` fails the whole Job at once (reason PodFailurePolicy, with a message naming the
 * container and exit code, or the pod condition, and the rule's index); `Ignore` keeps the failure
 * out of the count that `backoffLimit` is checked against (the pod is still replaced); `Count` is
 * what happens without a policy. A rule matches on the exit code of a terminated container (app
 * containers first, then init containers; exit code 0 never matches) or on a pod condition (such as
 * the DisruptionTarget an eviction or a NoExecute taint adds). Left out: `FailIndex`, which needs
 * backoffLimitPerIndex (not simulated): such a failure counts, as `Count` does.
 */
import type { KubeObject } from '../../shared/api/meta.js';

type Pod = Readonly<KubeObject>;
type Action = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

interface OnExitCodes {
  containerName?: string | null;
  operator: 'In' | 'NotIn';
  values: number[];
}

interface OnPodCondition {
  type: string;
  status?: string;
}

interface Rule {
  action: Action;
  onExitCodes?: OnExitCodes;
  onPodConditions?: OnPodCondition[];
}

interface ContainerStatus {
  name: string;
  state?: { terminated?: { exitCode?: number } };
}

export interface PolicyMatch {
  /** Set for a FailJob rule: the message of the Job's FailureTarget and Failed conditions. */
  failJobMessage?: string;
  /** False only when an Ignore rule matched. */
  countFailed: boolean;
  action?: Action;
}

/** matchPodFailurePolicy: the first rule that matches the failed pod, and what it means. */
export function matchPodFailurePolicy(job: Readonly<KubeObject>, pod: Pod): PolicyMatch {
  const rules: Rule[] = job.spec?.podFailurePolicy?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    const matched = rule.onExitCodes ? matchOnExitCodes(pod, rule.onExitCodes) : rule.onPodConditions ? matchOnPodConditions(pod, rule.onPodConditions) : undefined;
    if (!matched) continue;
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
      case 'FailIndex':
        return { countFailed: true, action: rule.action };
      case 'FailJob': {
        const where = `${pod.metadata.namespace}/${pod.metadata.name}`;
        const failJobMessage =
          'container' in matched
            ? `Container ${matched.container.name} for pod ${where} failed with exit code ${matched.container.state?.terminated?.exitCode} matching FailJob rule at index ${index}`
            : `Pod ${where} has condition ${matched.condition} matching FailJob rule at index ${index}`;
        return { failJobMessage, countFailed: true, action: 'FailJob' };
      }
      default:
        // An action this release does not know (validation keeps them out): the rule is skipped.
        continue;
    }
  }
  return { countFailed: true };
}

/** getFailJobMessage: the FailJob message of the first failed pod that matches a FailJob rule. */
export function failJobMessage(job: Readonly<KubeObject>, failedPods: readonly Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const pod of failedPods) {
    const message = matchPodFailurePolicy(job, pod).failJobMessage;
    if (message) return message;
  }
  return undefined;
}

/** nonIgnoredFailedPodsCount: failed pods minus those an Ignore rule matched. */
export function countedFailures(job: Readonly<KubeObject>, failedPods: readonly Pod[]): number {
  if (!job.spec?.podFailurePolicy) return failedPods.length;
  return failedPods.filter((pod) => matchPodFailurePolicy(job, pod).countFailed).length;
}

function matchOnExitCodes(pod: Pod, requirement: OnExitCodes): { container: ContainerStatus } | undefined {
  const container = matchingContainer(pod.status?.containerStatuses, requirement) ?? matchingContainer(pod.status?.initContainerStatuses, requirement);
  return container && { container };
}

function matchingContainer(statuses: ContainerStatus[] | undefined, requirement: OnExitCodes): ContainerStatus | undefined {
  return (statuses ?? []).find((status) => {
    const exitCode = status.state?.terminated?.exitCode;
    // A container still terminating has no exit code to match; 0 is never a failure.
    if (exitCode === undefined || exitCode === 0) return false;
    if (requirement.containerName != null && requirement.containerName !== status.name) return false; // null or unset: any container
    const listed = (requirement.values ?? []).includes(exitCode);
    return requirement.operator === 'In' ? listed : requirement.operator === 'NotIn' ? !listed : false;
  });
}

function matchOnPodConditions(pod: Pod, patterns: OnPodCondition[]): { condition: string } | undefined {
  for (const condition of (pod.status?.conditions ?? []) as { type: string; status: string }[]) {
    for (const pattern of patterns) {
      if (condition.type === pattern.type && condition.status === (pattern.status ?? 'True')) return { condition: condition.type };
    }
  }
  return undefined;
}

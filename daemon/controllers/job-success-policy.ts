/**
 * An Indexed Job's `spec.successPolicy` (k/k `pkg/controller/job/success_policy.go`, JobSuccessPolicy
 * beta and on in 1.32): the Job succeeds early once a rule holds for the succeeded indexes, and
 * its other pods are then stopped. A rule with `succeededIndexes` holds when every listed index
 * has succeeded, or, with `succeededCount`, when that many of them have; a rule with only
 * `succeededCount` holds when that many indexes (any) have. The first rule that holds gives the
 * message `Matched rules at index <i>` of the SuccessCriteriaMet and Complete conditions (reason
 * SuccessPolicy). A rule whose index list cannot be read is skipped, as upstream does.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import { parseIndexes } from './job-status.js';

interface SuccessPolicyRule {
  succeededIndexes?: string;
  succeededCount?: number;
}

/** matchSuccessPolicy: the message of the first rule the succeeded indexes satisfy, if any. */
export function matchSuccessPolicy(job: Readonly<KubeObject>, succeededIndexes: ReadonlySet<number>): string | undefined {
  const rules: SuccessPolicyRule[] = job.spec?.successPolicy?.rules ?? [];
  if (succeededIndexes.size === 0) return undefined;
  const completions: number = job.spec?.completions ?? 0;
  for (const [index, rule] of rules.entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      const contained = required.filter((i) => succeededIndexes.has(i)).length;
      if (contained === required.length || (rule.succeededCount !== undefined && contained >= rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && succeededIndexes.size >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

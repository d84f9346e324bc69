/**
 * A Job's podFailurePolicy and successPolicy as kube-apiserver v1.32 checks them
 * (`pkg/apis/batch/validation`: validatePodFailurePolicy, validateSuccessPolicy,
 * validatePodReplacementPolicy) and defaults them (batch/v1 SetDefaults_Job: an onPodConditions
 * pattern without status means "True"). The messages are the apiserver's, values printed as Go
 * prints them, so `kubectl apply` of a wrong policy is refused with the same lines. Left out: the
 * managedBy and backoffLimitPerIndex limits (validated elsewhere or not simulated).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import { validateNonnegative, validateQualifiedName } from './metadata.js';
import type { PodSpec as Spec } from './pod-template.js';

const maxPodFailurePolicyRules = 20;
const maxOnExitCodesValues = 255;
const maxOnPodConditionsPatterns = 20;
const maxSuccessPolicyRules = 20;
const maxSucceededIndexesLength = 64 * 1024;
const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const operators = ['In', 'NotIn'];
const conditionStatuses = ['False', 'True', 'Unknown'];

/** SetDefaults_Job's part: a pattern's status defaults to "True". */
export function defaultPodFailurePolicy(spec: Spec): void {
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule?.onPodConditions ?? []) if (pattern && !pattern.status) pattern.status = 'True';
  }
}

/** The podFailurePolicy, successPolicy and podReplacementPolicy checks, in validateJobSpec's order. */
export function validateJobPolicies(spec: Spec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.podFailurePolicy) errors.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (spec.successPolicy) {
    if (spec.completionMode !== 'Indexed') errors.push(invalidGo(`${path}.successPolicy`, goSuccessPolicy(spec.successPolicy), 'requires indexed completion mode'));
    else errors.push(...validateSuccessPolicy(spec, `${path}.successPolicy`));
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null) {
    // With a podFailurePolicy, a pod counts once it has failed: only "Failed" makes sense.
    const supported = spec.podFailurePolicy ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!supported.includes(replacement)) errors.push(field.notSupported(`${path}.podReplacementPolicy`, replacement, supported));
  }
  return errors;
}

function validatePodFailurePolicy(spec: Spec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const rules: Spec[] = spec.podFailurePolicy.rules ?? [];
  if (rules.length > maxPodFailurePolicyRules) errors.push(field.tooMany(`${path}.rules`, rules.length, maxPodFailurePolicyRules));
  const podSpec = spec.template?.spec ?? {};
  const containerNames = new Set([...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])].map((c: { name?: string }) => c.name));
  rules.forEach((rule, i) => errors.push(...validatePodFailurePolicyRule(spec, rule ?? {}, `${path}.rules[${i}]`, containerNames)));
  return errors;
}

function validatePodFailurePolicyRule(spec: Spec, rule: Spec, path: string, containerNames: ReadonlySet<string | undefined>): FieldError[] {
  const errors: FieldError[] = [];
  const action = rule.action ?? '';
  if (action === '') errors.push(field.required(`${path}.action`, `valid values: ${goQuotedList(actions)}`));
  else if (action === 'FailIndex') {
    if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) errors.push(field.invalid(`${path}.action`, action, 'requires the backoffLimitPerIndex to be set'));
  } else if (!actions.includes(action)) errors.push(field.notSupported(`${path}.action`, action, actions));
  const onExitCodes = rule.onExitCodes;
  const patterns: Spec[] = rule.onPodConditions ?? [];
  if (onExitCodes) errors.push(...validateOnExitCodes(onExitCodes, `${path}.onExitCodes`, containerNames));
  if (patterns.length > 0) errors.push(...validateOnPodConditions(patterns, `${path}.onPodConditions`));
  // field.OmitValueType: the apiserver prints no value for these two.
  if (onExitCodes && patterns.length > 0) errors.push({ type: 'FieldValueInvalid', field: path, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
  if (!onExitCodes && patterns.length === 0) errors.push({ type: 'FieldValueInvalid', field: path, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
  return errors;
}

function validateOnPodConditions(patterns: Spec[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (patterns.length > maxOnPodConditionsPatterns) errors.push(field.tooMany(path, patterns.length, maxOnPodConditionsPatterns));
  patterns.forEach((pattern, j) => {
    errors.push(...validateQualifiedName(String(pattern?.type ?? ''), `${path}[${j}].type`));
    const status = pattern?.status ?? '';
    if (status === '') errors.push(field.required(`${path}[${j}].status`, `valid values: ${goQuotedList(conditionStatuses)}`));
    else if (!conditionStatuses.includes(status)) errors.push(field.notSupported(`${path}[${j}].status`, status, conditionStatuses));
  });
  return errors;
}

function validateOnExitCodes(requirement: Spec, path: string, containerNames: ReadonlySet<string | undefined>): FieldError[] {
  const errors: FieldError[] = [];
  const operator = requirement.operator ?? '';
  if (operator === '') errors.push(field.required(`${path}.operator`, `valid values: ${goQuotedList(operators)}`));
  else if (!operators.includes(operator)) errors.push(field.notSupported(`${path}.operator`, operator, operators));
  const name = requirement.containerName;
  if (name !== undefined && name !== null && !containerNames.has(name)) {
    errors.push(field.invalid(`${path}.containerName`, name, 'must be one of the container or initContainer names in the pod template'));
  }
  const values: number[] | undefined | null = requirement.values;
  const list = values ?? [];
  if (list.length === 0) errors.push(invalidGo(`${path}.values`, goInt32s(values), 'at least one value is required'));
  else if (list.length > maxOnExitCodesValues) errors.push(field.tooMany(`${path}.values`, list.length, maxOnExitCodesValues));
  const seen = new Set<number>();
  let ordered = true;
  list.forEach((value, j) => {
    if (operator === 'In' && value === 0) errors.push(field.invalid(`${path}.values[${j}]`, value, 'must not be 0 for the In operator'));
    if (seen.has(value)) errors.push(field.duplicate(`${path}.values[${j}]`, value));
    else seen.add(value);
    if (j > 0 && list[j - 1]! > value) ordered = false;
  });
  if (!ordered) errors.push(invalidGo(`${path}.values`, goInt32s(values), 'must be ordered'));
  return errors;
}

function validateSuccessPolicy(spec: Spec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const rules: Spec[] = spec.successPolicy.rules ?? [];
  if (rules.length === 0) errors.push(field.required(`${path}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > maxSuccessPolicyRules) errors.push(field.tooMany(`${path}.rules`, rules.length, maxSuccessPolicyRules));
  rules.forEach((rule, i) => errors.push(...validateSuccessPolicyRule(spec, rule ?? {}, `${path}.rules[${i}]`)));
  return errors;
}

function validateSuccessPolicyRule(spec: Spec, rule: Spec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const indexes: string | undefined = rule.succeededIndexes ?? undefined;
  const count: number | undefined = rule.succeededCount ?? undefined;
  const completions: number = spec.completions ?? 0;
  if (count === undefined && indexes === undefined) errors.push(field.required(path, 'at least one of succeededCount or succeededIndexes must be specified'));
  let total = 0;
  if (indexes !== undefined) {
    if (indexes.length > maxSucceededIndexesLength) errors.push(field.tooLong(`${path}.succeededIndexes`, indexes, maxSucceededIndexesLength));
    const parsed = indexesTotal(indexes, completions);
    if (typeof parsed === 'string') errors.push(field.invalid(`${path}.succeededIndexes`, indexes, `error parsing succeededIndexes: ${parsed}`));
    else total = parsed;
  }
  if (count !== undefined) {
    errors.push(...validateNonnegative(count, `${path}.succeededCount`));
    if (count > completions) errors.push(field.invalid(`${path}.succeededCount`, count, `must be less than or equal to ${completions} (the number of specified completions)`));
    if (indexes !== undefined && count > total) {
      errors.push(field.invalid(`${path}.succeededCount`, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  }
  return errors;
}

/** validateIndexesFormat: how many indexes `1,3-5` names, or the parse error's text. */
export function indexesTotal(text: string, completions: number): number | string {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const parts = interval.split('-');
    if (parts.length > 2) return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const bounds: number[] = [];
    for (const part of parts) {
      // strconv.Atoi: an optional sign and decimal digits, nothing else.
      if (!/^[+-]?\d+$/.test(part)) return `cannot convert string to integer for index: ${JSON.stringify(part)}`;
      if (Number(part) >= completions) return `too large index: ${JSON.stringify(part)}`;
      bounds.push(Number(part));
    }
    const [x, y = x] = bounds as [number, number?];
    if (parts.length === 2 && x >= y!) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y! - x + 1;
    last = y;
  }
  return total;
}

function invalidGo(path: string, formatted: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: path, badValue: formatted, detail };
}

/** `%q` of a Go string slice: `["In" "NotIn"]`. */
function goQuotedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** `%#v` of a []int32: `[]int32{1, 2}`, `[]int32{}` or, when absent, `[]int32(nil)`. */
function goInt32s(values: number[] | undefined | null): string {
  return values ? `[]int32{${values.join(', ')}}` : '[]int32(nil)';
}

/**
 * `%#v` of the internal batch.SuccessPolicy the apiserver puts in its error. Its pointer fields
 * print as addresses, which differ on every request; these stand in for them.
 */
function goSuccessPolicy(policy: Spec): string {
  let address = 0xc000a3c2d0;
  const pointer = (type: string, value: unknown): string => (value === undefined || value === null ? `(*${type})(nil)` : `(*${type})(0x${(address += 8).toString(16)})`);
  const rules: Spec[] | undefined | null = policy.rules;
  const items = (rules ?? []).map((r) => `batch.SuccessPolicyRule{SucceededIndexes:${pointer('string', r?.succeededIndexes)}, SucceededCount:${pointer('int32', r?.succeededCount)}}`);
  return `batch.SuccessPolicy{Rules:${rules ? `[]batch.SuccessPolicyRule{${items.join(', ')}}` : '[]batch.SuccessPolicyRule(nil)'}}`;
}

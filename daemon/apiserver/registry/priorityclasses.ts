/**
 * PriorityClasses (scheduling.k8s.io/v1; SetDefaults_PriorityClass, ValidatePriorityClass and
 * ValidatePriorityClassUpdate): preemptionPolicy defaults to PreemptLowerPriority; a name starting
 * with `system-` must be one of the two system classes with their exact value and globalDefault;
 * other classes may not go above one billion; value and preemptionPolicy never change.
 * The "only one globalDefault" rule is the Priority admission plugin's (admission/priority.ts).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate } from './metadata.js';
import type { Strategy } from './strategy.js';
import { validateImmutable } from './strategy-helpers.js';

/** scheduling.HighestUserDefinablePriority. */
export const highestUserDefinablePriority = 1000000000;
/** scheduling.SystemCriticalPriority: system-cluster-critical; system-node-critical is 1000 above. */
export const systemCriticalPriority = 2 * highestUserDefinablePriority;
const systemPrefix = 'system-';

/** The system classes every cluster has, as the apiserver creates them at start-up. */
export const systemPriorityClasses: readonly { name: string; value: number; description: string }[] = [
  { name: 'system-node-critical', value: systemCriticalPriority + 1000, description: 'Used for system critical pods that must not be moved from their current node.' },
  {
    name: 'system-cluster-critical',
    value: systemCriticalPriority,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

const preemptionPolicies = ['PreemptLowerPriority', 'Never'];

/** IsKnownSystemPriorityClass: why a `system-` class is not one of the two, or undefined. */
function systemClassProblem(name: string, value: number, globalDefault: boolean): string | undefined {
  const known = systemPriorityClasses.find((pc) => pc.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(pc: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const name = pc.metadata.name ?? '';
  const value = typeof pc.value === 'number' ? pc.value : 0;
  if (name.startsWith(systemPrefix)) {
    const problem = systemClassProblem(name, value, pc.globalDefault === true);
    if (problem) errors.push(field.forbidden('metadata.name', `priority class names with '${systemPrefix}' prefix are reserved for system use only. error: ${problem}`));
  } else if (value > highestUserDefinablePriority) {
    errors.push(field.forbidden('value', `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`));
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) {
    if (pc.preemptionPolicy === '') errors.push(field.required('preemptionPolicy'));
    else if (!preemptionPolicies.includes(pc.preemptionPolicy)) errors.push(field.notSupported('preemptionPolicy', pc.preemptionPolicy, preemptionPolicies));
  }
  return errors;
}

function validatePriorityClassUpdate(pc: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(pc, old);
  if ((pc.value ?? 0) !== (old.value ?? 0)) errors.push(field.forbidden('value', 'may not be changed in an update.'));
  errors.push(...validateImmutable(pc.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy'));
  return errors;
}

export const priorityClassStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(pc) {
    pc.preemptionPolicy ??= 'PreemptLowerPriority';
  },
  validate: validatePriorityClass,
  validateUpdate: validatePriorityClassUpdate,
};

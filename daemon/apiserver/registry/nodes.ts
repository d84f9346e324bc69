/**
 * Nodes (`pkg/registry/core/node/strategy.go`, ValidateNode, ValidateNodeUpdate): a node may be
 * created with its status (the kubelet registers that way); later writes to the main resource
 * keep the stored status. Taints are validated under `metadata.taints` — core validation's own
 * path for them. podCIDRs and providerID may only go from empty to set.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateObjectMetaUpdate, validateQualifiedName } from './metadata.js';
import { isValidLabelValue } from './name-validation.js';
import { canonicalizeResourceList } from './pod-template-resources.js';
import type { Strategy } from './strategy.js';
import { deepEqual } from './strategy-helpers.js';

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function defaultNode(obj: KubeObject): void {
  const status = obj.status;
  if (!status) return;
  canonicalizeResourceList(status.capacity, obj);
  canonicalizeResourceList(status.allocatable, obj);
  // SetDefaults_NodeStatus: allocatable defaults to capacity.
  if (!status.allocatable && status.capacity) status.allocatable = { ...status.capacity };
}

/** validateNodeTaints. */
function validateTaints(taints: Record<string, string>[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((taint, i) => {
    const at = `${path}[${i}]`;
    errors.push(...validateQualifiedName(taint.key ?? '', `${at}.key`));
    const valueProblems = isValidLabelValue(taint.value ?? '');
    if (valueProblems.length) errors.push(field.invalid(`${at}.value`, taint.value ?? '', valueProblems.join(';')));
    if (!taint.effect) errors.push(field.required(`${at}.effect`));
    else if (!taintEffects.includes(taint.effect)) errors.push(field.notSupported(`${at}.effect`, taint.effect, taintEffects));
    const key = `${taint.effect}\u0000${taint.key}`;
    if (seen.has(key)) {
      errors.push({ type: 'FieldValueDuplicate', field: at, badValue: `core.Taint{Key:${JSON.stringify(taint.key ?? '')}, Value:${JSON.stringify(taint.value ?? '')}, Effect:${JSON.stringify(taint.effect ?? '')}, TimeAdded:<nil>}`, detail: 'taints must be unique by key and effect pair' });
    }
    seen.add(key);
  });
  return errors;
}

function validateNode(obj: KubeObject): FieldError[] {
  const errors = validateTaints(obj.spec?.taints, 'metadata.taints');
  (obj.spec?.podCIDRs ?? []).forEach((cidr: string, i: number) => {
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) && !/^[0-9a-fA-F:]+\/\d{1,3}$/.test(cidr)) {
      errors.push(...invalidEach(`spec.podCIDRs[${i}]`, cidr, ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']));
    }
  });
  return errors;
}

function validateNodeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObjectMetaUpdate(obj, old);
  const oldCIDRs: string[] = old.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0 && !deepEqual(obj.spec?.podCIDRs ?? [], oldCIDRs)) {
    errors.push(field.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && obj.spec?.providerID !== old.spec.providerID) {
    errors.push(field.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errors;
}

export const nodeStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultNode,
  prepareForUpdate(obj, old) {
    obj.status = structuredClone(old.status);
  },
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};

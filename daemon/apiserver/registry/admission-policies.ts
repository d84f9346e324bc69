/**
 * ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1; the v1
 * defaults and ValidateValidatingAdmissionPolicy / ValidateValidatingAdmissionPolicyBinding of
 * kube-apiserver v1.32): matchConstraints with resource rules, failurePolicy Fail|Ignore,
 * validations (expressions compiled as CEL, messages on one line, reasons), variables and
 * matchConditions with valid names, a paramKind with apiVersion and kind; a binding's policyName,
 * paramRef (name or selector, parameterNotFoundAction Allow|Deny) and validationActions
 * (Audit|Deny|Warn, not Deny with Warn). Both keep generation as their strategies do; a policy's
 * status is written only through its status subresource.
 * Approximated: expressions are type-checked with every variable dynamic (policy-cel.ts).
 * Approximated: status.typeChecking is written with each change and is always empty (see below).
 * Left out: the expression cost limits.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { compilePolicyExpression } from '../admission/policy-cel.js';
import { defaultMatchResources, failurePolicies, validateEnum, validateMatchResources, type Json } from './admission-rules-validation.js';
import { validateLabelSelector, validateObjectMetaUpdate } from './metadata.js';
import { isDNS1123Subdomain, isDNS1035Label, isQualifiedName, isValidPathSegmentName } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { deepEqual } from './strategy-helpers.js';

const reasons = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
const validationActions = ['Audit', 'Deny', 'Warn'];
// In the order validation.go lists them, not sorted.
const notFoundActions = ['Deny', 'Allow'];

function defaultPolicy(policy: KubeObject): void {
  const spec: Json = (policy.spec ??= {});
  spec.failurePolicy ??= 'Fail';
  defaultMatchResources(spec.matchConstraints);
}

function defaultBinding(binding: KubeObject): void {
  const spec: Json = (binding.spec ??= {});
  defaultMatchResources(spec.matchResources);
  // v1 has no default for paramRef.parameterNotFoundAction (only v1alpha1 had one): it is required.
}

/** A CEL expression: required (with `requiredDetail`), and compiling to `result`. */
function validateExpression(expression: unknown, path: string, result: 'bool' | 'string' | 'dyn', requiredDetail = ''): FieldError[] {
  if (typeof expression !== 'string' || expression.trim() === '') return [field.required(path, requiredDetail)];
  const compiled = compilePolicyExpression(expression, result);
  return compiled.error ? [field.invalid(path, expression, `compilation failed: ${compiled.error}`)] : [];
}

function validateMessage(message: unknown, path: string): FieldError[] {
  if (typeof message !== 'string' || message === '') return [];
  if (message.trim() === '') return [field.invalid(path, message, 'message must be non-empty if specified')];
  if (/[\n\r]/.test(message.trim())) return [field.invalid(path, message, 'message must not contain line breaks')];
  return [];
}

/** validateValidation: expression, messageExpression, message, reason. */
function validateValidation(v: Json, path: string): FieldError[] {
  const errors = validateExpression(v.expression, `${path}.expression`, 'bool', 'expression is not specified');
  const messageExpression = typeof v.messageExpression === 'string' ? v.messageExpression : '';
  if (messageExpression && !messageExpression.trim()) errors.push(field.invalid(`${path}.messageExpression`, messageExpression, 'must be non-empty if specified'));
  else if (messageExpression) errors.push(...validateExpression(messageExpression, `${path}.messageExpression`, 'string'));
  errors.push(...validateMessage(v.message, `${path}.message`));
  if (v.reason != null && !reasons.includes(v.reason)) errors.push(field.notSupported(`${path}.reason`, v.reason, reasons));
  return errors;
}

const celIdentifier = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const celReserved = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

function validateVariables(variables: Json[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (variables ?? []).forEach((v, i) => {
    const at = `${path}[${i}]`;
    if (!v.name?.trim()) errors.push(field.required(`${at}.name`, 'name is not specified'));
    else if (!celIdentifier.test(v.name) || celReserved.has(v.name)) errors.push(field.invalid(`${at}.name`, v.name, 'name is not a valid CEL identifier'));
    errors.push(...validateExpression(v.expression, `${at}.expression`, 'dyn', 'expression is not specified'));
  });
  return errors;
}

function validateMatchConditions(conditions: Json[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if ((conditions?.length ?? 0) > 64) errors.push(field.tooMany(path, conditions!.length, 64));
  const seen = new Set<string>();
  (conditions ?? []).forEach((c, i) => {
    const at = `${path}[${i}]`;
    errors.push(...validateExpression(c.expression, `${at}.expression`, 'bool'));
    if (!c.name) errors.push(field.required(`${at}.name`, ''));
    else {
      errors.push(...isQualifiedName(c.name).map((m) => field.invalid(`${at}.name`, c.name, m)));
      if (seen.has(c.name)) errors.push(field.duplicate(`${at}.name`, c.name));
      seen.add(c.name);
    }
  });
  return errors;
}

/** validateParamKind: a group/version the APIService rules accept, and a kind. */
function validateParamKind(paramKind: Json): FieldError[] {
  const errors: FieldError[] = [];
  const apiVersion: string = paramKind.apiVersion ?? '';
  const path = 'spec.paramKind.apiVersion';
  if (!apiVersion) errors.push(field.required(path, ''));
  else if (apiVersion.split('/').length > 2) errors.push(field.invalid(path, apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
  else if (apiVersion !== '/') {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    if (group) {
      const problems = isDNS1123Subdomain(group);
      if (problems.length) errors.push(field.invalid(path, group, problems.join(',')));
    }
    if (!version) errors.push(field.invalid(path, apiVersion, 'version must be specified'));
    else {
      const problems = isDNS1035Label(version!);
      if (problems.length) errors.push(field.invalid(path, version, problems.join(',')));
    }
  }
  const kind: string = paramKind.kind ?? '';
  if (!kind) errors.push(field.required('spec.paramKind.kind', ''));
  else {
    const problems = isDNS1035Label(kind.toLowerCase());
    if (problems.length) errors.push(field.invalid('spec.paramKind.kind', kind, `may have mixed case, but should otherwise match: ${problems.join(',')}`));
  }
  return errors;
}

/** ValidateValidatingAdmissionPolicy's spec checks. */
export function validateAdmissionPolicy(policy: KubeObject): FieldError[] {
  const spec: Json = policy.spec ?? {};
  const errors: FieldError[] = validateEnum(spec.failurePolicy, 'spec.failurePolicy', failurePolicies);
  const paramKind = spec.paramKind;
  if (paramKind) {
    errors.push(...validateParamKind(paramKind));
  }
  const match = spec.matchConstraints;
  if (!match) errors.push(field.required('spec.matchConstraints', ''));
  else {
    errors.push(...validateMatchResources(match, 'spec.matchConstraints'));
    if (!match.resourceRules?.length) errors.push(field.required('spec.matchConstraints.resourceRules', ''));
  }
  errors.push(...validateMatchConditions(spec.matchConditions, 'spec.matchConditions'));
  errors.push(...validateVariables(spec.variables, 'spec.variables'));
  if (!spec.validations?.length && !spec.auditAnnotations?.length) {
    const detail = 'validations or auditAnnotations must contain at least one item';
    return [...errors, field.required('spec.validations', detail), field.required('spec.auditAnnotations', detail)];
  }
  (spec.validations ?? []).forEach((v: Json, i: number) => errors.push(...validateValidation(v, `spec.validations[${i}]`)));
  (spec.auditAnnotations ?? []).forEach((a: Json, i: number) => {
    if (!a.key) errors.push(field.required(`spec.auditAnnotations[${i}].key`, ''));
    errors.push(...validateExpression(a.valueExpression, `spec.auditAnnotations[${i}].valueExpression`, 'dyn', 'valueExpression is not specified'));
  });
  return errors;
}

function validateParamRef(ref: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (ref.name) {
    errors.push(...isValidPathSegmentName(ref.name).map((m) => field.invalid(`${path}.name`, ref.name, m)));
    if (ref.selector) errors.push(field.forbidden(`${path}.name`, 'name and selector are mutually exclusive'));
  }
  if (ref.selector) {
    errors.push(...validateLabelSelector(ref.selector, `${path}.selector`));
    if (ref.name) errors.push(field.forbidden(`${path}.selector`, 'name and selector are mutually exclusive'));
  }
  if (!ref.name && !ref.selector) errors.push(field.required(path, 'one of name or selector must be specified'));
  errors.push(...validateEnum(ref.parameterNotFoundAction, `${path}.parameterNotFoundAction`, notFoundActions));
  return errors;
}

function validateValidationActions(actions: string[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (actions ?? []).forEach((action, i) => {
    if (!validationActions.includes(action)) errors.push(field.notSupported(`${path}[${i}]`, action, validationActions));
    if (seen.has(action)) errors.push(field.duplicate(`${path}[${i}]`, action));
    seen.add(action);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    errors.push(field.invalid(path, actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  }
  if (seen.size === 0) errors.push(field.required(path, 'at least one validation action is required'));
  return errors;
}

/** ValidateValidatingAdmissionPolicyBinding's spec checks. */
export function validateAdmissionPolicyBinding(binding: KubeObject): FieldError[] {
  const spec: Json = binding.spec ?? {};
  const errors: FieldError[] = [];
  if (!spec.policyName) errors.push(field.required('spec.policyName', ''));
  else errors.push(...isDNS1123Subdomain(spec.policyName).map((m) => field.invalid('spec.policyName', spec.policyName, m)));
  if (spec.paramRef) errors.push(...validateParamRef(spec.paramRef, 'spec.paramRef'));
  if (spec.matchResources) errors.push(...validateMatchResources(spec.matchResources, 'spec.matchResources'));
  errors.push(...validateValidationActions(spec.validationActions, 'spec.validationActions'));
  return errors;
}

/** generation 1 on create, bumped on a spec change; `withStatus` kinds keep status to the subresource. */
export function generationStrategy(defaults: (obj: KubeObject) => void, validate: (obj: KubeObject) => FieldError[], withStatus: boolean): Strategy {
  return {
    nameRule: 'subdomain',
    defaults,
    prepareForCreate(obj) {
      if (withStatus) obj.status = {};
      obj.metadata.generation = 1;
    },
    prepareForUpdate(obj, old) {
      if (withStatus) obj.status = structuredClone(old.status);
      const changed = withStatus || !('webhooks' in obj) ? !deepEqual(obj.spec, old.spec) : !deepEqual((obj as Json).webhooks, (old as Json).webhooks);
      obj.metadata.generation = (old.metadata.generation ?? 0) + (changed ? 1 : 0);
    },
    validate,
    validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
    validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
  };
}

/**
 * The policy status kube-apiserver's type-checking controller writes moments after each change
 * (observedGeneration and typeChecking), written here with the change itself. Its checker types
 * `object` from the OpenAPI schema and reports misspelt fields as expressionWarnings; kubelab's
 * checks every variable as dyn, so typeChecking is always empty.
 */
function withTypeChecking(strategy: Strategy): Strategy {
  return {
    ...strategy,
    prepareForCreate(obj, request) {
      strategy.prepareForCreate?.(obj, request);
      obj.status = { observedGeneration: obj.metadata.generation, typeChecking: {} };
    },
    prepareForUpdate(obj, old) {
      strategy.prepareForUpdate?.(obj, old);
      obj.status = { ...obj.status, observedGeneration: obj.metadata.generation, typeChecking: obj.status?.typeChecking ?? {} };
    },
  };
}

export const validatingAdmissionPolicyStrategy: Strategy = withTypeChecking(generationStrategy(defaultPolicy, validateAdmissionPolicy, true));
export const validatingAdmissionPolicyBindingStrategy: Strategy = generationStrategy(defaultBinding, validateAdmissionPolicyBinding, false);

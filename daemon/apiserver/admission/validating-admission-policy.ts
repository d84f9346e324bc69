/**
 * The ValidatingAdmissionPolicy admission plugin (apiserver's admission/plugin/policy/validating
 * dispatcher and validator), run after mutating admission and the kind's own validation, for
 * creates, updates (status and other subresources included) and deletes: each policy whose
 * matchConstraints match, each of its bindings whose matchResources match, each param the
 * binding's paramRef selects; then variables, matchConditions and validations. A failed
 * validation is acted on as the binding's validationActions say: Deny refuses the request with
 * the first denial (`ValidatingAdmissionPolicy 'p' with binding 'b' denied request: …`, reason
 * Invalid (422) unless the validation names another), Warn adds a `Warning:` header, Audit is
 * accepted and dropped (kubelab keeps no audit log). CEL errors, missing params and policy
 * configuration errors follow the policy's failurePolicy.
 *
 * Approximated: variables are evaluated once, up front, where kube-apiserver evaluates each on
 * first use (the same results and error texts; only the cost differs). In-process writes
 * (controllers, kubelets) carry no user, so `request.userInfo` is empty for them.
 * Left out: auditAnnotations (evaluated only for the audit log), the authorizer variable's
 * functions, CONNECT requests (exec, attach, port-forward), and the CREATEs of pods/binding and
 * pods/eviction (their handlers write outside the generic registry's pipeline).
 */
import { forbidden, StatusError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { findResourceForKind, type ResourceInfo } from '../../../shared/api/resources.js';
import { selectorFromLabelSelector } from '../../../shared/labels.js';
import { namespacePrefix, resourcePrefix, storageKey } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';
import type { RequestContext } from '../request-context.js';
import { admissionConfigFor, type PolicyHook } from './policy-cache.js';
import { compilePolicyExpression, conditionsMatch, evaluatePolicyProgram, evaluationError, policyInputs, type PolicyInputs } from './policy-cel.js';
import { matchResourcesMatch, type AdmissionAttributes } from './policy-matching.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

interface Decision {
  policy: string;
  binding?: string;
  message: string;
  reason?: string;
}

const codes: Record<string, number> = { Forbidden: 403, Unauthorized: 401, RequestEntityTooLarge: 413, Invalid: 422 };

/** The request as CEL's `request` variable (admissionv1.AdmissionRequest). */
function admissionRequest(attrs: AdmissionAttributes, ctx: RequestContext, namespace: string): Json {
  const { group, version, kind, resource } = attrs.info;
  const user = ctx.user;
  const request: Json = {
    kind: { group, version, kind },
    resource: { group, version, resource },
    requestKind: { group, version, kind },
    requestResource: { group, version, resource },
    name: attrs.name,
    operation: attrs.operation,
    userInfo: user ? { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } : {},
    dryRun: ctx.dryRun,
  };
  if (attrs.subresource) request.subResource = request.requestSubResource = attrs.subresource;
  if (namespace) request.namespace = namespace;
  return request;
}

/** The message of a failed validation: messageExpression's, else message, else the expression. */
function failureMessage(validation: Json, inputs: PolicyInputs): string {
  if (validation.messageExpression) {
    const compiled = compilePolicyExpression(validation.messageExpression, 'string');
    const result = compiled.program ? evaluatePolicyProgram(compiled.program, inputs) : undefined;
    const text = result && 'value' in result && typeof result.value === 'string' ? result.value.trim() : '';
    // An error, an empty, multi-line or oversized message falls back to the static one.
    if (text && !text.includes('\n') && text.length <= 5 * 1024) return text;
  }
  if (validation.message?.trim()) return validation.message.trim();
  return `failed expression: ${String(validation.expression ?? '').trim()}`;
}

/** One failed validation (or evaluation error under failurePolicy Fail), in validation order. */
interface Failure {
  message: string;
  reason?: string;
}

/**
 * The validator: variables, matchConditions, then each validation against one param. Failures
 * come back in validation order, errors and denials interleaved, as kube-apiserver's decisions
 * do: the first of them is the one a Deny binding reports.
 */
function validate(policy: Json, inputs: PolicyInputs): Failure[] {
  const spec: Json = policy.spec ?? {};
  const fail = (spec.failurePolicy ?? 'Fail') === 'Fail';
  const variables: Json = {};
  inputs.variables = variables;
  // Variables first: matchConditions may read them too (one composited environment). kube-apiserver
  // evaluates them lazily; an erroring one is left unset here and its error kept for the message.
  const variableErrors = new Map<string, string>();
  for (const variable of spec.variables ?? []) {
    const compiled = compilePolicyExpression(variable.expression ?? '', 'dyn');
    const result = compiled.program ? evaluatePolicyProgram(compiled.program, inputs) : { error: compiled.error ?? '' };
    if ('value' in result) variables[variable.name] = result.value;
    else variableErrors.set(variable.name, result.error);
  }
  const matched = conditionsMatch(spec.matchConditions ?? [], inputs, fail, variableErrors);
  if (typeof matched === 'string') return [{ message: matched }];
  if (!matched) return [];
  const failures: Failure[] = [];
  for (const validation of spec.validations ?? []) {
    const expression = String(validation.expression ?? '');
    const compiled = compilePolicyExpression(expression, 'bool');
    const result = compiled.program ? evaluatePolicyProgram(compiled.program, inputs) : { error: compiled.error ?? '' };
    if ('error' in result) {
      if (fail) failures.push({ message: evaluationError(expression, compiled, result.error, variableErrors) });
      continue;
    }
    if (result.value === true) continue;
    failures.push({ message: failureMessage(validation, inputs), reason: validation.reason });
  }
  return failures;
}

/** The resource a policy's paramKind names, or the policy's configuration error (policy_source.go). */
function paramResource(policy: Json): ResourceInfo | string | undefined {
  const paramKind = policy.spec?.paramKind;
  if (!paramKind) return undefined;
  const apiVersion = String(paramKind.apiVersion ?? '');
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const info = findResourceForKind(group ?? '', version ?? '', paramKind.kind ?? '');
  // schema.GroupVersionKind prints as `group/version, Kind=kind`, with `/v1` for the core group.
  return info ?? `failed to find resource referenced by paramKind: '${group}/${version}, Kind=${paramKind.kind}'`;
}

/**
 * generic.CollectParams: the params a binding selects, or an error; [undefined] without paramKind
 * or without a paramRef (the policy then runs with `params` null).
 */
function collectParams(store: Store, info: ResourceInfo | undefined, binding: Json, namespace: string): (KubeObject | undefined)[] | string {
  const ref = binding.spec?.paramRef;
  if (!info || !ref) return [undefined];
  let paramNamespace = '';
  if (info.namespaced) {
    paramNamespace = ref.namespace || namespace;
    if (!paramNamespace) return 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources';
  } else if (ref.namespace) {
    return 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`';
  }
  let params: KubeObject[];
  if (ref.name) {
    const entry = store.get(storageKey(info.group, info.resource, info.namespaced ? paramNamespace : undefined, ref.name));
    params = entry ? [entry.object as KubeObject] : [];
  } else {
    const selector = selectorFromLabelSelector(ref.selector, 'everything');
    const prefix = info.namespaced ? namespacePrefix(info.group, info.resource, paramNamespace) : resourcePrefix(info.group, info.resource);
    params = store
      .list(prefix)
      .map((e) => e.object as KubeObject)
      .filter((o) => selector.matches(o.metadata.labels ?? {}));
  }
  // Only an explicit Deny refuses (the field is required, so it is always set on a stored binding).
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny') return 'no params found for policy binding with `Deny` parameterNotFoundAction';
  return params;
}

/**
 * Runs the policies that match `attrs`; throws the denial, adds the warnings to `ctx`.
 * Costs one map lookup for a resource no policy names.
 */
export function admitValidatingPolicies(store: Store, attrs: AdmissionAttributes, ctx: RequestContext): void {
  const snapshot = admissionConfigFor(store).current();
  if (snapshot.empty) return;
  const hooks = snapshot.policies.candidates(attrs.info.group, attrs.info.resource);
  if (hooks.length === 0) return;
  let namespaceObject: KubeObject | undefined | null = null;
  const namespace = (): KubeObject | undefined => {
    if (namespaceObject === null) namespaceObject = attrs.namespace ? (store.get(storageKey('', 'namespaces', undefined, attrs.namespace))?.object as KubeObject | undefined) : undefined;
    return namespaceObject;
  };
  const denials: Decision[] = [];
  for (const hook of hooks) runPolicy(store, hook, attrs, ctx, namespace, denials);
  if (denials.length) throw denialError(attrs, denials[0]!);
}

function runPolicy(store: Store, hook: PolicyHook, attrs: AdmissionAttributes, ctx: RequestContext, namespace: () => KubeObject | undefined, denials: Decision[]): void {
  const policy = hook.policy as Json;
  const policyName = hook.policy.metadata.name ?? '';
  if (!matchResourcesMatch(policy.spec?.matchConstraints, attrs, namespace, true)) return;
  const fail = (policy.spec?.failurePolicy ?? 'Fail') === 'Fail';
  // A paramKind that names no resource is the policy's configuration error, reported without a binding.
  const paramInfo = paramResource(policy);
  if (typeof paramInfo === 'string') {
    if (fail) denials.push({ policy: policyName, message: `failed to configure policy: ${paramInfo}` });
    return;
  }
  // A request on a Namespace's own URL (/api/v1/namespaces/<name>: not a create) carries the name
  // as its namespace, as kube-apiserver's RequestInfo reads that path.
  const isNamespace = attrs.info.group === '' && attrs.info.resource === 'namespaces';
  const requestNamespace = isNamespace && attrs.operation !== 'CREATE' ? attrs.name : attrs.namespace;
  let request: Json | undefined;
  for (const binding of hook.bindings as Json[]) {
    if (!matchResourcesMatch(binding.spec?.matchResources, attrs, namespace, false)) continue;
    const bindingName: string = binding.metadata.name;
    const params = collectParams(store, paramInfo, binding, requestNamespace);
    if (typeof params === 'string') {
      if (fail) denials.push({ policy: policyName, binding: bindingName, message: `failed to configure binding: ${params}` });
      continue;
    }
    request ??= admissionRequest(attrs, ctx, requestNamespace);
    for (const param of params) {
      const inputs = policyInputs({
        object: attrs.object ?? null,
        oldObject: attrs.oldObject ?? null,
        request,
        params: param ?? null,
        namespaceObject: attrs.namespace && !isNamespace ? (namespace() ?? null) : null,
      });
      for (const failure of validate(policy, inputs)) {
        for (const action of binding.spec?.validationActions ?? []) {
          if (action === 'Deny') denials.push({ policy: policyName, binding: bindingName, ...failure });
          else if (action === 'Warn') ctx.warnings.push(`Validation failed for ValidatingAdmissionPolicy '${policyName}' with binding '${bindingName}': ${failure.message}`);
        }
      }
    }
  }
}

/** admission.NewForbidden with the decision's reason and code, and the message as the one cause. */
function denialError(attrs: AdmissionAttributes, decision: Decision): StatusError {
  const message = decision.binding
    ? `ValidatingAdmissionPolicy '${decision.policy}' with binding '${decision.binding}' denied request: ${decision.message}`
    : `ValidatingAdmissionPolicy '${decision.policy}' denied request: ${decision.message}`;
  const object = attrs.object ?? attrs.oldObject;
  const name = attrs.name || object?.metadata.name || object?.metadata.generateName || 'Unknown';
  const base = forbidden({ group: attrs.info.group, resource: attrs.info.resource }, name, message);
  const reason = decision.reason || 'Invalid';
  const status = { ...base.status, reason, code: codes[reason] ?? 422, details: { ...base.status.details, causes: [{ message }] } };
  return StatusError.fromStatus(status);
}

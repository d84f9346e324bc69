/**
 * Validating and mutating webhook configurations (admissionregistration.k8s.io/v1; the v1
 * defaults and ValidateValidatingWebhookConfiguration / ValidateMutatingWebhookConfiguration of
 * kube-apiserver v1.32): each webhook needs a fully qualified name (at least three dot-separated
 * segments), unique in its configuration; rules; failurePolicy Fail|Ignore; matchPolicy
 * Equivalent|Exact; sideEffects None|NoneOnDryRun; admissionReviewVersions including v1 or
 * v1beta1; timeoutSeconds 1..30; exactly one of clientConfig.url and clientConfig.service; and
 * (mutating) reinvocationPolicy Never|IfNeeded. Defaults: Fail, Equivalent, empty selectors,
 * timeout 10 s, service port 443, rule scope `*`, reinvocationPolicy Never.
 * Left out: the URL's scheme/host checks beyond "must be https", caBundle checks, matchConditions'
 * type checks (they are compiled when the webhook is called).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { defaultRules, failurePolicies, matchPolicies, validateEnum, validateRuleWithOperations, type Json } from './admission-rules-validation.js';
import { generationStrategy } from './admission-policies.js';
import { validateLabelSelector } from './metadata.js';
import { isDNS1123Label, isDNS1123Subdomain } from './name-validation.js';
import type { Strategy } from './strategy.js';

const sideEffectClasses = ['None', 'NoneOnDryRun'];
const reviewVersions = ['v1', 'v1beta1'];
const reinvocationPolicies = ['IfNeeded', 'Never'];

function defaultWebhooks(mutating: boolean): (obj: KubeObject) => void {
  return (obj) => {
    for (const hook of ((obj as Json).webhooks ?? []) as Json[]) {
      if (!hook) continue;
      hook.failurePolicy ??= 'Fail';
      hook.matchPolicy ??= 'Equivalent';
      hook.namespaceSelector ??= {};
      hook.objectSelector ??= {};
      hook.timeoutSeconds ??= 10;
      if (hook.clientConfig?.service) hook.clientConfig.service.port ??= 443;
      defaultRules(hook.rules);
      if (mutating) hook.reinvocationPolicy ??= 'Never';
    }
  };
}

/** IsFullyQualifiedName. */
function validateWebhookName(name: unknown, path: string): FieldError[] {
  if (typeof name !== 'string' || !name) return [field.required(path, '')];
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const problems = isDNS1123Subdomain(trimmed);
  if (problems.length) return [field.invalid(path, trimmed, problems.join(','))];
  if (trimmed.split('.').length < 3) return [field.invalid(path, trimmed, 'should be a domain with at least three segments separated by dots')];
  return [];
}

function validateClientConfig(config: Json | undefined, path: string): FieldError[] {
  const hasUrl = Boolean(config?.url);
  const service = config?.service;
  if (hasUrl === Boolean(service)) return [field.required(path, 'exactly one of url or service is required')];
  const errors: FieldError[] = [];
  if (hasUrl) {
    if (!/^https:\/\//.test(config!.url)) errors.push(field.invalid(`${path}.url`, config!.url, "'https' is the only allowed URL scheme"));
    return errors;
  }
  if (!service.name) errors.push(field.required(`${path}.service.name`, 'service name is required'));
  else errors.push(...isDNS1123Label(service.name).map((m) => field.invalid(`${path}.service.name`, service.name, m)));
  if (!service.namespace) errors.push(field.required(`${path}.service.namespace`, 'service namespace is required'));
  else errors.push(...isDNS1123Label(service.namespace).map((m) => field.invalid(`${path}.service.namespace`, service.namespace, m)));
  if (service.path != null && service.path !== '' && !String(service.path).startsWith('/')) errors.push(field.invalid(`${path}.service.path`, service.path, "must start with a '/'"));
  const port = service.port;
  if (typeof port === 'number' && (port < 1 || port > 65535)) errors.push(field.invalid(`${path}.service.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'));
  return errors;
}

function validateWebhook(hook: Json, path: string, mutating: boolean): FieldError[] {
  const errors = validateWebhookName(hook.name, `${path}.name`);
  (hook.rules ?? []).forEach((rule: Json, i: number) => errors.push(...validateRuleWithOperations(rule, `${path}.rules[${i}]`)));
  if (hook.failurePolicy != null) errors.push(...validateEnum(hook.failurePolicy, `${path}.failurePolicy`, failurePolicies));
  if (hook.matchPolicy != null) errors.push(...validateEnum(hook.matchPolicy, `${path}.matchPolicy`, matchPolicies));
  if (hook.sideEffects == null || hook.sideEffects === '') errors.push(field.required(`${path}.sideEffects`, `must specify one of ${sideEffectClasses.join(', ')}`));
  else if (!sideEffectClasses.includes(hook.sideEffects)) errors.push(field.notSupported(`${path}.sideEffects`, hook.sideEffects, sideEffectClasses));
  const versions: string[] = hook.admissionReviewVersions ?? [];
  if (versions.length === 0) errors.push(field.required(`${path}.admissionReviewVersions`, `must specify one of ${reviewVersions.join(', ')}`));
  else if (!versions.some((v) => reviewVersions.includes(v))) errors.push(field.invalid(`${path}.admissionReviewVersions`, versions, `must include at least one of ${reviewVersions.join(', ')}`));
  const timeout = hook.timeoutSeconds;
  if (typeof timeout === 'number' && (timeout < 1 || timeout > 30)) errors.push(field.invalid(`${path}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'));
  errors.push(...validateLabelSelector(hook.namespaceSelector, `${path}.namespaceSelector`));
  errors.push(...validateLabelSelector(hook.objectSelector, `${path}.objectSelector`));
  errors.push(...validateClientConfig(hook.clientConfig, `${path}.clientConfig`));
  if (mutating && hook.reinvocationPolicy != null && !reinvocationPolicies.includes(hook.reinvocationPolicy)) {
    errors.push(field.notSupported(`${path}.reinvocationPolicy`, hook.reinvocationPolicy, reinvocationPolicies));
  }
  return errors;
}

function validateConfiguration(mutating: boolean): (obj: KubeObject) => FieldError[] {
  return (obj) => {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    (((obj as Json).webhooks ?? []) as Json[]).forEach((hook, i) => {
      errors.push(...validateWebhook(hook ?? {}, `webhooks[${i}]`, mutating));
      if (hook?.name && seen.has(hook.name)) errors.push(field.duplicate(`webhooks[${i}].name`, hook.name));
      if (hook?.name) seen.add(hook.name);
    });
    return errors;
  };
}

export const validatingWebhookConfigurationStrategy: Strategy = generationStrategy(defaultWebhooks(false), validateConfiguration(false), false);
export const mutatingWebhookConfigurationStrategy: Strategy = generationStrategy(defaultWebhooks(true), validateConfiguration(true), false);

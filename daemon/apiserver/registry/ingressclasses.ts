/**
 * IngressClasses (networking.k8s.io/v1; SetDefaults_IngressClass, ValidateIngressClass and
 * ValidateIngressClassUpdate): spec.controller is a required, immutable domain-prefixed path of at
 * most 250 characters (`example.com/ingress-controller`); a parameters reference needs kind and
 * name, its scope defaults to Cluster, and a Namespace scope needs a namespace. No controller
 * acts on them: kubelab has no ingress controller.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate } from './metadata.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName, regexError } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { validateImmutable } from './strategy-helpers.js';

const maxControllerLength = 250;
const httpPathFormat = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRegexp = new RegExp(`^${httpPathFormat}$`);
const scopes = ['Cluster', 'Namespace'];

/** validation.IsDomainPrefixedPath. */
export function validateDomainPrefixedPath(path: string, value: string): FieldError[] {
  if (!value) return [field.required(path)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || !host || !rest) return [field.invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errors = isDNS1123Subdomain(host).map((msg) => field.invalid(path, host, msg));
  if (!httpPathRegexp.test(rest)) errors.push(field.invalid(path, rest, regexError('must be a valid path', httpPathFormat)));
  return errors;
}

function validateParameters(params: Record<string, string | undefined> | undefined, path: string): FieldError[] {
  if (!params) return [];
  const errors: FieldError[] = [];
  if (params.apiGroup) errors.push(...isDNS1123Subdomain(params.apiGroup).map((msg) => field.invalid(`${path}.apiGroup`, params.apiGroup, msg)));
  if (!params.kind) errors.push(field.required(`${path}.kind`));
  else errors.push(...isValidPathSegmentName(params.kind).map((msg) => field.invalid(`${path}.kind`, params.kind, msg)));
  if (!params.name) errors.push(field.required(`${path}.name`));
  else errors.push(...isValidPathSegmentName(params.name).map((msg) => field.invalid(`${path}.name`, params.name, msg)));
  const scope = params.scope;
  if (scope === undefined) return [...errors, field.required(`${path}.scope`)];
  if (!scopes.includes(scope)) errors.push(field.notSupported(`${path}.scope`, scope, scopes));
  else if (scope === 'Namespace') {
    if (params.namespace === undefined) errors.push(field.required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else errors.push(...isDNS1123Label(params.namespace).map((msg) => field.invalid(`${path}.namespace`, params.namespace, msg)));
  } else if (params.namespace !== undefined) {
    errors.push(field.forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return errors;
}

export function validateIngressClass(ic: KubeObject): FieldError[] {
  const controller: string = ic.spec?.controller ?? '';
  const errors: FieldError[] = [];
  if (controller.length > maxControllerLength) errors.push(field.tooLong('spec.controller', controller, maxControllerLength));
  errors.push(...validateDomainPrefixedPath('spec.controller', controller));
  errors.push(...validateParameters(ic.spec?.parameters, 'spec.parameters'));
  return errors;
}

export const ingressClassStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults(ic) {
    const params = ic.spec?.parameters;
    if (params && params.scope === undefined) params.scope = 'Cluster';
  },
  validate: validateIngressClass,
  validateUpdate: (ic, old) => [...validateObjectMetaUpdate(ic, old), ...validateImmutable(ic.spec?.controller ?? '', old.spec?.controller ?? '', 'spec.controller')],
};

/**
 * FlowSchemas and PriorityLevelConfigurations (flowcontrol.apiserver.k8s.io/v1; SetDefaults_* of
 * flowcontrol/v1, ValidateFlowSchema and ValidatePriorityLevelConfiguration): matching precedence
 * 1..10000 (1 only for `exempt`), a priority level reference, subjects and rules; a priority level
 * of type Exempt exactly when named `exempt`, limits and queuing in range. Left out: the check
 * that `exempt` and `catch-all` keep their fixed spec. Nothing acts on these objects: kubelab
 * enforces no priority and fairness (bootstrap-flowcontrol.ts).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate } from './metadata.js';
import { isDNS1123Label, isDNS1123Subdomain } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { deepEqual } from './strategy-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const maxMatchingPrecedence = 10000;
const maxQueues = 10_000_000;
/** shufflesharding.MaxHashBits. */
const maxHashBits = 60;
const distinguisherMethods = ['ByNamespace', 'ByUser'];
const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];
const subjectKinds = ['Group', 'ServiceAccount', 'User'];
const enablements = ['Exempt', 'Limited'];
const limitResponseTypes = ['Queue', 'Reject'];
const nsErrIntro = "each member of this list must be '*' or a DNS-1123 label; ";

function defaultFlowSchema(fs: KubeObject): void {
  fs.spec ??= {};
  if (!fs.spec.matchingPrecedence) fs.spec.matchingPrecedence = 1000;
}

function defaultPriorityLevel(pl: KubeObject): void {
  const spec: Json | undefined = pl.spec;
  if (spec?.limited) {
    spec.limited.nominalConcurrencyShares ??= 30;
    spec.limited.lendablePercent ??= 0;
    const queuing = spec.limited.limitResponse?.queuing;
    if (queuing) {
      queuing.queues ||= 64;
      queuing.handSize ||= 8;
      queuing.queueLengthLimit ||= 50;
    }
  }
  if (spec?.exempt) {
    spec.exempt.nominalConcurrencyShares ??= 0;
    spec.exempt.lendablePercent ??= 0;
  }
}

function listRule(list: string[] | undefined, path: string, requiredMessage: string, wildcardMessage: string): FieldError[] {
  if (!list || list.length === 0) return [field.required(path, requiredMessage)];
  if (list.length > 1 && list.includes('*')) return [field.invalid(path, list, wildcardMessage)];
  return [];
}

function validateVerbs(list: string[] | undefined, path: string): FieldError[] {
  const errors = listRule(list, path, 'verbs must contain at least one value', "if '*' is present, must not specify other verbs");
  if (errors.length || list!.includes('*')) return errors;
  return list!.every((v) => verbs.includes(v)) ? [] : [field.notSupported(path, list, verbs)];
}

/** ValidateNonResourceURLPath. */
function validateNonResourceUrl(url: string, path: string): FieldError[] {
  if (!url) return [field.invalid(path, url, 'must not be empty')];
  if (url === '/') return [];
  if (!url.startsWith('/')) return [field.invalid(path, url, 'must start with slash')];
  if (url.includes(' ')) return [field.invalid(path, url, 'must not contain white-space')];
  if (url.includes('//')) return [field.invalid(path, url, 'must not contain double slash')];
  const wildcards = url.split('*').length - 1;
  if (wildcards > 1 || (wildcards === 1 && !url.endsWith('/*'))) return [field.invalid(path, url, 'wildcard can only do suffix matching')];
  return [];
}

function validateSubject(subject: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const forbid = (key: string, kind: string) => {
    if (subject[key] != null) errors.push(field.forbidden(`${path}.${key}`, `${key} is forbidden when subject kind is not '${kind}'`));
  };
  switch (subject.kind) {
    case 'ServiceAccount': {
      const sa = subject.serviceAccount;
      if (!sa) errors.push(field.required(`${path}.serviceAccount`, "serviceAccount is required when subject kind is 'ServiceAccount'"));
      else {
        if (!sa.name) errors.push(field.required(`${path}.serviceAccount.name`, ''));
        else if (sa.name !== '*') errors.push(...isDNS1123Subdomain(sa.name).map((m) => field.invalid(`${path}.serviceAccount.name`, sa.name, m)));
        if (!sa.namespace) errors.push(field.required(`${path}.serviceAccount.namespace`, 'must specify namespace for service account'));
        else errors.push(...isDNS1123Label(sa.namespace).map((m) => field.invalid(`${path}.serviceAccount.namespace`, sa.namespace, m)));
      }
      forbid('user', 'User');
      forbid('group', 'Group');
      break;
    }
    case 'User':
    case 'Group': {
      const key = subject.kind === 'User' ? 'user' : 'group';
      if (!subject[key]) errors.push(field.required(`${path}.${key}`, `${key} is required when subject kind is '${subject.kind}'`));
      else if (!subject[key].name) errors.push(field.required(`${path}.${key}.name`, ''));
      forbid('serviceAccount', 'ServiceAccount');
      forbid(key === 'user' ? 'group' : 'user', key === 'user' ? 'Group' : 'User');
      break;
    }
    default:
      errors.push(field.notSupported(`${path}.kind`, subject.kind ?? '', subjectKinds));
  }
  return errors;
}

function validateResourceRule(rule: Json, path: string): FieldError[] {
  const errors = validateVerbs(rule.verbs, `${path}.verbs`);
  errors.push(...listRule(rule.apiGroups, `${path}.apiGroups`, 'resource rules must supply at least one api group', "if '*' is present, must not specify other api groups"));
  errors.push(...listRule(rule.resources, `${path}.resources`, 'resource rules must supply at least one resource', "if '*' is present, must not specify other resources"));
  const namespaces: string[] = rule.namespaces ?? [];
  if (namespaces.length === 0 && !rule.clusterScope) {
    errors.push(field.required(`${path}.namespaces`, 'resource rules that are not cluster scoped must supply at least one namespace'));
  } else if (namespaces.includes('*')) {
    if (namespaces.length > 1) errors.push(field.invalid(`${path}.namespaces`, namespaces, "if '*' is present, must not specify other namespaces"));
  } else {
    namespaces.forEach((ns, i) => errors.push(...isDNS1123Label(ns).map((m) => field.invalid(`${path}.namespaces[${i}]`, ns, nsErrIntro + m))));
  }
  return errors;
}

function validateNonResourceRule(rule: Json, path: string): FieldError[] {
  const errors = validateVerbs(rule.verbs, `${path}.verbs`);
  const urls: string[] | undefined = rule.nonResourceURLs;
  const listErrors = listRule(urls, `${path}.nonResourceURLs`, 'nonResourceURLs must contain at least one value', "if '*' is present, must not specify other non-resource URLs");
  if (listErrors.length) return [...errors, ...listErrors];
  if (!urls!.includes('*')) urls!.forEach((url, i) => errors.push(...validateNonResourceUrl(url, `${path}.nonResourceURLs[${i}]`)));
  return errors;
}

/** ValidateFlowSchemaSpec (and the status conditions' types). */
export function validateFlowSchema(fs: KubeObject): FieldError[] {
  const spec: Json = fs.spec ?? {};
  const errors: FieldError[] = [];
  const precedence = spec.matchingPrecedence ?? 0;
  if (precedence <= 0) errors.push(field.invalid('spec.matchingPrecedence', precedence, 'must be a positive value'));
  if (precedence > maxMatchingPrecedence) errors.push(field.invalid('spec.matchingPrecedence', precedence, `must not be greater than ${maxMatchingPrecedence}`));
  if (precedence === 1 && fs.metadata.name !== 'exempt') errors.push(field.invalid('spec.matchingPrecedence', precedence, "only the schema named 'exempt' may have matchingPrecedence 1"));
  const method = spec.distinguisherMethod;
  if (method && !distinguisherMethods.includes(method.type)) errors.push(field.notSupported('spec.distinguisherMethod.type', method, distinguisherMethods));
  const plName: string = spec.priorityLevelConfiguration?.name ?? '';
  if (!plName) errors.push(field.required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  else errors.push(...isDNS1123Subdomain(plName).map((m) => field.invalid('spec.priorityLevelConfiguration.name', plName, m)));
  (spec.rules ?? []).forEach((rule: Json, i: number) => {
    const path = `spec.rules[${i}]`;
    const subjects: Json[] = rule.subjects ?? [];
    if (subjects.length === 0) errors.push(field.required(`${path}.subjects`, 'subjects must contain at least one value'));
    subjects.forEach((s, j) => errors.push(...validateSubject(s, `${path}.subjects[${j}]`)));
    if (!rule.resourceRules?.length && !rule.nonResourceRules?.length) errors.push(field.required(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
    (rule.resourceRules ?? []).forEach((r: Json, j: number) => errors.push(...validateResourceRule(r, `${path}.resourceRules[${j}]`)));
    (rule.nonResourceRules ?? []).forEach((r: Json, j: number) => errors.push(...validateNonResourceRule(r, `${path}.nonResourceRules[${j}]`)));
  });
  return [...errors, ...validateConditions(fs)];
}

/** The status conditions of either kind: a type each, no type twice. */
function validateConditions(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (obj.status?.conditions ?? []).forEach((c: Json, i: number) => {
    if (seen.has(c.type)) errors.push(field.duplicate(`status.conditions[${i}].type`, c.type));
    seen.add(c.type);
    if (!c.type) errors.push(field.required(`status.conditions[${i}].type`, 'must not be empty'));
  });
  return errors;
}

function validatePercent(value: unknown, path: string): FieldError[] {
  if (value == null) return [];
  const n = value as number;
  return n < 0 || n > 100 ? [field.invalid(path, n, 'must be between 0 and 100, inclusive')] : [];
}

function validateShares(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [field.invalid(path, value, 'must be a non-negative integer')] : [];
}

function validateQueuing(queuing: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const { queues = 0, handSize = 0, queueLengthLimit = 0 } = queuing;
  if (queueLengthLimit <= 0) errors.push(field.invalid(`${path}.queueLengthLimit`, queueLengthLimit, 'must be positive'));
  if (queues <= 0) errors.push(field.invalid(`${path}.queues`, queues, 'must be positive'));
  else if (queues > maxQueues) errors.push(field.invalid(`${path}.queues`, queues, `must not be greater than ${maxQueues}`));
  if (handSize <= 0) errors.push(field.invalid(`${path}.handSize`, handSize, 'must be positive'));
  else if (handSize > queues) errors.push(field.invalid(`${path}.handSize`, handSize, `should not be greater than queues (${queues})`));
  else if (Math.ceil(Math.log2(queues) * handSize) > maxHashBits) {
    errors.push(field.invalid(`${path}.handSize`, handSize, `required entropy bits of deckSize ${queues} and handSize ${handSize} should not be greater than ${maxHashBits}`));
  }
  return errors;
}

/** ValidatePriorityLevelConfigurationSpec (and the status conditions' types). */
export function validatePriorityLevel(pl: KubeObject): FieldError[] {
  const spec: Json = pl.spec ?? {};
  const errors: FieldError[] = [];
  if ((pl.metadata.name === 'exempt') !== (spec.type === 'Exempt')) errors.push(field.invalid('spec.type', spec.type ?? '', "type must be 'Exempt' if and only if name is 'exempt'"));
  switch (spec.type) {
    case 'Exempt':
      if (spec.limited != null) errors.push(field.forbidden('spec.limited', 'must be nil if the type is not Limited'));
      if (spec.exempt) {
        errors.push(...validateShares(spec.exempt.nominalConcurrencyShares, 'spec.exempt.nominalConcurrencyShares'));
        errors.push(...validatePercent(spec.exempt.lendablePercent, 'spec.exempt.lendablePercent'));
      }
      break;
    case 'Limited': {
      if (spec.exempt != null) errors.push(field.forbidden('spec.exempt', 'must be nil if the type is Limited'));
      const limited: Json | undefined = spec.limited;
      if (!limited) {
        errors.push(field.required('spec.limited', 'must not be empty when type is Limited'));
        break;
      }
      errors.push(...validateShares(limited.nominalConcurrencyShares, 'spec.limited.nominalConcurrencyShares'));
      errors.push(...validatePercent(limited.lendablePercent, 'spec.limited.lendablePercent'));
      if (typeof limited.borrowingLimitPercent === 'number' && limited.borrowingLimitPercent < 0) {
        errors.push(field.invalid('spec.limited.borrowingLimitPercent', limited.borrowingLimitPercent, 'if specified, must be a non-negative integer'));
      }
      const response: Json = limited.limitResponse ?? {};
      if (response.type === 'Reject') {
        if (response.queuing != null) errors.push(field.forbidden('spec.limited.limitResponse.queuing', 'must be nil if limited.limitResponse.type is not Limited'));
      } else if (response.type === 'Queue') {
        if (!response.queuing) errors.push(field.required('spec.limited.limitResponse.queuing', 'must not be empty if limited.limitResponse.type is Limited'));
        else errors.push(...validateQueuing(response.queuing, 'spec.limited.limitResponse.queuing'));
      } else {
        errors.push(field.notSupported('spec.limited.limitResponse.type', response.type ?? '', limitResponseTypes));
      }
      break;
    }
    default:
      errors.push(field.notSupported('spec.type', spec.type ?? '', enablements));
  }
  return [...errors, ...validateConditions(pl)];
}

/** Both kinds: a spec kept apart from a status that only the status subresource writes. */
function flowControlStrategy(defaults: (obj: KubeObject) => void, validate: (obj: KubeObject) => FieldError[]): Strategy {
  return {
    nameRule: 'subdomain',
    defaults,
    prepareForCreate(obj) {
      obj.status = {};
      obj.metadata.generation = 1;
    },
    prepareForUpdate(obj, old) {
      if (!deepEqual(obj.spec, old.spec)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
    },
    validate,
    validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
    validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateConditions(obj)],
  };
}

export const flowSchemaStrategy: Strategy = flowControlStrategy(defaultFlowSchema, validateFlowSchema);
export const priorityLevelConfigurationStrategy: Strategy = flowControlStrategy(defaultPriorityLevel, validatePriorityLevel);

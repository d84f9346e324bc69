/**
 * APIServices (apiregistration.k8s.io/v1; kube-aggregator's SetDefaults_ServiceReference,
 * ValidateAPIService, ValidateAPIServiceUpdate and the status strategy): the name must be
 * `<version>.<group>`, only `v1` may have an empty group, the priorities have their ranges, and a
 * local APIService (no spec.service) may carry neither a caBundle nor insecureSkipTLSVerify.
 * Status is written through the status subresource only (apiservice-autoregister.ts does).
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate } from './metadata.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPathSegmentName, isValidPortNum } from './name-validation.js';
import type { Strategy } from './strategy.js';

const conditionStatuses = ['True', 'False', 'Unknown'];

/** ValidateAPIService. */
export function validateApiService(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const group: string = spec.group ?? '';
  const version: string = spec.version ?? '';
  const errors: FieldError[] = [];
  // The name rule of ValidateObjectMeta: a path segment (checked generically), then version.group.
  const name = obj.metadata.name ?? '';
  const requiredName = `${version}.${group}`;
  if (name && isValidPathSegmentName(name).length === 0 && name !== requiredName) {
    errors.push(field.invalid('metadata.name', name, `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(requiredName)}`));
  }
  if (!group && version !== 'v1') errors.push(field.required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  if (group) errors.push(...isDNS1123Subdomain(group).map((msg) => field.invalid('spec.group', group, msg)));
  errors.push(...isDNS1035Label(version).map((msg) => field.invalid('spec.version', version, msg)));
  const groupPriority = spec.groupPriorityMinimum ?? 0;
  if (groupPriority <= 0 || groupPriority > 20000) errors.push(field.invalid('spec.groupPriorityMinimum', groupPriority, 'must be positive and less than 20000'));
  const versionPriority = spec.versionPriority ?? 0;
  if (versionPriority <= 0 || versionPriority > 1000) errors.push(field.invalid('spec.versionPriority', versionPriority, 'must be positive and less than 1000'));
  const caBundleBytes = typeof spec.caBundle === 'string' ? Buffer.from(spec.caBundle, 'base64').length : 0;
  const insecure = spec.insecureSkipTLSVerify === true;
  if (!spec.service) {
    if (caBundleBytes > 0) errors.push(field.invalid('spec.caBundle', `${caBundleBytes} bytes`, 'local APIServices may not have a caBundle'));
    if (insecure) errors.push(field.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
    return errors;
  }
  const service = spec.service;
  if (!service.namespace) errors.push(field.required('spec.service.namespace', ''));
  if (!service.name) errors.push(field.required('spec.service.name', ''));
  const portProblems = isValidPortNum(service.port ?? 0);
  if (portProblems.length > 0) errors.push(field.invalid('spec.service.port', service.port ?? 0, `port is not valid: ${portProblems.join(', ')}`));
  if (insecure && caBundleBytes > 0) errors.push(field.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  return errors;
}

/** ValidateAPIServiceStatus: every condition's status is True, False or Unknown. */
export function validateApiServiceStatus(obj: KubeObject): FieldError[] {
  const conditions: { status?: string }[] = obj.status?.conditions ?? [];
  return conditions.flatMap((c, i) => (conditionStatuses.includes(c.status ?? '') ? [] : [field.notSupported(`status.conditions[${i}].status`, c.status ?? '', conditionStatuses)]));
}

export const apiServiceStrategy: Strategy = {
  nameRule: 'path-segment',
  defaults(obj) {
    const service = obj.spec?.service;
    if (service && service.port === undefined) service.port = 443;
  },
  // apiServiceStrategy.PrepareForCreate/Update: status is kept apart from the spec.
  prepareForCreate(obj) {
    obj.status = {};
  },
  prepareForUpdate(obj, old) {
    obj.status = structuredClone(old.status);
  },
  validate: validateApiService,
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
  validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateApiServiceStatus(obj)],
};

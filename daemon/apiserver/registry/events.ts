/**
 * Events (core/v1 and events.k8s.io/v1 share one storage in Kubernetes). Through core/v1 only
 * the legacy rules apply (`legacyValidateEvent`): the involved object's namespace must match the
 * event's, and events with an eventTime need reportingComponent, reportingInstance, action and
 * reason. Their names follow the weak path-segment rule (the generic registry check), which is
 * why kubelet-style names like `web.17a2b3c4d5e6f789` are fine. Events are immutable in their
 * identifying fields but the recorder may bump count and lastTimestamp.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateObjectMetaUpdate, validateQualifiedName } from './metadata.js';
import { isDNS1123Subdomain } from './name-validation.js';
import type { Strategy } from './strategy.js';

function legacyValidateEvent(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const namespace = obj.metadata.namespace ?? '';
  const involvedNamespace = obj.involvedObject?.namespace ?? '';
  const mismatch = () => field.invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace');
  if (!obj.eventTime) {
    if (!involvedNamespace ? namespace !== '' && namespace !== 'default' : namespace !== involvedNamespace) errors.push(mismatch());
  } else {
    if (!involvedNamespace && namespace !== 'default' && namespace !== 'kube-system') errors.push(mismatch());
    const controller = obj.reportingComponent ?? '';
    if (!controller) errors.push(field.required('reportingComponent'));
    errors.push(...validateQualifiedName(controller, 'reportingComponent'));
    const instance = obj.reportingInstance ?? '';
    if (!instance) errors.push(field.required('reportingInstance'));
    if (instance.length > 128) errors.push(field.invalid('reportingInstance', '', 'can have at most 128 characters'));
    if (!obj.action) errors.push(field.required('action'));
    if ((obj.action ?? '').length > 128) errors.push(field.invalid('action', '', 'can have at most 128 characters'));
    if (!obj.reason) errors.push(field.required('reason'));
    if ((obj.reason ?? '').length > 128) errors.push(field.invalid('reason', '', 'can have at most 128 characters'));
    if ((obj.message ?? '').length > 1024) errors.push(field.invalid('message', '', 'can have at most 1024 characters'));
  }
  errors.push(...invalidEach('namespace', namespace, isDNS1123Subdomain(namespace)));
  return errors;
}

export const eventStrategy: Strategy = {
  nameRule: 'path-segment',
  validate: legacyValidateEvent,
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};

/** events.k8s.io/v1: the same objects seen through the newer API; only metadata is checked here. */
export const eventsV1Strategy: Strategy = {
  nameRule: 'subdomain',
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};

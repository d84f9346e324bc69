/**
 * PodSpec and PodTemplateSpec, shared by pods and every workload kind: SetDefaults_PodSpec
 * (dnsPolicy, restartPolicy, securityContext, grace period, scheduler) with the container and
 * volume defaults, and ValidatePodSpec / ValidatePodTemplateSpec of core validation. What only a
 * Pod gets (limits copied to requests, enableServiceLinks, admission defaults) is in pods.ts.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateAnnotations, validateDNS1123Label, validateLabels, validateQualifiedName } from './metadata.js';
import { inclusiveRangeError, isDNS1123Subdomain, isValidLabelValue } from './name-validation.js';
import { defaultContainer, validateContainers, validateInitContainers, type Container } from './pod-template-containers.js';
import { canonicalizeResourceList } from './pod-template-resources.js';
import { defaultVolume, validateVolumes } from './pod-template-volumes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PodSpec = Record<string, any>;

export const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** SetDefaults_PodSpec plus the defaults of containers and volumes; `owner` names decode errors. */
export function defaultPodSpec(spec: PodSpec, owner: KubeObject): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  // v1 conversion keeps the deprecated serviceAccount field equal to serviceAccountName.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])] as Container[]) defaultContainer(c, owner);
  for (const v of spec.volumes ?? []) defaultVolume(v, owner);
  canonicalizeResourceList(spec.overhead, owner);
}

/**
 * Defaults of a pod template. Its metadata is a struct, so a real 1.32 server prints
 * `metadata: {creationTimestamp: null}` even when the template has no labels.
 */
export function defaultPodTemplateSpec(template: PodSpec | undefined, owner: KubeObject): void {
  if (!template) return;
  template.metadata ??= {};
  if (template.metadata.creationTimestamp === undefined) template.metadata.creationTimestamp = null;
  template.spec ??= {};
  defaultPodSpec(template.spec, owner);
}

/** ValidateTolerations. */
export function validateTolerations(tolerations: PodSpec[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const at = `${path}[${i}]`;
    if (t.key) errors.push(...validateQualifiedName(t.key, `${at}.key`));
    if (!t.key && t.operator !== 'Exists') {
      errors.push(field.invalid(`${at}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errors.push(field.invalid(`${at}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (t.operator === 'Equal' || !t.operator) {
      const problems = isValidLabelValue(t.value ?? '');
      if (problems.length) errors.push(field.invalid(`${at}.operator`, t.value ?? '', problems.join(';')));
    } else if (t.operator === 'Exists') {
      if (t.value) errors.push(field.invalid(`${at}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errors.push(field.notSupported(`${at}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !taintEffects.includes(t.effect)) errors.push(field.notSupported(`${at}.effect`, t.effect, taintEffects));
  });
  return errors;
}

/** validateRestartPolicy: `Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`. */
export function validateRestartPolicy(policy: string | undefined, path: string): FieldError[] {
  if (!policy) return [field.required(path)];
  return restartPolicies.includes(policy) ? [] : [field.notSupported(path, policy, restartPolicies)];
}

/** ValidatePodSpec, in the order core validation visits the fields. */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  const errors: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) errors.push(field.required(`${path}.terminationGracePeriodSeconds`));
  const grace = s.terminationGracePeriodSeconds ?? undefined;
  errors.push(...validateVolumes(s.volumes, `${path}.volumes`));
  errors.push(...validateContainers(s.containers, `${path}.containers`, grace));
  errors.push(...validateInitContainers(s.initContainers, s.containers, `${path}.initContainers`, grace));
  errors.push(...validateRestartPolicy(s.restartPolicy, `${path}.restartPolicy`));
  if (!s.dnsPolicy) errors.push(field.required(`${path}.dnsPolicy`));
  else if (!dnsPolicies.includes(s.dnsPolicy)) errors.push(field.notSupported(`${path}.dnsPolicy`, s.dnsPolicy, dnsPolicies));
  errors.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  if (s.serviceAccountName) errors.push(...invalidEach(`${path}.serviceAccountName`, s.serviceAccountName, isDNS1123Subdomain(s.serviceAccountName)));
  if (s.nodeName) errors.push(...invalidEach(`${path}.nodeName`, s.nodeName, isDNS1123Subdomain(s.nodeName)));
  const deadline = s.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2147483647)) {
    errors.push(field.invalid(`${path}.activeDeadlineSeconds`, deadline, inclusiveRangeError(1, 2147483647)));
  }
  if (s.hostname) errors.push(...validateDNS1123Label(s.hostname, `${path}.hostname`));
  if (s.subdomain) errors.push(...validateDNS1123Label(s.subdomain, `${path}.subdomain`));
  errors.push(...validateTolerations(s.tolerations, `${path}.tolerations`));
  if (s.priorityClassName) errors.push(...invalidEach(`${path}.priorityClassName`, s.priorityClassName, isDNS1123Subdomain(s.priorityClassName)));
  if (s.preemptionPolicy !== undefined && !['PreemptLowerPriority', 'Never'].includes(s.preemptionPolicy)) {
    errors.push(s.preemptionPolicy ? field.notSupported(`${path}.preemptionPolicy`, s.preemptionPolicy, ['PreemptLowerPriority', 'Never']) : field.required(`${path}.preemptionPolicy`));
  }
  return errors;
}

/**
 * ValidatePodTemplateSpec. Its labels and annotations are reported at `<path>.labels` and
 * `<path>.annotations` (without `metadata.`), exactly as core validation does.
 */
export function validatePodTemplateSpec(template: PodSpec | undefined, path: string): FieldError[] {
  const t = template ?? {};
  const errors: FieldError[] = [];
  errors.push(...validateLabels(t.metadata?.labels, `${path}.labels`));
  errors.push(...validateAnnotations(t.metadata?.annotations, `${path}.annotations`));
  errors.push(...validatePodSpec(t.spec, `${path}.spec`));
  if ((t.spec?.ephemeralContainers ?? []).length > 0) errors.push(field.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errors;
}

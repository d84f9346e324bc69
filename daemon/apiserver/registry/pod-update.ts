/**
 * ValidatePodUpdate: a pod's spec is immutable except container and init-container images,
 * activeDeadlineSeconds (only downwards), additions to tolerations, and removals of scheduling
 * gates. Anything else gives `spec: Forbidden: pod updates may not change fields other than …`
 * followed by a diff. Kubernetes prints a go-cmp diff of the internal PodSpec; this one lists the
 * changed top-level fields in the same frame (`- \tField: old` / `+ \tField: new`), an
 * approximation of that text rather than a copy of it.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { inclusiveRangeError } from './name-validation.js';
import { validateTolerations } from './pod-template.js';
import { deepEqual } from './strategy-helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = Record<string, any>;

export const podUpdateForbiddenMessage =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** core.PodSpec's fields in declaration order, by their JSON names (host* live in SecurityContext). */
const specFields: [string, string][] = [
  ['volumes', 'Volumes'], ['initContainers', 'InitContainers'], ['containers', 'Containers'], ['ephemeralContainers', 'EphemeralContainers'],
  ['restartPolicy', 'RestartPolicy'], ['terminationGracePeriodSeconds', 'TerminationGracePeriodSeconds'], ['activeDeadlineSeconds', 'ActiveDeadlineSeconds'],
  ['dnsPolicy', 'DNSPolicy'], ['nodeSelector', 'NodeSelector'], ['serviceAccountName', 'ServiceAccountName'],
  ['automountServiceAccountToken', 'AutomountServiceAccountToken'], ['nodeName', 'NodeName'], ['securityContext', 'SecurityContext'],
  ['imagePullSecrets', 'ImagePullSecrets'], ['hostname', 'Hostname'], ['subdomain', 'Subdomain'], ['setHostnameAsFQDN', 'SetHostnameAsFQDN'],
  ['affinity', 'Affinity'], ['schedulerName', 'SchedulerName'], ['tolerations', 'Tolerations'], ['hostAliases', 'HostAliases'],
  ['priorityClassName', 'PriorityClassName'], ['priority', 'Priority'], ['preemptionPolicy', 'PreemptionPolicy'], ['dnsConfig', 'DNSConfig'],
  ['readinessGates', 'ReadinessGates'], ['runtimeClassName', 'RuntimeClassName'], ['overhead', 'Overhead'], ['enableServiceLinks', 'EnableServiceLinks'],
  ['topologySpreadConstraints', 'TopologySpreadConstraints'], ['os', 'OS'], ['schedulingGates', 'SchedulingGates'],
  ['resourceClaims', 'ResourceClaims'], ['resources', 'Resources'],
];
const hostFlags = ['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers'];

/** The internal-type view: host flags folded into securityContext, as in core.PodSecurityContext. */
function internalValue(spec: Spec, key: string): unknown {
  if (key !== 'securityContext') return spec[key];
  const flags = Object.fromEntries(hostFlags.filter((f) => spec[f] !== undefined).map((f) => [f, spec[f]]));
  return { ...(spec.securityContext ?? {}), ...flags };
}

function show(value: unknown): string {
  return value === undefined || value === null ? 'nil' : JSON.stringify(value);
}

/** `  core.PodSpec{ … }` with one `-`/`+` pair per changed field and identical runs collapsed. */
export function podSpecDiff(old: Spec, next: Spec): string {
  const lines = ['  core.PodSpec{'];
  let identical = 0;
  const flush = () => {
    if (identical > 0) lines.push(`  \t... // ${identical} identical field${identical === 1 ? '' : 's'}`);
    identical = 0;
  };
  for (const [key, name] of specFields) {
    const a = internalValue(old, key);
    const b = internalValue(next, key);
    if (deepEqual(a, b)) {
      identical++;
      continue;
    }
    flush();
    lines.push(`- \t${name}: ${show(a)},`, `+ \t${name}: ${show(b)},`);
  }
  flush();
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

function validateContainerUpdates(next: Spec[] | undefined, old: Spec[] | undefined, path: string): { errors: FieldError[]; stop: boolean } {
  if ((next ?? []).length !== (old ?? []).length) return { errors: [field.forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errors: FieldError[] = [];
  (next ?? []).forEach((c, i) => {
    if (!c.image) errors.push(field.required(`${path}[${i}].image`));
    if (typeof c.image === 'string' && c.image.trim() !== c.image) errors.push(field.invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return { errors, stop: false };
}

function validateOnlyAddedTolerations(next: Spec[] | undefined, old: Spec[] | undefined): FieldError[] {
  for (const previous of old ?? []) {
    const kept = (next ?? []).some((t) => deepEqual({ ...previous, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) return [field.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, 'spec.tolerations');
}

/** The spec part of ValidatePodUpdate (metadata is checked by the caller). */
export function validatePodSpecUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const spec: Spec = pod.spec ?? {};
  const prev: Spec = old.spec ?? {};
  const errors: FieldError[] = [];
  for (const key of ['containers', 'initContainers']) {
    const result = validateContainerUpdates(spec[key], prev[key], `spec.${key}`);
    errors.push(...result.errors);
    if (result.stop) return errors;
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number') {
    if (deadline < 0 || deadline > 2147483647) return [...errors, field.invalid('spec.activeDeadlineSeconds', deadline, inclusiveRangeError(0, 2147483647))];
    if (typeof prev.activeDeadlineSeconds === 'number' && prev.activeDeadlineSeconds < deadline) {
      return [...errors, field.invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value')];
    }
  } else if (typeof prev.activeDeadlineSeconds === 'number') {
    errors.push(field.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errors.push(...validateOnlyAddedTolerations(spec.tolerations, prev.tolerations));
  if (deepEqual(spec, prev)) return errors;
  const munged: Spec = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    (munged[key] ?? []).forEach((c: Spec, i: number) => (c.image = prev[key][i].image));
  }
  munged.activeDeadlineSeconds = prev.activeDeadlineSeconds;
  munged.schedulingGates = prev.schedulingGates;
  munged.tolerations = prev.tolerations;
  if (typeof prev.terminationGracePeriodSeconds === 'number' && prev.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = prev.terminationGracePeriodSeconds;
  }
  delete munged.serviceAccount; // the deprecated twin of serviceAccountName is not in the internal type
  const previous = { ...prev };
  delete previous.serviceAccount;
  if (!deepEqual(munged, previous)) errors.push(field.forbidden('spec', `${podUpdateForbiddenMessage}\n${podSpecDiff(previous, munged)}`));
  return errors;
}

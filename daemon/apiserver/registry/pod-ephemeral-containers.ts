/**
 * The `pods/ephemeralcontainers` subresource's update strategy (k/k `pkg/registry/core/pod`
 * podEphemeralContainersStrategy, and ValidatePodEphemeralContainersUpdate /
 * validateEphemeralContainers in `pkg/apis/core/validation`): a write through it changes
 * `spec.ephemeralContainers` only — every other change in the body is dropped silently, as the
 * real strategy's dropNonEphemeralContainerUpdates does — and ephemeral containers can be added
 * but never changed or removed. The "may not be changed" message ends with a diff; Kubernetes
 * prints go-cmp's diff of the internal type, this prints the changed fields in the same frame
 * (an approximation of that text). Left out: static (mirror) pods, volumeDevices checks.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { defaultContainer, validateContainerCommon, validateImageWhitespace, type Container } from './pod-template-containers.js';
import { deepEqual } from './strategy-helpers.js';

/** EphemeralContainerCommon's fields that an ephemeral container may not set, in the struct's order. */
const disallowedFields = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];
const notForEphemeral = 'cannot be set for an Ephemeral Container';

/**
 * The stored pod with the new ephemeral containers and nothing else from the body (name,
 * namespace, uid and resourceVersion come from the body, as the real strategy keeps them).
 */
export function prepareEphemeralContainersUpdate(input: KubeObject, stored: KubeObject): KubeObject {
  const next = structuredClone(stored);
  next.metadata.name = input.metadata.name;
  if (input.metadata.namespace) next.metadata.namespace = input.metadata.namespace;
  const ephemeral: Container[] = structuredClone(input.spec?.ephemeralContainers ?? []);
  for (const container of ephemeral) defaultContainer(container, next);
  next.spec = { ...next.spec };
  if (ephemeral.length > 0) next.spec.ephemeralContainers = ephemeral;
  else delete next.spec.ephemeralContainers;
  return next;
}

/** Go's zero value test (reflect.Value.IsZero) on a JSON field: absent, or an empty struct. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  if (typeof value === 'object' && !Array.isArray(value)) return Object.keys(value as object).length > 0;
  return true;
}

/** validateEphemeralContainers: the common container rules, unique names, target, allow-list, subPath. */
export function validateEphemeralContainers(spec: Container, path = 'spec.ephemeralContainers'): FieldError[] {
  const ephemeral: Container[] = spec.ephemeralContainers ?? [];
  const others = new Set<string>([...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: Container) => c.name));
  const allNames = new Set(others);
  const volumes = new Set<string>((spec.volumes ?? []).map((v: Container) => v.name));
  const errors: FieldError[] = [];
  ephemeral.forEach((c, i) => {
    const at = `${path}[${i}]`;
    errors.push(...validateContainerCommon(c, at));
    // Only the pod's volumes can be mounted (ValidateVolumeMounts' IsMatchedVolume).
    (c.volumeMounts ?? []).forEach((mount: Container, m: number) => {
      if (mount.name && !volumes.has(mount.name)) errors.push(field.notFound(`${at}.volumeMounts[${m}].name`, mount.name));
    });
    errors.push(...validateImageWhitespace([c], path).map((e) => ({ ...e, field: e.field.replace(`${path}[0]`, at) })));
    if (allNames.has(c.name)) errors.push(field.duplicate(`${at}.name`, c.name));
    else allNames.add(c.name);
    if (c.targetContainerName && !others.has(c.targetContainerName)) errors.push(field.notFound(`${at}.targetContainerName`, c.targetContainerName));
    for (const key of disallowedFields) if (isSet(c[key])) errors.push(field.forbidden(`${at}.${key}`, notForEphemeral));
    (c.volumeMounts ?? []).forEach((mount: Container, m: number) => {
      if (mount.subPath) errors.push(field.forbidden(`${at}.volumeMounts[${m}].subPath`, notForEphemeral));
      if (mount.subPathExpr) errors.push(field.forbidden(`${at}.volumeMounts[${m}].subPathExpr`, notForEphemeral));
    });
  });
  return errors;
}

/** `  core.EphemeralContainer{ … }` with a `-`/`+` pair per changed field. */
function containerDiff(old: Container, next: Container): string {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])];
  const lines = ['  core.EphemeralContainer{'];
  for (const key of keys) {
    if (deepEqual(old[key], next[key])) continue;
    lines.push(`- \t${key}: ${JSON.stringify(old[key] ?? null)},`, `+ \t${key}: ${JSON.stringify(next[key] ?? null)},`);
  }
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

/** ValidatePodEphemeralContainersUpdate: the new list is valid, and every old container is still there, unchanged. */
export function validateEphemeralContainersUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateEphemeralContainers(pod.spec ?? {});
  const path = 'spec.ephemeralContainers';
  const byName = new Map<string, Container>((pod.spec?.ephemeralContainers ?? []).map((c: Container) => [c.name, c]));
  for (const previous of (old.spec?.ephemeralContainers ?? []) as Container[]) {
    const current = byName.get(previous.name);
    if (!current) errors.push(field.forbidden(path, `existing ephemeral containers "${previous.name}" may not be removed\n`));
    else if (!deepEqual(previous, current)) errors.push(field.forbidden(path, `existing ephemeral containers "${previous.name}" may not be changed\n${containerDiff(previous, current)}`));
  }
  return errors;
}

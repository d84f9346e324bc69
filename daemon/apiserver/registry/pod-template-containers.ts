/**
 * Containers of a pod spec: SetDefaults_Container (imagePullPolicy by tag, termination message
 * path and policy, port protocol, probe and env defaults) and validateContainerCommon /
 * validateContainers / validateInitContainers of core validation, with their exact messages.
 * Volume mounts that name no volume are not reported yet: the shared FieldError has no
 * `Not found` type.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, validateDNS1123Label } from './metadata.js';
import { isConfigMapKey, isValidPortName, isValidPortNum } from './name-validation.js';
import { canonicalizeResourceList, validateResourceRequirements } from './pod-template-resources.js';
import { validateHandler, validateProbe } from './pod-template-probes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Container = Record<string, any>;

/** parsers.ParseImageName's tag: `latest` when the reference has neither tag nor digest. */
export function imageTag(image: string): string {
  if (image.includes('@')) return '';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  // An unparsable reference (upper case in the repository) yields no tag, hence IfNotPresent.
  const repository = colon < 0 ? image : image.slice(0, colon);
  if (/[A-Z]/.test(repository.slice(lastSlash + 1))) return '';
  return colon < 0 ? 'latest' : image.slice(colon + 1);
}

/** SetDefaults_Container and the defaults of what a container holds. */
export function defaultContainer(container: Container, owner: KubeObject): void {
  if (!container.imagePullPolicy) container.imagePullPolicy = imageTag(String(container.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ||= '/dev/termination-log';
  container.terminationMessagePolicy ||= 'File';
  // ResourceRequirements is a struct, so it is always serialised: `resources: {}`.
  container.resources ??= {};
  canonicalizeResourceList(container.resources.limits, owner);
  canonicalizeResourceList(container.resources.requests, owner);
  for (const port of container.ports ?? []) port.protocol ||= 'TCP';
  for (const env of container.env ?? []) {
    const from = env.valueFrom;
    if (from?.fieldRef) from.fieldRef.apiVersion ||= 'v1';
    if (from?.resourceFieldRef) {
      // A Quantity is a struct: an unset divisor is still written, as "0".
      const divisor = { divisor: from.resourceFieldRef.divisor ?? '0' };
      canonicalizeResourceList(divisor, owner);
      from.resourceFieldRef.divisor = divisor.divisor;
    }
  }
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (container[key]) defaultProbe(container[key]);
  for (const key of ['postStart', 'preStop']) if (container.lifecycle?.[key]?.httpGet) defaultHttpGet(container.lifecycle[key].httpGet);
}

function defaultHttpGet(httpGet: Container): void {
  httpGet.path ||= '/';
  httpGet.scheme ||= 'HTTP';
}

/** SetDefaults_Probe, SetDefaults_HTTPGetAction, and the grpc `service: ""` default. */
function defaultProbe(probe: Container): void {
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  if (probe.httpGet) defaultHttpGet(probe.httpGet);
  if (probe.grpc) probe.grpc.service ??= '';
}

const envFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const convertibleFieldPaths = new Set([...envFieldPaths, 'metadata.annotations', 'metadata.labels', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase', 'spec.host']);

function validateFieldRef(ref: Container, path: string): FieldError[] {
  if (!ref.apiVersion) return [field.required(`${path}.apiVersion`)];
  if (!ref.fieldPath) return [field.required(`${path}.fieldPath`)];
  const subscripted = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(ref.fieldPath);
  const base = subscripted ? subscripted[1]! : ref.fieldPath;
  if (ref.apiVersion !== 'v1') return [field.invalid(`${path}.fieldPath`, ref.fieldPath, `error converting fieldPath: unsupported pod version: ${ref.apiVersion}`)];
  if (!convertibleFieldPaths.has(base)) return [field.invalid(`${path}.fieldPath`, ref.fieldPath, `error converting fieldPath: field label not supported: ${base}`)];
  if (subscripted) return [];
  return envFieldPaths.includes(base) || base === 'spec.host' ? [] : [field.notSupported(`${path}.fieldPath`, base, envFieldPaths)];
}

function validateKeySelector(ref: Container, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!ref.name) errors.push(field.required(`${path}.name`));
  if (!ref.key) errors.push(field.required(`${path}.key`));
  else errors.push(...invalidEach(`${path}.key`, ref.key, isConfigMapKey(ref.key)));
  return errors;
}

/** ValidateEnv with RelaxedEnvironmentVariableValidation (beta, on in 1.32). */
function validateEnv(env: Container[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const at = `${path}[${i}]`;
    if (!ev.name) errors.push(field.required(`${at}.name`));
    else if ([...String(ev.name)].some((c) => c === '=' || c < ' ' || c > '~')) {
      errors.push(field.invalid(`${at}.name`, ev.name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
    const from = ev.valueFrom;
    if (!from) return;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => from[k]);
    if (from.fieldRef) errors.push(...validateFieldRef(from.fieldRef, `${at}.valueFrom.fieldRef`));
    if (from.configMapKeyRef) errors.push(...validateKeySelector(from.configMapKeyRef, `${at}.valueFrom.configMapKeyRef`));
    if (from.secretKeyRef) errors.push(...validateKeySelector(from.secretKeyRef, `${at}.valueFrom.secretKeyRef`));
    if (sources.length === 0) errors.push(field.invalid(`${at}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (ev.value) errors.push(field.invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty'));
    else if (sources.length > 1) errors.push(field.invalid(`${at}.valueFrom`, '', 'may not have more than one field specified at a time'));
  });
  return errors;
}

/** validateContainerPorts: names unique IANA names, containerPort required and in 1–65535. */
function validatePorts(ports: Container[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const at = `${path}[${i}]`;
    if (port.name) {
      const problems = isValidPortName(port.name);
      if (problems.length) errors.push(...invalidEach(`${at}.name`, port.name, problems));
      else if (names.has(port.name)) errors.push(field.duplicate(`${at}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errors.push(field.required(`${at}.containerPort`));
    else errors.push(...invalidEach(`${at}.containerPort`, port.containerPort, isValidPortNum(port.containerPort)));
    if (port.hostPort) errors.push(...invalidEach(`${at}.hostPort`, port.hostPort, isValidPortNum(port.hostPort)));
    if (!port.protocol) errors.push(field.required(`${at}.protocol`));
    else if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol)) errors.push(field.notSupported(`${at}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errors;
}

function validateVolumeMounts(mounts: Container[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (mounts ?? []).forEach((mount, i) => {
    const at = `${path}[${i}]`;
    if (!mount.name) errors.push(field.required(`${at}.name`));
    if (!mount.mountPath) errors.push(field.required(`${at}.mountPath`));
    if (seen.has(mount.mountPath)) errors.push(field.invalid(`${at}.mountPath`, mount.mountPath, 'must be unique'));
    seen.add(mount.mountPath);
  });
  return errors;
}

/** validateContainerCommon: what regular, init and ephemeral containers share. */
export function validateContainerCommon(c: Container, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!c.name) errors.push(field.required(`${path}.name`));
  else errors.push(...validateDNS1123Label(c.name, `${path}.name`));
  if (!c.image) errors.push(field.required(`${path}.image`));
  if (!c.terminationMessagePolicy) errors.push(field.required(`${path}.terminationMessagePolicy`));
  else if (!['File', 'FallbackToLogsOnError'].includes(c.terminationMessagePolicy)) {
    errors.push(field.notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  }
  errors.push(...validatePorts(c.ports, `${path}.ports`));
  errors.push(...validateEnv(c.env, `${path}.env`));
  errors.push(...validateVolumeMounts(c.volumeMounts, `${path}.volumeMounts`));
  if (!c.imagePullPolicy) errors.push(field.required(`${path}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) errors.push(field.notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  errors.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  return errors;
}

function validateProbesAndLifecycle(c: Container, path: string, grace: number | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['postStart', 'preStop']) if (c.lifecycle?.[key]) errors.push(...validateHandler(c.lifecycle[key], `${path}.lifecycle.${key}`, grace, true));
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) if (c[key]) errors.push(...validateProbe(c[key], `${path}.${key}`, key));
  return errors;
}

/** hostPort conflicts: `Duplicate value: "TCP//8080"` (AccumulateUniqueHostPorts). */
function validateHostPorts(containers: Container[], path: string, seen = new Set<string>()): FieldError[] {
  const errors: FieldError[] = [];
  containers.forEach((c, ci) =>
    (c.ports ?? []).forEach((p: Container, pi: number) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errors.push(field.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      seen.add(key);
    }),
  );
  return errors;
}

/** validateContainers: `spec.containers: Required value` when empty, duplicate names, probes. */
export function validateContainers(containers: Container[] | undefined, path: string, grace: number | undefined): FieldError[] {
  if (!containers || containers.length === 0) return [field.required(path)];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    errors.push(...validateContainerCommon(c, at));
    if (names.has(c.name ?? '')) errors.push(field.duplicate(`${at}.name`, c.name ?? ''));
    else names.add(c.name ?? '');
    errors.push(...validateProbesAndLifecycle(c, at, grace));
    if (c.restartPolicy !== undefined) errors.push(field.forbidden(`${at}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errors.push(...validateHostPorts(containers, path));
  return errors;
}

/** validateInitContainers: names unique across init and regular containers; probes only for sidecars. */
export function validateInitContainers(init: Container[] | undefined, regular: Container[] | undefined, path: string, grace: number | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>((regular ?? []).map((c) => c.name));
  (init ?? []).forEach((c, i) => {
    const at = `${path}[${i}]`;
    errors.push(...validateContainerCommon(c, at));
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && !sidecar) errors.push(field.notSupported(`${at}.restartPolicy`, c.restartPolicy, ['Always']));
    if (names.has(c.name)) errors.push(field.duplicate(`${at}.name`, c.name));
    else if (c.name) names.add(c.name);
    errors.push(...validateHostPorts([c], path));
    if (sidecar) errors.push(...validateProbesAndLifecycle(c, at, grace));
    else {
      for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[key]) errors.push(field.forbidden(`${at}.${key}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errors;
}

/** validateContainerOnlyForPod: pods (not templates) reject images with surrounding spaces. */
export function validateImageWhitespace(containers: Container[] | undefined, path: string): FieldError[] {
  return (containers ?? []).flatMap((c, i) =>
    typeof c.image === 'string' && c.image.trim() !== c.image ? [field.invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace')] : [],
  );
}


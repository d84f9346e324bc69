/**
 * The per-container block of `kubectl describe` (pods and pod templates; describe.go
 * `describeContainers`): ids and image, ports, command and args, state and last state, readiness
 * and restarts, limits and requests, probes, environment (values, field/resource refs, config
 * map and secret keys, envFrom) and mounts. Pod templates pass no statuses and no pod, so their
 * blocks have no state lines and field references resolve to nothing, as in kubectl.
 */
import type { KubeObject } from '../api/meta.js';
import { orNone } from '../printers/columns.js';
import { quantityMilliValue, quantityValue } from '../quantity.js';
import { byteOrder, goBool, int, quantityString, rfc1123z, sortedKeys, str, titleBool, toQuantity } from './format.js';
import type { PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** `Containers:` / `Init Containers:` and each container under it; `space` is `  ` inside a template. */
export function describeContainers(label: string, containers: readonly Json[] | undefined, statuses: readonly Json[] | undefined, pod: KubeObject | undefined, w: PrefixWriter, space: string): void {
  const byName = new Map<string, Json>((statuses ?? []).map((s: Json) => [s.name, s]));
  w.write(0, `${space}${label}:${(containers ?? []).length === 0 ? ' <none>' : ''}\n`);
  for (const container of containers ?? []) {
    const status = statuses ? byName.get(container.name) : undefined;
    describeBasicInfo(container, status, space, w);
    describeCommand(container, w);
    if (status) describeState(status, w);
    describeResources(container.resources, w, 2);
    describeProbes(container, w);
    if ((container.envFrom ?? []).length > 0) describeEnvFrom(container, w);
    describeEnv(container, pod, w);
    describeMounts(container, w);
  }
}

function portList(ports: readonly Json[] | undefined, field: 'containerPort' | 'hostPort'): string {
  return (ports ?? []).map((p: Json) => `${int(p[field])}/${str(p.protocol)}`).join(', ');
}

function describeBasicInfo(container: Json, status: Json | undefined, space: string, w: PrefixWriter): void {
  w.write(1, `${space ? ' ' : ''}${container.name}:\n`);
  if (status) w.write(2, `Container ID:\t${str(status.containerID)}\n`);
  w.write(2, `Image:\t${str(container.image)}\n`);
  if (status) w.write(2, `Image ID:\t${str(status.imageID)}\n`);
  const ports = portList(container.ports, 'containerPort');
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${orNone(ports)}\n`);
  const hostPorts = portList(container.ports, 'hostPort');
  w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${orNone(hostPorts)}\n`);
  const seccomp = container.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(2, `SeccompProfile:\t${str(seccomp.type)}\n`);
    if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
  }
}

function describeCommand(container: Json, w: PrefixWriter): void {
  for (const [title, values] of [['Command', container.command], ['Args', container.args]] as const) {
    if (!values || values.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const value of values as string[]) for (const line of String(value).split('\n')) w.write(3, `${line}\n`);
  }
}

/** `State:  Running` / `Started: …`, or Waiting with its reason, or Terminated with its details. */
function describeContainerState(title: string, state: Json | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${int(t.exitCode)}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${int(t.signal)}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
  }
}

function describeState(status: Json, w: PrefixWriter): void {
  describeContainerState('State', status.state, w);
  if (status.lastState?.terminated) describeContainerState('Last State', status.lastState, w);
  w.write(2, `Ready:\t${titleBool(status.ready)}\n`);
  w.write(2, `Restart Count:\t${int(status.restartCount)}\n`);
}

/** `Limits:` / `Requests:` with one sorted `name: quantity` line each, at `level`. */
export function describeResources(resources: Json | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [['Limits', resources.limits], ['Requests', resources.requests]] as const) {
    const names = sortedKeys(list);
    if (names.length === 0) continue;
    w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantityString(list[name])}\n`);
  }
}

const utf8 = new TextEncoder();

/** Go's url.URL path escaping (encodePath): everything but unreserved and `$&+,/:;=@` becomes %XX. */
function escapePath(path: string): string {
  let out = '';
  for (const byte of utf8.encode(path)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(ch) && byte < 0x80 ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A probe as describe prints it: `http-get http://:8080/health delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Json): string {
  const attrs = `delay=${int(probe.initialDelaySeconds)}s timeout=${int(probe.timeoutSeconds)}s period=${int(probe.periodSeconds)}s #success=${int(probe.successThreshold)} #failure=${int(probe.failureThreshold)}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const h = probe.httpGet;
    const port = h.port === undefined || h.port === null ? '' : String(h.port);
    const hostText = h.host ?? '';
    const host = port ? `${hostText.includes(':') ? `[${hostText}]` : hostText}:${port}` : hostText;
    const scheme = str(h.scheme).toLowerCase();
    const path = h.path ? escapePath(h.path.startsWith('/') || host === '' ? h.path : `/${h.path}`) : '';
    // url.URL.String(): `scheme:`, then `//host` when there is a host or a path to follow it.
    const authority = (scheme || host) && (host || path) ? `//${host}` : '';
    return `http-get ${scheme ? `${scheme}:` : ''}${authority}${path} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${str(probe.tcpSocket.host)}:${str(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${int(probe.grpc.port)} ${str(probe.grpc.service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeProbes(container: Json, w: PrefixWriter): void {
  if (container.livenessProbe) w.write(2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
  if (container.readinessProbe) w.write(2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
  if (container.startupProbe) w.write(2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
}

function describeEnvFrom(container: Json, w: PrefixWriter): void {
  w.write(2, 'Environment Variables from:\n');
  for (const source of container.envFrom as Json[]) {
    const ref = source.configMapRef ?? source.secretRef;
    const from = source.configMapRef ? 'ConfigMap' : source.secretRef ? 'Secret' : '';
    const optional = goBool(ref?.optional);
    if (source.prefix) w.write(3, `${str(ref?.name)}\t${from} with prefix '${source.prefix}'\tOptional: ${optional}\n`);
    else w.write(3, `${str(ref?.name)}\t${from}\tOptional: ${optional}\n`);
  }
}

/**
 * A fieldRef's value as kubectl resolves it from the pod it describes: only the field labels the
 * Pod conversion knows and fieldpath can read (metadata.name and metadata.namespace) have one.
 */
function resolveFieldRef(fieldRef: Json, pod: KubeObject | undefined): string {
  if (!pod || !/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(str(fieldRef.apiVersion))) return '';
  if (fieldRef.fieldPath === 'metadata.name') return pod.metadata.name ?? '';
  if (fieldRef.fieldPath === 'metadata.namespace') return pod.metadata.namespace ?? '';
  return '';
}

/** The value of a resourceFieldRef for one container, divided by its divisor and rounded up. */
function resolveResourceFieldRef(ref: Json, container: Json): string {
  const [kind, name] = str(ref.resource).split(/\.(.*)/s) as [string, string | undefined];
  const list = kind === 'limits' ? container.resources?.limits : kind === 'requests' ? container.resources?.requests : undefined;
  if (list === undefined && kind !== 'limits' && kind !== 'requests') return '';
  if (!name || !(name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'))) return '';
  const value = toQuantity(list?.[name]);
  let divisor = toQuantity(ref.divisor);
  if (!divisor || divisor.mantissa === 0n) divisor = toQuantity('1')!;
  const result =
    name === 'cpu'
      ? Math.ceil((value ? quantityMilliValue(value) : 0) / quantityMilliValue(divisor))
      : Math.ceil((value ? quantityValue(value) : 0) / quantityValue(divisor));
  return String(result);
}

function describeEnv(container: Json, pod: KubeObject | undefined, w: PrefixWriter): void {
  const env: Json[] = container.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      String(e.value ?? '')
        .split('\n')
        .forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      w.write(3, `${e.name}:\t${resolveFieldRef(from.fieldRef, pod)} (${str(from.fieldRef.apiVersion)}:${str(from.fieldRef.fieldPath)})\n`);
    } else if (from.resourceFieldRef) {
      const resource = str(from.resourceFieldRef.resource);
      let value = resolveResourceFieldRef(from.resourceFieldRef, container);
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
      w.write(3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${str(ref.key)}' in secret '${str(ref.name)}'>\tOptional: ${goBool(ref.optional)}\n`);
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${str(ref.key)}' of config map '${str(ref.name)}'>\tOptional: ${goBool(ref.optional)}\n`);
    }
  }
}

function describeMounts(container: Json, w: PrefixWriter): void {
  const mounts: Json[] = [...(container.volumeMounts ?? [])].sort((a, b) => byteOrder(str(a.mountPath), str(b.mountPath)));
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(2, `Mounts:${none}\n`);
  for (const mount of mounts) {
    const flags = [mount.readOnly ? 'ro' : 'rw'];
    if (mount.subPath) flags.push(`path=${JSON.stringify(mount.subPath)}`);
    w.write(3, `${str(mount.mountPath)} from ${str(mount.name)} (${flags.join(',')})\n`);
  }
  const devices: Json[] = [...(container.volumeDevices ?? [])].sort((a, b) => byteOrder(str(a.devicePath), str(b.devicePath)));
  if (devices.length > 0) {
    w.write(2, `Devices:${none}\n`);
    for (const device of devices) w.write(3, `${str(device.devicePath)} from ${str(device.name)}\n`);
  }
}

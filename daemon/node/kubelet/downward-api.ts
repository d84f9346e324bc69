/**
 * Downward API values (k/k `pkg/fieldpath` ExtractFieldPathAsString, kubelet
 * podFieldSelectorRuntimeValue, `pkg/api/v1/resource` ExtractContainerResourceValue), shared by
 * `env[].valueFrom` and `downwardAPI` volume files: pod fields by path, and container resources
 * rounded up by a divisor, an unset limit standing for the node's allocatable.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { parseMilliValue, parseValue } from '../../../shared/quantity.js';
import type { ContainerSpec } from './container-state.js';

export interface PodAddresses {
  podIP?: string;
  hostIP: string;
}

/** Go strconv.Quote for the `key="value"` lines of labels/annotations files. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** labels/annotations as a downwardAPI file shows them: sorted `k="v"` lines, no final newline. */
export function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${goQuote(map![key]!)}`)
    .join('\n');
}

/** The value of fieldPath for the pod; throws on a path the Downward API does not support. */
export function podFieldValue(pod: Readonly<KubeObject>, fieldPath: string, addresses: PodAddresses): string {
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (subscript) return (subscript[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[subscript[2]!] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return addresses.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return addresses.podIP ?? '';
    default:
      throw new Error(`unsupported fieldPath: ${fieldPath}`);
  }
}

export interface ResourceFieldRef {
  containerName?: string;
  resource: string;
  divisor?: string | number;
}

/** ceil(quantity / divisor) for a container resource; unset limits default to the node's allocatable. */
export function resourceFieldValue(container: ContainerSpec, ref: ResourceFieldRef, allocatable: Readonly<Record<string, string>>): string {
  const [kind, resource] = ref.resource.split('.', 2) as ['limits' | 'requests', string];
  let quantity: string | undefined = container.resources?.[kind]?.[resource];
  if (quantity === undefined && kind === 'limits') quantity = allocatable[resource];
  const divisor = ref.divisor === undefined || ref.divisor === '' || ref.divisor === '0' ? '1' : ref.divisor;
  if (resource === 'cpu') return String(Math.ceil(parseMilliValue(quantity ?? '0') / parseMilliValue(divisor)));
  return String(Math.ceil(parseValue(quantity ?? '0') / parseValue(divisor)));
}

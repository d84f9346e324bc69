/**
 * `kubelab up --config FILE`: a YAML file describing the cluster, as kind's `--config` does for
 * kind clusters. It gives the workers (a count, or a list with names, labels, taints and capacity),
 * the node subnet and the speed. Every mistake is one line naming the file and the line:
 * `kubelab: config cluster.yaml: line 4: workers.count must be a whole number from 1 to 50`.
 *
 *   apiVersion: kubelab.dev/v1alpha1
 *   kind: KubelabConfig
 *   nodeSubnet: 127.0.20.0/24
 *   speed: 1
 *   workers:
 *     count: 10          # node1..node10, each with the fields below
 *     maxPods: 1100
 *
 * or `workers:` as a list of `{name, labels, taints, cpu, memory, maxPods}`. The `yaml` package
 * (already a dependency) gives the line of every node through its LineCounter.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { parseQuantity } from '../../shared/quantity.js';
import type { WorkerSpec } from '../../daemon/config.js';
import { parseSubnet, UsageError } from './args.js';

export const configApiVersion = 'kubelab.dev/v1alpha1';
export const configKind = 'KubelabConfig';

export interface ClusterConfig {
  nodeSubnet?: string;
  speed?: number;
  workers?: WorkerSpec[];
}

const topKeys = ['apiVersion', 'kind', 'nodeSubnet', 'speed', 'workers'];
const workerKeys = ['name', 'labels', 'taints', 'cpu', 'memory', 'maxPods'];
const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label key: an optional DNS prefix and a name (IsQualifiedName); values are at most 63 characters. */
const labelKey = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
export const maxWorkers = 50;
export const maxPodsLimit = 10_000;

/** Reads and validates FILE; throws UsageError (`config FILE: line N: …`). */
export function loadClusterConfig(file: string): ClusterConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`config ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parseClusterConfig(text, file);
}

export function parseClusterConfig(text: string, file: string): ClusterConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const fail = (node: YamlNode | null | undefined, message: string): never => {
    const offset = node?.range?.[0];
    const where = offset === undefined ? '' : `line ${lines.linePos(offset).line}: `;
    throw new UsageError(`config ${file}: ${where}${message}`);
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new UsageError(`config ${file}: line ${error.linePos?.[0]?.line ?? 1}: ${error.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) return fail(root, `must be a mapping with kind: ${configKind}`);
  checkKeys(root, topKeys, '', fail);
  const kind = root.get('kind', true) as YamlNode | undefined;
  if (!isScalar(kind) || kind.value !== configKind) return fail(kind ?? root, `kind must be ${configKind}`);
  const apiVersion = root.get('apiVersion', true) as YamlNode | undefined;
  if (apiVersion !== undefined && (!isScalar(apiVersion) || apiVersion.value !== configApiVersion)) fail(apiVersion, `apiVersion must be ${configApiVersion}`);
  const config: ClusterConfig = {};
  const subnet = root.get('nodeSubnet', true) as YamlNode | undefined;
  if (subnet !== undefined) {
    try {
      config.nodeSubnet = parseSubnet(String(isScalar(subnet) ? subnet.value : ''));
    } catch (err) {
      fail(subnet, (err as Error).message.replace(/^--node-subnet/, 'nodeSubnet'));
    }
  }
  const speed = root.get('speed', true) as YamlNode | undefined;
  if (speed !== undefined) {
    const value = isScalar(speed) ? speed.value : undefined;
    if (typeof value !== 'number' || !(value > 0) || value > 1000) fail(speed, `speed must be a number above 0 and at most 1000`);
    config.speed = value as number;
  }
  const workers = root.get('workers', true) as YamlNode | undefined;
  if (workers !== undefined) config.workers = parseWorkers(workers, fail);
  return config;
}

type Fail = (node: YamlNode | null | undefined, message: string) => never;

function parseWorkers(node: YamlNode, fail: Fail): WorkerSpec[] {
  if (isMap(node)) {
    checkKeys(node, ['count', ...workerKeys.filter((k) => k !== 'name')], 'workers.', fail);
    const countNode = node.get('count', true) as YamlNode | undefined;
    if (countNode === undefined) fail(node, 'workers needs count (or a list of workers with names)');
    const count = isScalar(countNode) ? countNode.value : undefined;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > maxWorkers) fail(countNode, `workers.count must be a whole number from 1 to ${maxWorkers}`);
    const shared = workerFields(node, 'workers.', fail);
    return Array.from({ length: count as number }, (_, i) => ({ name: `node${i + 1}`, ...structuredClone(shared) }));
  }
  if (!isSeq(node)) return fail(node, 'workers must be a mapping with count, or a list of workers');
  if (node.items.length < 1 || node.items.length > maxWorkers) fail(node, `workers must list from 1 to ${maxWorkers} workers`);
  const seen = new Set<string>();
  return node.items.map((item, i) => {
    const at = `workers[${i}].`;
    if (!isMap(item)) return fail(item as YamlNode, `${at.slice(0, -1)} must be a mapping`);
    checkKeys(item, workerKeys, at, fail);
    const nameNode = item.get('name', true) as YamlNode | undefined;
    const name = isScalar(nameNode) ? nameNode.value : undefined;
    if (typeof name !== 'string' || !dns1123Subdomain.test(name) || name.length > 253) return fail(nameNode ?? item, `${at}name must be a lowercase DNS-1123 subdomain such as node1`);
    if (name === 'control-plane') fail(nameNode, `${at}name "control-plane" is the control plane's`);
    if (seen.has(name)) fail(nameNode, `${at}name "${name}" is given twice`);
    seen.add(name);
    return { name, ...workerFields(item, at, fail) };
  });
}

/** labels, taints, cpu, memory, maxPods of one worker (or of every worker of a count). */
function workerFields(map: YAMLMap, at: string, fail: Fail): Omit<WorkerSpec, 'name'> {
  const out: Omit<WorkerSpec, 'name'> = {};
  const labels = map.get('labels', true) as YamlNode | undefined;
  if (labels !== undefined) {
    if (!isMap(labels)) fail(labels, `${at}labels must be a mapping of label keys to values`);
    out.labels = {};
    for (const pair of (labels as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (!labelKey.test(key)) fail(pair.key as YamlNode, `${at}labels: "${key}" is not a valid label key`);
      if (typeof value !== 'string' || !labelValue.test(value)) fail((pair.value ?? pair.key) as YamlNode, `${at}labels.${key} must be a label value (a string of at most 63 letters, digits, '-', '_' or '.'; quote numbers)`);
      out.labels[key] = value as string;
    }
  }
  const taints = map.get('taints', true) as YamlNode | undefined;
  if (taints !== undefined) {
    if (!isSeq(taints)) fail(taints, `${at}taints must be a list of {key, value, effect}`);
    out.taints = (taints as { items: unknown[] }).items.map((item, i) => {
      const where = `${at}taints[${i}].`;
      if (!isMap(item)) return fail(item as YamlNode, `${where.slice(0, -1)} must be a mapping with key and effect`);
      checkKeys(item, ['key', 'value', 'effect'], where, fail);
      const key = scalarString(item, 'key');
      const value = scalarString(item, 'value');
      const effect = scalarString(item, 'effect');
      if (key === undefined || !labelKey.test(key)) fail((item.get('key', true) as YamlNode) ?? item, `${where}key must be a valid label key`);
      if (value !== undefined && !labelValue.test(value)) fail(item.get('value', true) as YamlNode, `${where}value must be a valid label value`);
      if (effect === undefined || !taintEffects.includes(effect)) fail((item.get('effect', true) as YamlNode) ?? item, `${where}effect must be one of ${taintEffects.join(', ')}`);
      return value === undefined ? { key: key!, effect: effect! } : { key: key!, value, effect: effect! };
    });
  }
  for (const field of ['cpu', 'memory'] as const) {
    const node = map.get(field, true) as YamlNode | undefined;
    if (node === undefined) continue;
    const value = isScalar(node) ? String(node.value) : '';
    try {
      const quantity = parseQuantity(value);
      if (quantity.mantissa <= 0n) throw new Error('not positive');
    } catch {
      fail(node, `${at}${field} must be a positive quantity such as ${field === 'cpu' ? '4 or 1500m' : '8Gi'}, got "${value}"`);
    }
    out[field] = value;
  }
  const maxPods = map.get('maxPods', true) as YamlNode | undefined;
  if (maxPods !== undefined) {
    const value = isScalar(maxPods) ? maxPods.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxPodsLimit) fail(maxPods, `${at}maxPods must be a whole number from 1 to ${maxPodsLimit}`);
    out.maxPods = value as number;
  }
  return out;
}

function scalarString(map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true);
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

function checkKeys(map: YAMLMap, allowed: string[], at: string, fail: Fail): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allowed.includes(key)) fail(pair.key as YamlNode, `unknown field "${at}${key}" (known: ${allowed.join(', ')})`);
  }
}

/**
 * A container's environment and command line as the kubelet builds them just before the start
 * (k/k `kubelet_pods.go` makeEnvironmentVariables, kubecontainer ExpandContainerCommandAndArgs):
 * `envFrom` first (ConfigMaps and Secrets, with prefixes), then `env` in order (literal values
 * with `$(VAR)` expanded, or `valueFrom` configMapKeyRef / secretKeyRef / fieldRef /
 * resourceFieldRef), then the service variables not already set. A missing ConfigMap, Secret or
 * key that is not optional is a CreateContainerConfigError with the kubelet's message; the pod
 * worker retries it on later syncs. Left out: the InvalidEnvironmentVariableNames event.
 */
import { isNotFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ContainerSpec } from './container-state.js';
import { podFieldValue, resourceFieldValue, type PodAddresses } from './downward-api.js';
import { expand, mappingFor } from './expansion.js';

/** The waiting reason CreateContainerConfigError; its message is what the kubelet shows. */
export class CreateContainerConfigError extends Error {}

export interface EnvSources extends PodAddresses {
  /** Resolves the object or rejects with the API's error (a StatusError NotFound when absent). */
  getConfigMap(namespace: string, name: string): Promise<Readonly<KubeObject>>;
  getSecret(namespace: string, name: string): Promise<Readonly<KubeObject>>;
  /** The node's allocatable resources, which unset limits stand for. */
  nodeAllocatable(): Promise<Readonly<Record<string, string>>>;
  /** The service variables of the pod's namespace (service-env.ts). */
  serviceEnv: Readonly<Record<string, string>>;
}

const decodeBase64 = (value: string): string => Buffer.from(value, 'base64').toString('utf8');

/** Caches the ConfigMaps and Secrets one container start reads; `undefined` means absent. */
class Objects {
  private readonly configMaps = new Map<string, Readonly<KubeObject> | undefined>();
  private readonly secrets = new Map<string, Readonly<KubeObject> | undefined>();

  constructor(
    private readonly sources: EnvSources,
    private readonly namespace: string,
  ) {}

  configMap(name: string, optional: boolean): Promise<Readonly<KubeObject> | undefined> {
    return this.read(this.configMaps, name, optional, () => this.sources.getConfigMap(this.namespace, name), `configmap "${name}" not found`);
  }

  secret(name: string, optional: boolean): Promise<Readonly<KubeObject> | undefined> {
    return this.read(this.secrets, name, optional, () => this.sources.getSecret(this.namespace, name), `secret "${name}" not found`);
  }

  private async read(cache: Map<string, Readonly<KubeObject> | undefined>, name: string, optional: boolean, get: () => Promise<Readonly<KubeObject>>, missing: string): Promise<Readonly<KubeObject> | undefined> {
    if (!cache.has(name)) {
      try {
        cache.set(name, await get());
      } catch (err) {
        if (!isNotFound(err)) throw err;
        cache.set(name, undefined);
      }
    }
    const obj = cache.get(name);
    // The kubelet's object cache reports its own NotFound, singular: `configmap "x" not found`.
    if (!obj && !optional) throw new CreateContainerConfigError(missing);
    return obj;
  }
}

/** The environment the kubelet hands to the runtime, in the order it builds it. */
export async function makeEnvironment(pod: Readonly<KubeObject>, container: ContainerSpec, sources: EnvSources): Promise<Record<string, string>> {
  const namespace = pod.metadata.namespace ?? 'default';
  const objects = new Objects(sources, namespace);
  const env: Record<string, string> = {};

  for (const from of container.envFrom ?? []) {
    const prefix: string = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await objects.configMap(from.configMapRef.name, from.configMapRef.optional === true);
      for (const [key, value] of Object.entries<string>(cm?.data ?? {})) env[prefix + key] = value;
    } else if (from.secretRef) {
      const secret = await objects.secret(from.secretRef.name, from.secretRef.optional === true);
      for (const [key, value] of Object.entries<string>(secret?.data ?? {})) env[prefix + key] = decodeBase64(value);
    }
  }

  const mapping = mappingFor(env, sources.serviceEnv);
  for (const variable of container.env ?? []) {
    const value = await variableValue(pod, container, variable, objects, sources, mapping);
    if (value !== undefined) env[variable.name] = value;
  }

  for (const [key, value] of Object.entries(sources.serviceEnv)) if (!(key in env)) env[key] = value;
  return env;
}

/** One `env` entry's value; undefined when an optional source is missing (the variable is left out). */
async function variableValue(pod: Readonly<KubeObject>, container: ContainerSpec, variable: ContainerSpec, objects: Objects, sources: EnvSources, mapping: (name: string) => string): Promise<string | undefined> {
  const namespace = pod.metadata.namespace ?? 'default';
  if (variable.value) return expand(variable.value, mapping);
  const from = variable.valueFrom;
  if (!from) return '';
  if (from.fieldRef) return podFieldValue(pod, from.fieldRef.fieldPath, sources);
  if (from.resourceFieldRef) return resourceFieldValue(container, from.resourceFieldRef, await sources.nodeAllocatable());
  if (from.configMapKeyRef) {
    const { name, key, optional } = from.configMapKeyRef;
    const cm = await objects.configMap(name, optional === true);
    if (!cm) return undefined;
    const value = cm.data?.[key];
    if (value !== undefined) return value;
    if (optional) return undefined;
    throw new CreateContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
  }
  if (from.secretKeyRef) {
    const { name, key, optional } = from.secretKeyRef;
    const secret = await objects.secret(name, optional === true);
    if (!secret) return undefined;
    const value = secret.data?.[key];
    if (value !== undefined) return decodeBase64(value);
    if (optional) return undefined;
    throw new CreateContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
  }
  return '';
}

/** command and args with `$(VAR)` references expanded from the final environment. */
export function expandCommandAndArgs(container: ContainerSpec, env: Readonly<Record<string, string>>): { command?: string[]; args?: string[] } {
  const mapping = mappingFor(env);
  const out: { command?: string[]; args?: string[] } = {};
  if (container.command) out.command = container.command.map((part: string) => expand(part, mapping));
  if (container.args) out.args = container.args.map((part: string) => expand(part, mapping));
  return out;
}

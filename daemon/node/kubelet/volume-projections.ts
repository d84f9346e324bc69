/**
 * The files of the volumes the kubelet writes from API objects (k/k `volume/configmap`,
 * `volume/secret`, `volume/downwardapi`, `volume/projected`): one file per key (or per listed
 * item, renamed by `path`), Secret values decoded, Downward API items as their values, and the
 * service-account token of projected volumes. Errors carry the plugin's own cause text; the
 * caller prefixes `MountVolume.SetUp failed for volume "<name>" : `.
 */
import { isNotFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ContainerSpec } from './container-state.js';
import { podFieldValue, resourceFieldValue } from './downward-api.js';
import type { VolumeSources } from './volumes.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Source = Record<string, any>;

export interface Projection {
  /** The kubelet's plugin directory name: `configmap`, `secret`, `downward-api`, `projected`. */
  plugin: string;
  files(pod: Readonly<KubeObject>, sources: VolumeSources): Promise<Map<string, string>>;
}

const decodeBase64 = (value: string): string => Buffer.from(value, 'base64').toString('utf8');

/** The projection of a volume written from API objects, or undefined for other kinds. */
export function projectedSource(volume: Source): Projection | undefined {
  if (volume.configMap) return { plugin: 'configmap', files: (pod, sources) => configMapFiles(pod, volume.configMap, sources) };
  if (volume.secret) return { plugin: 'secret', files: (pod, sources) => secretFiles(pod, volume.secret, sources) };
  if (volume.downwardAPI) return { plugin: 'downward-api', files: (pod, sources) => downwardFiles(pod, volume.downwardAPI.items ?? [], sources) };
  if (volume.projected) return { plugin: 'projected', files: (pod, sources) => projectedFiles(pod, volume.projected.sources ?? [], sources) };
  return undefined;
}

async function fetch(sources: VolumeSources, resource: 'configmaps' | 'secrets', namespace: string, name: string, optional: boolean): Promise<Readonly<KubeObject> | undefined> {
  try {
    return await sources.get(resource, namespace, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    if (optional) return undefined;
    throw new Error(`${resource === 'configmaps' ? 'configmap' : 'secret'} "${name}" not found`);
  }
}

/** Every key, or only the listed items under their paths; a listed key that is missing fails unless optional. */
function keyFiles(values: Record<string, string>, items: Source[] | undefined, optional: boolean, missing: (key: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  if (!items || items.length === 0) {
    for (const [key, value] of Object.entries(values)) files.set(key, value);
    return files;
  }
  for (const item of items) {
    if (!(item.key in values)) {
      if (optional) continue;
      throw new Error(missing(item.key));
    }
    files.set(item.path, values[item.key]!);
  }
  return files;
}

async function configMapFiles(pod: Readonly<KubeObject>, source: Source, sources: VolumeSources): Promise<Map<string, string>> {
  const optional = source.optional === true;
  const cm = await fetch(sources, 'configmaps', pod.metadata.namespace ?? 'default', source.name, optional);
  const values: Record<string, string> = { ...(cm?.data ?? {}) };
  for (const [key, value] of Object.entries<string>(cm?.binaryData ?? {})) values[key] = decodeBase64(value);
  return keyFiles(values, source.items, optional, (key) => `configmap references non-existent config key: ${key}`);
}

async function secretFiles(pod: Readonly<KubeObject>, source: Source, sources: VolumeSources): Promise<Map<string, string>> {
  const optional = source.optional === true;
  // A secret volume names its Secret `secretName`; a projected secret source names it `name`.
  const secret = await fetch(sources, 'secrets', pod.metadata.namespace ?? 'default', source.secretName ?? source.name, optional);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries<string>(secret?.data ?? {})) values[key] = decodeBase64(value);
  return keyFiles(values, source.items, optional, (key) => `references non-existent secret key: ${key}`);
}

async function downwardFiles(pod: Readonly<KubeObject>, items: Source[], sources: VolumeSources): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const item of items) {
    if (item.fieldRef) files.set(item.path, podFieldValue(pod, item.fieldRef.fieldPath, sources));
    else if (item.resourceFieldRef) {
      const container = (pod.spec?.containers ?? []).find((c: ContainerSpec) => c.name === item.resourceFieldRef.containerName) ?? {};
      files.set(item.path, resourceFieldValue(container, item.resourceFieldRef, await sources.nodeAllocatable()));
    }
  }
  return files;
}

async function projectedFiles(pod: Readonly<KubeObject>, projections: Source[], sources: VolumeSources): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const projection of projections) {
    let part = new Map<string, string>();
    if (projection.configMap) part = await configMapFiles(pod, projection.configMap, sources);
    else if (projection.secret) part = await secretFiles(pod, projection.secret, sources);
    else if (projection.downwardAPI) part = await downwardFiles(pod, projection.downwardAPI.items ?? [], sources);
    else if (projection.serviceAccountToken) part.set(projection.serviceAccountToken.path, serviceAccountToken(pod, projection.serviceAccountToken, sources.now()));
    for (const [path, content] of part) files.set(path, content);
  }
  return files;
}

const base64url = (value: string): string => Buffer.from(value).toString('base64url');

/**
 * A token shaped like the kubelet's bound service-account token (a JWT with the pod's claims).
 * Its signature is not real: nothing in kubelab verifies tokens from inside pods.
 */
function serviceAccountToken(pod: Readonly<KubeObject>, source: Source, now: number): string {
  const iat = Math.floor(now / 1000);
  const namespace = pod.metadata.namespace ?? 'default';
  const account = pod.spec?.serviceAccountName ?? 'default';
  const header = { alg: 'RS256', kid: 'kubelab' };
  const claims = {
    aud: source.audience ? [source.audience] : ['https://kubernetes.default.svc.cluster.local'],
    exp: iat + (source.expirationSeconds ?? 3607),
    iat,
    iss: 'https://kubernetes.default.svc.cluster.local',
    'kubernetes.io': { namespace, node: { name: pod.spec?.nodeName }, pod: { name: pod.metadata.name, uid: pod.metadata.uid }, serviceaccount: { name: account } },
    nbf: iat,
    sub: `system:serviceaccount:${namespace}:${account}`,
  };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.${base64url(`kubelab-unsigned-${pod.metadata.uid}`)}`;
}

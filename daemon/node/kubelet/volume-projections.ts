/**
 * The files of the volumes the kubelet writes from API objects (k/k `volume/configmap`,
 * `volume/secret`, `volume/downwardapi`, `volume/projected`): one file per key (or per listed
 * item, renamed by `path`), Secret values decoded, Downward API items as their values, and the
 * service-account token of projected volumes, asked of the API as a TokenRequest bound to the pod.
 * Errors carry the plugin's own cause text; the caller prefixes
 * `MountVolume.SetUp failed for volume "<name>" : `.
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
    else if (projection.serviceAccountToken) part.set(projection.serviceAccountToken.path, await serviceAccountToken(pod, projection.serviceAccountToken, sources));
    for (const [path, content] of part) files.set(path, content);
  }
  return files;
}

/**
 * The token file of a serviceAccountToken projection: the kubelet's token manager asks the API for
 * a TokenRequest bound to the pod (no audience: the API server's own), and writes what it gets.
 */
async function serviceAccountToken(pod: Readonly<KubeObject>, source: Source, sources: VolumeSources): Promise<string> {
  const request = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: {},
    spec: {
      audiences: source.audience ? [source.audience] : [],
      expirationSeconds: source.expirationSeconds ?? 3600,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
    },
  };
  try {
    return await sources.requestToken(pod.metadata.namespace ?? 'default', pod.spec?.serviceAccountName ?? 'default', request);
  } catch (err) {
    throw new Error(`failed to fetch token: ${(err as Error).message}`);
  }
}

/**
 * What the API server serves for each established CRD (apiextensions' crdHandler and its
 * per-CRD serving info): a ResourceInfo per served version, registered in the shared resource
 * table so that paths, discovery, the registry and the namespace controller find it, plus the
 * per-version schema, printer columns and subresources the registry needs. Kept in step with the
 * store by crd-controller.ts. Multi-version CRDs share one storage and convert with strategy
 * None: an object is stored with the apiVersion it was written with and read in the one asked for.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { registerResources, unregisterResources, type ResourceInfo, type SubresourceInfo } from '../../../shared/api/resources.js';
import { customResourceInfo, type CrdPrinterColumn } from '../../../shared/api/custom-resource-info.js';
import { compareVersions } from '../../../shared/api/version-priority.js';
import type { JsonSchema } from './schema-validation.js';

type Json = Record<string, any>;


export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface ServedVersion {
  name: string;
  schema: JsonSchema;
  columns: CrdPrinterColumn[];
  hasStatus: boolean;
  scale?: ScalePaths;
  /** The schema has a `default:` somewhere: reads must fill it in. */
  hasDefaults: boolean;
  /** Some object in the schema drops unknown fields: reads must prune what a narrower schema no longer specifies. */
  prunes: boolean;
}

/**
 * Whether pruning by `schema` can drop anything: an object node that neither preserves unknown
 * fields nor takes any additional property. A schema preserving everywhere lets reads skip the copy.
 */
function canPrune(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  const objectNode = schema.type === 'object' || schema.properties !== undefined;
  const takesAny = schema.additionalProperties === true || typeof schema.additionalProperties === 'object';
  if (objectNode && schema['x-kubernetes-preserve-unknown-fields'] !== true && !takesAny) return true;
  if (typeof schema.additionalProperties === 'object' && canPrune(schema.additionalProperties)) return true;
  return canPrune(schema.items) || Object.values(schema.properties ?? {}).some(canPrune);
}

function hasDefault(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  if ('default' in schema) return true;
  return Object.values(schema).some(hasDefault);
}

export interface ServedCrd {
  /** `crontabs.stable.example.com`. */
  name: string;
  group: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  versions: ReadonlyMap<string, ServedVersion>;
  /** The CRD is being deleted: new objects are refused while the old ones go. */
  terminating: boolean;
}

const subresourceVerbs = ['get', 'patch', 'update'];

const byGroupResource = new Map<string, ServedCrd>();
/** What ends each open watch on a CRD's kinds, by CRD name. */
const watchEnders = new Map<string, Set<() => void>>();

/**
 * Ends `end` when the CRD stops being served (deleted): the real apiserver destroys the kind's
 * storage and its watch cache with it, which closes every watch on it, so `kubectl get ct -w`
 * returns. Returns the unsubscribe, for a watch that ends first.
 */
export function endWhenCrdGoes(crdName: string, end: () => void): () => void {
  let enders = watchEnders.get(crdName);
  if (!enders) watchEnders.set(crdName, (enders = new Set()));
  enders.add(end);
  return () => {
    enders.delete(end);
    if (enders.size === 0 && watchEnders.get(crdName) === enders) watchEnders.delete(crdName);
  };
}

/** The served CRD behind a resource, if it is a custom one. */
export function servedCrdFor(info: { group: string; resource: string }): ServedCrd | undefined {
  return byGroupResource.get(`${info.group}/${info.resource}`);
}

/** The version of a custom resource a request or object is in (its apiVersion's version). */
export function servedVersionOf(crd: ServedCrd, apiVersion: string | undefined): ServedVersion | undefined {
  const version = apiVersion?.slice(apiVersion.indexOf('/') + 1);
  return (version && crd.versions.get(version)) || undefined;
}

/** Serves (or re-serves, after a change) an established CRD; no-op for one with no served version. */
export function serveCrd(crd: KubeObject, terminating: boolean): void {
  const spec: Json = crd.spec ?? {};
  const names: Json = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : spec.names ?? {};
  const versions = new Map<string, ServedVersion>();
  const infos: ResourceInfo[] = [];
  const served = (spec.versions ?? []).filter((v: Json) => v.served).sort((a: Json, b: Json) => compareVersions(a.name, b.name));
  for (const v of served as Json[]) {
    const scale: ScalePaths | undefined = v.subresources?.scale;
    const hasStatus = Boolean(v.subresources?.status);
    const schema: JsonSchema = v.schema?.openAPIV3Schema ?? {};
    versions.set(v.name, { name: v.name, schema, columns: v.additionalPrinterColumns ?? [], hasStatus, scale, hasDefaults: hasDefault(schema), prunes: canPrune(schema) });
    const subresources: SubresourceInfo[] = [];
    if (scale) subresources.push({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: subresourceVerbs });
    if (hasStatus) subresources.push({ name: 'status', verbs: subresourceVerbs });
    const info = customResourceInfo(crd, v.name, subresources);
    if (!info) continue;
    infos.push(info);
  }
  const name = crd.metadata.name!;
  if (infos.length === 0) return stopServingCrd(name);
  const entry: ServedCrd = { name, group: spec.group, plural: names.plural, kind: names.kind, namespaced: spec.scope === 'Namespaced', versions, terminating };
  for (const [key, other] of byGroupResource) if (other.name === name) byGroupResource.delete(key);
  byGroupResource.set(`${entry.group}/${entry.plural}`, entry);
  registerResources(name, infos);
}

/** Stops serving a CRD's kinds (deleted, or no longer established). */
export function stopServingCrd(name: string): void {
  for (const [key, other] of byGroupResource) if (other.name === name) byGroupResource.delete(key);
  unregisterResources(name);
  const enders = watchEnders.get(name);
  watchEnders.delete(name);
  for (const end of enders ?? []) end();
}

/** Names of the CRDs served now (the controller stops them all when the API server stops). */
export function servedCrdNames(): string[] {
  return [...new Set([...byGroupResource.values()].map((c) => c.name))];
}

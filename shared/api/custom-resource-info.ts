/**
 * What a CustomResourceDefinition object says about the kind it serves, read by API clients (the
 * garbage collector's monitors, the TUI's `:` commands) that learn custom kinds from the CRDs
 * rather than from the apiserver's tables: the kind's resource in its preferred served version
 * (the one discovery prefers, by Kubernetes' version priority) and that version's printer columns.
 */
import type { KubeObject } from './meta.js';
import type { ResourceInfo, SubresourceInfo } from './resources.js';
import { compareVersions } from './version-priority.js';

/** One additionalPrinterColumns entry of a CRD version. */
export interface CrdPrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface CustomResource {
  info: ResourceInfo;
  /** The preferred version's additionalPrinterColumns (empty: the server prints NAME and AGE). */
  columns: CrdPrinterColumn[];
}

type Json = Record<string, any>;

// Custom resources take every verb, in the order a real apiserver lists them for CRDs.
const customVerbs = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/** A CRD's names: the accepted ones once its naming controller has accepted them, else the asked-for ones. */
function crdNames(crd: Readonly<KubeObject>): Json {
  return crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : crd.spec?.names ?? {};
}

/** The resource a CRD serves in one version (undefined while it has no plural or kind). */
export function customResourceInfo(crd: Readonly<KubeObject>, version: string, subresources: SubresourceInfo[] = []): ResourceInfo | undefined {
  const spec: Json = crd.spec ?? {};
  const names = crdNames(crd);
  if (!names.plural || !names.kind) return undefined;
  const info: ResourceInfo = {
    group: spec.group,
    version,
    resource: names.plural,
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    singular: names.singular || String(names.kind).toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    verbs: customVerbs,
    subresources,
  };
  if (names.shortNames?.length) info.shortNames = [...names.shortNames];
  if (names.categories?.length) info.categories = [...names.categories];
  return info;
}

/** The `Established=True` condition: the apiserver serves the CRD's kind. */
export function isCrdEstablished(crd: Readonly<KubeObject>): boolean {
  return (crd.status?.conditions ?? []).some((c: Json) => c.type === 'Established' && c.status === 'True');
}

/** The kind an established CRD serves, in its preferred version; undefined while it is not served. */
export function preferredCustomResource(crd: Readonly<KubeObject>): CustomResource | undefined {
  if (!isCrdEstablished(crd)) return undefined;
  const spec: Json = crd.spec ?? {};
  const served = (spec.versions ?? []).filter((v: Json) => v.served).sort((a: Json, b: Json) => compareVersions(a.name, b.name));
  const preferred: Json | undefined = served[0];
  const info = preferred && customResourceInfo(crd, preferred.name);
  if (!info) return undefined;
  return { info, columns: preferred.additionalPrinterColumns ?? [] };
}

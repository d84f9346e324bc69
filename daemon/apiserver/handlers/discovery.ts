/**
 * Discovery documents, built on each request from the served resource table (built-in kinds plus
 * those of established CRDs, so a new CRD shows up at once): the aggregated form kubectl 1.32 asks
 * for first (`apidiscovery.k8s.io/v2`, recognised by the response Content-Type alone), and the
 * legacy APIVersions / APIGroupList / APIResourceList that `kubectl drain` and older clients read
 * (reference/kubectl-compat.md §2).
 */
import { servedResources, groupVersions, type ResourceInfo } from '../../../shared/api/resources.js';
import { formatApiVersion } from '../../../shared/api/meta.js';

export const aggregatedMediaType = (version: 'v2' | 'v2beta1'): string => `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;

/** Which aggregated version the Accept header asks for, if any (first match wins, as listed). */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const part of (accept ?? '').split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList') || !part.includes('g=apidiscovery.k8s.io')) continue;
    if (/v=v2(;|$|\s)/.test(part)) return 'v2';
    if (part.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}

function resourceEntry(info: ResourceInfo): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: info.verbs,
  };
  if (info.shortNames) entry.shortNames = info.shortNames;
  if (info.categories) entry.categories = info.categories;
  if (info.subresources.length) {
    entry.subresources = info.subresources.map((s) => ({
      subresource: s.name,
      responseKind: s.kind ?? { group: info.group, version: info.version, kind: info.kind },
      verbs: s.verbs,
    }));
  }
  return entry;
}

export function aggregatedDiscovery(core: boolean, version: 'v2' | 'v2beta1'): Record<string, unknown> {
  const groups = new Map<string, { version: string; resources: ResourceInfo[] }[]>();
  for (const gv of groupVersions()) {
    if ((gv.group === '') !== core) continue;
    const list = groups.get(gv.group) ?? [];
    list.push({ version: gv.version, resources: servedResources().filter((r) => r.group === gv.group && r.version === gv.version) });
    groups.set(gv.group, list);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: [...groups].map(([group, versions]) => ({
      metadata: group === '' ? {} : { name: group },
      versions: versions.map((v) => ({ version: v.version, resources: v.resources.map(resourceEntry), freshness: 'Current' })),
    })),
  };
}

export function legacyApiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(group: string): Record<string, unknown> | undefined {
  const versions = groupVersions().filter((gv) => gv.group === group);
  if (versions.length === 0) return undefined;
  const entries = versions.map((v) => ({ groupVersion: formatApiVersion(group, v.version), version: v.version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

export function legacyApiGroupList(): Record<string, unknown> {
  const names = [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map(apiGroup) };
}

export function legacyApiGroup(group: string): Record<string, unknown> | undefined {
  const g = apiGroup(group);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
}

export function legacyResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const infos = servedResources().filter((r) => r.group === group && r.version === version);
  if (infos.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const info of infos) {
    const entry: Record<string, unknown> = { name: info.resource, singularName: info.singular, namespaced: info.namespaced, kind: info.kind, verbs: info.verbs };
    if (info.shortNames) entry.shortNames = info.shortNames;
    if (info.categories) entry.categories = info.categories;
    list.push(entry);
    for (const sub of info.subresources) {
      const subEntry: Record<string, unknown> = { name: `${info.resource}/${sub.name}`, singularName: '', namespaced: info.namespaced, kind: sub.kind?.kind ?? info.kind, verbs: sub.verbs };
      if (sub.kind && sub.kind.group !== info.group) {
        subEntry.group = sub.kind.group;
        subEntry.version = sub.kind.version;
      }
      list.push(subEntry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: formatApiVersion(group, version), resources: list };
}

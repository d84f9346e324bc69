/**
 * The one alias table for `:` commands (STYLE §2.11): every listable resource by its plural,
 * singular, kind and the API's short names (`po`, `deploy`, `svc`, `no`, `ns`, `ev`), plus the
 * aliases k9s adds (`dp`, `jo`, `sec`, `cr`…). Built from shared/api/resources.ts, the table
 * discovery serves, so a resource the API gains is reachable at once.
 */
import { resources, type ResourceInfo } from '../../shared/api/resources.js';

/** k9s' own aliases that the API does not advertise. */
const k9sAliases: Record<string, string> = {
  dp: 'apps/deployments',
  jo: 'batch/jobs',
  sec: 'secrets',
  cr: 'apps/controllerrevisions',
  eps: 'discovery.k8s.io/endpointslices',
  pt: 'podtemplates',
  event: 'events',
};

function pathOf(info: ResourceInfo): string {
  return info.group === '' ? info.resource : `${info.group}/${info.resource}`;
}

const table = new Map<string, ResourceInfo>();
const byPath = new Map<string, ResourceInfo>();
for (const info of resources) {
  if (!info.verbs.includes('list') || !info.verbs.includes('watch')) continue;
  // events.k8s.io events share `ev` and `events` with core events: the first (core) one wins.
  if (!byPath.has(pathOf(info))) byPath.set(pathOf(info), info);
  for (const name of [info.resource, info.singular, info.kind.toLowerCase(), ...(info.shortNames ?? []), `${info.resource}.${info.group}`]) {
    if (!table.has(name)) table.set(name, info);
  }
}
for (const [alias, path] of Object.entries(k9sAliases)) {
  const info = byPath.get(path);
  if (info && !table.has(alias)) table.set(alias, info);
}

/** The resource an alias names (case-insensitive), or undefined. */
export function resolveAlias(alias: string): ResourceInfo | undefined {
  return table.get(alias.toLowerCase());
}

/** A resource by group and plural (`apps`, `deployments`). */
export function resourceByPath(group: string, resource: string): ResourceInfo | undefined {
  return byPath.get(group === '' ? resource : `${group}/${resource}`);
}

/** Every alias, for help and completion: `[alias, resource]`, sorted by alias. */
export function aliasList(): Array<[string, string]> {
  return [...table.entries()].map(([alias, info]): [string, string] => [alias, pathOf(info)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * The one alias table for `:` commands (STYLE §2.11): every listable resource by its plural,
 * singular, kind and the API's short names (`po`, `deploy`, `svc`, `no`, `ns`, `ev`), plus the
 * aliases k9s adds (`dp`, `jo`, `sec`, `cr`…). Built from shared/api/resources.ts, the table
 * discovery serves, plus the custom kinds of the cluster's CRDs (custom-resources.ts), looked up
 * after the built-in names as kubectl's RESTMapper prefers the built-in groups (`:ct`,
 * `:crontab`, `:crontabs.stable.example.com`).
 */
import { resources, type ResourceInfo } from '../../shared/api/resources.js';
import { customResourceFor, customResources } from './custom-resources.js';

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
  for (const name of namesOf(info)) {
    if (!table.has(name)) table.set(name, info);
  }
}
for (const [alias, path] of Object.entries(k9sAliases)) {
  const info = byPath.get(path);
  if (info && !table.has(alias)) table.set(alias, info);
}

function namesOf(info: ResourceInfo): string[] {
  return [info.resource, info.singular, info.kind.toLowerCase(), ...(info.shortNames ?? []), `${info.resource}.${info.group}`];
}

/** The resource an alias names (case-insensitive), or undefined. */
export function resolveAlias(alias: string): ResourceInfo | undefined {
  const name = alias.toLowerCase();
  const builtIn = table.get(name);
  if (builtIn) return builtIn;
  // `crontab.stable.example.com` and `crontabs.v1.stable.example.com` name it fully, as kubectl takes them.
  return customResources().find(({ info }) => namesOf(info).includes(name) || name === `${info.singular}.${info.group}` || name === `${info.resource}.${info.version}.${info.group}`)?.info;
}

/** A resource by group and plural (`apps`, `deployments`), built-in or custom. */
export function resourceByPath(group: string, resource: string): ResourceInfo | undefined {
  return byPath.get(group === '' ? resource : `${group}/${resource}`) ?? customResourceFor(group, resource)?.info;
}

/** Every alias, for help and completion: `[alias, resource]`, sorted by alias. */
export function aliasList(): Array<[string, string]> {
  const custom = customResources().flatMap(({ info }) => namesOf(info).filter((name) => !table.has(name)).map((name): [string, string] => [name, pathOf(info)]));
  return [...[...table.entries()].map(([alias, info]): [string, string] => [alias, pathOf(info)]), ...custom].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * The OpenAPI v3 schema of a custom resource kind, as the apiextensions apiserver publishes it for
 * `kubectl explain` and client-side checks: named after the reversed group
 * (`com.example.stable.v1.CronTab`), the version's openAPIV3Schema with apiVersion, kind and
 * metadata (a $ref to ObjectMeta) filled in, and its group-version-kind. Left out: the list kind's
 * schema and the status/scale paths of the document.
 */
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { servedCrdFor } from './served-crds.js';

type OpenApiSchema = Record<string, unknown>;

/** `stable.example.com` → `com.example.stable`. */
function reversedGroup(group: string): string {
  return group.split('.').reverse().join('.');
}

/** The component of one custom kind, or undefined for a resource that is not one. */
export function customResourceSchema(info: ResourceInfo, typeMeta: Record<string, OpenApiSchema>): { name: string; schema: OpenApiSchema } | undefined {
  const version = servedCrdFor(info)?.versions.get(info.version);
  if (!version) return undefined;
  const schema = structuredClone(version.schema) as OpenApiSchema;
  const properties = { ...((schema.properties as Record<string, OpenApiSchema> | undefined) ?? {}) };
  // The apiserver always describes the type meta and metadata, whatever the CRD's schema says.
  properties.apiVersion = typeMeta.apiVersion!;
  properties.kind = typeMeta.kind!;
  properties.metadata = typeMeta.metadata!;
  const sorted = Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    name: `${reversedGroup(info.group)}.${info.version}.${info.kind}`,
    schema: { ...schema, type: 'object', properties: sorted, 'x-kubernetes-group-version-kind': [{ group: info.group, kind: info.kind, version: info.version }] },
  };
}

/**
 * OpenAPI v3 documents, generated from the schema table: the `/openapi/v3` index and one document per
 * served group-version. kubectl reads them for `--validate=strict` (does PATCH accept fieldValidation?)
 * and for `kubectl explain` (components.schemas). PATCH operations deliberately carry no requestBody:
 * without one kubectl computes strategic merge patches from its compiled-in types, which are right
 * for every built-in kind (reference/kubectl-compat.md §3.2). Descriptions and enums come from
 * Kubernetes' own API docs (openapi-descriptions.ts). Pure functions: the server does the HTTP.
 */
import { createHash } from 'node:crypto';
import { groupVersionPath, groupVersions, isDynamicResource, servedResources, type GroupVersionKind } from '../../../shared/api/resources.js';
import { customResourceSchema } from '../crd/crd-openapi.js';
import { findMessage, jsonFields, rootMessageFor, type FieldType, type MessageSchema } from '../../../shared/api/schema/schema.js';
import { fieldDoc, requiredFields, typeDescription, type FieldDoc } from './openapi-descriptions.js';

/** A JSON schema object as OpenAPI v3 writes it. */
export type OpenApiSchema = Record<string, unknown>;

/** The body of `GET /openapi/v3`. */
export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** The body of `GET /openapi/v3/apis/<group>/<version>`. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, { patch: OpenApiSchema }>;
  components: { schemas: Record<string, OpenApiSchema> };
}

// The real apiserver's names for the packages of our schema table.
const schemaPrefixes: Record<string, string> = {
  meta: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  intstr: 'io.k8s.apimachinery.pkg.util.intstr',
  resource: 'io.k8s.apimachinery.pkg.api.resource',
  apiextensions: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  apiregistration: 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
};

// How kube-openapi v3 writes the types with their own JSON form. Quantity and IntOrString use oneOf with
// no top-level type, which is why `kubectl explain` shows `<Quantity>` and `<IntOrString>` for them.
const customSchemas: Record<string, OpenApiSchema> = {
  time: { type: 'string', format: 'date-time' },
  microtime: { type: 'string', format: 'date-time' },
  quantity: { oneOf: [{ type: 'string' }, { type: 'number' }] },
  intorstring: { oneOf: [{ type: 'integer' }, { type: 'string' }], format: 'int-or-string' },
  rawjson: { type: 'object' },
  unknown: { type: 'object' },
};

const documents = new Map<string, OpenApiDocument>();

/** `api/v1` or `apis/apps/v1`: the key of a group-version in the index. */
export function openapiPathKey(group: string, version: string): string {
  return groupVersionPath(group, version).slice(1);
}

/**
 * The index: one entry per served group-version, its URL carrying the document's hash (kubectl
 * caches documents by that URL). By default the hash is of the document's content.
 */
export function openapiIndex(hashFor: (pathKey: string) => string = contentHash): OpenApiIndex {
  const paths: OpenApiIndex['paths'] = {};
  for (const { group, version } of groupVersions()) {
    const key = openapiPathKey(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hashFor(key)}` };
  }
  return { paths };
}

/**
 * The document of one served group-version, or undefined for one we do not serve. Built once and
 * cached: callers must not modify it.
 */
export function openapiGroupVersion(group: string, version: string): OpenApiDocument | undefined {
  const key = openapiPathKey(group, version);
  const cached = documents.get(key);
  if (cached) return cached;
  const served = servedResources().filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  // A custom group-version changes with its CRD: built on each request, never cached.
  const isCustom = served.some(isDynamicResource);
  const paths: OpenApiDocument['paths'] = {};
  const roots: MessageSchema[] = [];
  const customSchemas: Record<string, OpenApiSchema> = {};
  for (const info of served) {
    const gvk = { group, version, kind: info.kind };
    const base = info.namespaced ? `/${key}/namespaces/{namespace}/${info.resource}/{name}` : `/${key}/${info.resource}/{name}`;
    // cli-runtime's query_param_verifier_v3 looks for this parameter on the GVK's PATCH operation.
    paths[base] = {
      patch: {
        'x-kubernetes-group-version-kind': gvk,
        parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }],
        responses: {},
      },
    };
    const root = rootMessageFor(group, version, info.kind);
    if (root) roots.push(root);
    const custom = isDynamicResource(info) ? customResourceSchema(info, typeMetaDocs()) : undefined;
    if (custom) {
      customSchemas[custom.name] = custom.schema;
      roots.push(findMessage('meta.ObjectMeta')!);
    }
  }
  const doc: OpenApiDocument = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    components: { schemas: { ...schemasFor(roots), ...customSchemas } },
  };
  if (!isCustom) documents.set(key, doc);
  return doc;
}

const hashes = new Map<string, string>();

/** Upper-case hex SHA-512 of the document, the form the real apiserver's hashes take. */
function contentHash(pathKey: string): string {
  let hash = hashes.get(pathKey);
  if (!hash) {
    const [group, version] = pathKey.startsWith('api/') ? ['', pathKey.slice(4)] : pathKey.slice(5).split('/');
    hash = createHash('sha512').update(JSON.stringify(openapiGroupVersion(group, version) ?? {})).digest('hex').toUpperCase();
    if (documents.has(pathKey)) hashes.set(pathKey, hash);
  }
  return hash;
}

/** The apiVersion and kind properties every kind's schema carries (taken from Pod's, they are the same text). */
function typeMetaDocs(): Record<string, OpenApiSchema> {
  const pod = messageSchema(findMessage('core.v1.Pod')!, () => undefined).properties as Record<string, OpenApiSchema>;
  return { apiVersion: pod.apiVersion!, kind: pod.kind!, metadata: pod.metadata! };
}

/** `core.v1.Pod` → `io.k8s.api.core.v1.Pod`; `meta.ObjectMeta` → `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`. */
export function openapiSchemaName(messageName: string): string {
  const dot = messageName.indexOf('.');
  const pkg = messageName.slice(0, dot);
  return pkg in schemaPrefixes ? `${schemaPrefixes[pkg]}.${messageName.slice(dot + 1)}` : `io.k8s.api.${messageName}`;
}

/** The schemas of `roots` and every message they reach, keyed by their OpenAPI names. */
function schemasFor(roots: MessageSchema[]): Record<string, OpenApiSchema> {
  const kindsByMessage = servedKindsByMessage();
  const schemas: Record<string, OpenApiSchema> = {};
  const queue = roots.map((r) => r.name);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const msg = findMessage(name);
    if (!msg) continue;
    const schema = messageSchema(msg, (ref) => queue.push(ref));
    const kinds = kindsByMessage.get(name);
    if (kinds) schema['x-kubernetes-group-version-kind'] = kinds;
    schemas[openapiSchemaName(name)] = schema;
  }
  return schemas;
}

function messageSchema(msg: MessageSchema, reach: (message: string) => void): OpenApiSchema {
  if (msg.custom) return { ...customSchemas[msg.custom] };
  const properties: Record<string, OpenApiSchema> = {};
  // Inline embeddings are flattened, as JSON has them; sorted like the real documents.
  const fields = [...jsonFields(msg).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, field] of fields) properties[name] = describedSchema(typeSchema(field.type, reach), fieldDoc(msg, name));
  const schema: OpenApiSchema = { type: 'object', properties };
  const description = typeDescription(msg.name);
  if (description) schema.description = description;
  const required = requiredFields(msg).filter((name) => name in properties);
  if (required.length > 0) schema.required = required;
  return schema;
}

/**
 * A property with its description (what `kubectl explain` prints) and enum values. A `$ref` cannot
 * have siblings in OpenAPI 3.0, so kube-openapi wraps it: `{allOf: [{$ref}], default: {}, description}`.
 */
function describedSchema(schema: OpenApiSchema, doc: FieldDoc | undefined): OpenApiSchema {
  if (!doc?.description) return schema;
  if (schema.$ref) return { allOf: [schema], default: {}, description: doc.description };
  return doc.enum ? { ...schema, description: doc.description, enum: doc.enum } : { ...schema, description: doc.description };
}

function typeSchema(type: FieldType, reach: (message: string) => void): OpenApiSchema {
  switch (type.kind) {
    case 'repeated':
      return { type: 'array', items: typeSchema(type.element, reach) };
    case 'map':
      return { type: 'object', additionalProperties: typeSchema(type.value, reach) };
    case 'message':
      reach(type.message);
      return { $ref: `#/components/schemas/${openapiSchemaName(type.message)}` };
    case 'scalar':
      switch (type.scalar) {
        case 'string':
          return { type: 'string' };
        case 'bytes':
          return { type: 'string', format: 'byte' };
        case 'bool':
          return { type: 'boolean' };
        case 'double':
          return { type: 'number', format: 'double' };
        default:
          return { type: 'integer', format: type.scalar };
      }
  }
}

/** Every served kind by its root message; `kubectl explain` matches these against the path's GVK. */
function servedKindsByMessage(): Map<string, GroupVersionKind[]> {
  const out = new Map<string, GroupVersionKind[]>();
  for (const info of servedResources()) {
    const root = rootMessageFor(info.group, info.version, info.kind);
    if (!root) continue;
    const list = out.get(root.name) ?? [];
    // explain compares these with the PATCH operation's GVK by deep equality: same three keys, group '' for core.
    list.push({ group: info.group, version: info.version, kind: info.kind });
    out.set(root.name, list);
  }
  return out;
}

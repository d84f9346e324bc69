/**
 * Pruning and defaulting of custom resources by their structural schema (apiextensions'
 * pkg/apiserver/schema/pruning and defaulting): fields the schema does not specify are dropped
 * (and named, for fieldValidation Strict/Warn: `unknown field "spec.foo"`), except under
 * `x-kubernetes-preserve-unknown-fields: true`; `default:` values fill absent fields, deepest last,
 * on every write; custom-resource-strategy.ts applies both to reads from storage too. Left out:
 * pruning inside embedded resources' metadata.
 */
import type { JsonSchema } from './schema-validation.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Removes, in place, the fields `schema` does not specify; returns their paths in document order. */
export function pruneUnknownFields(obj: Json, schema: JsonSchema): string[] {
  const unknown: string[] = [];
  // The root keeps apiVersion, kind and metadata whatever the schema says (metadata is ObjectMeta's business).
  pruneObject(obj, schema, '', unknown, new Set(['apiVersion', 'kind', 'metadata']));
  return unknown;
}

/**
 * Removes, in place, what `schema` does not specify from a value that is not a resource root (a
 * `default:` being checked): an embedded resource keeps apiVersion, kind and metadata.
 */
export function pruneValueBySchema(value: unknown, schema: JsonSchema): void {
  pruneValue(value, schema, '', []);
}

function pruneValue(value: unknown, schema: JsonSchema | undefined, path: string, unknown: string[]): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((element, i) => pruneValue(element, schema.items, `${path}[${i}]`, unknown));
    return;
  }
  if (isObject(value)) {
    const keep = schema['x-kubernetes-embedded-resource'] ? new Set(['apiVersion', 'kind', 'metadata']) : new Set<string>();
    pruneObject(value, schema, path, unknown, keep);
  }
}

function pruneObject(obj: Json, schema: JsonSchema, path: string, unknown: string[], keep: Set<string>): void {
  const prefix = path ? `${path}.` : '';
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = schema.additionalProperties;
  for (const key of Object.keys(obj)) {
    if (keep.has(key)) continue;
    const property = schema.properties?.[key];
    if (property) {
      pruneValue(obj[key], property, `${prefix}${key}`, unknown);
    } else if (isObject(additional)) {
      pruneValue(obj[key], additional, `${prefix}${key}`, unknown);
    } else if (!preserve && additional !== true) {
      unknown.push(`${prefix}${key}`);
      delete obj[key];
    }
  }
}

/** Fills absent fields with their schema's `default`, in place (a copy of the default each time). */
export function applyDefaults(obj: Json, schema: JsonSchema): void {
  defaultObject(obj, schema);
}

function defaultValue(value: unknown, schema: JsonSchema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const element of value) defaultValue(element, schema.items);
    return;
  }
  if (isObject(value)) defaultObject(value, schema);
}

function defaultObject(obj: Json, schema: JsonSchema): void {
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (obj[key] === undefined && property.default !== undefined) obj[key] = structuredClone(property.default);
    // A null in a non-nullable field with a default is defaulted too, as upstream does.
    else if (obj[key] === null && property.default !== undefined && !property.nullable) obj[key] = structuredClone(property.default);
    defaultValue(obj[key], property);
  }
  if (isObject(schema.additionalProperties)) {
    for (const key of Object.keys(obj)) if (!schema.properties?.[key]) defaultValue(obj[key], schema.additionalProperties);
  }
}

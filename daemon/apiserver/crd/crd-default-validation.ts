/**
 * The check of a CRD schema's `default:` values (apiextensions' defaulting.ValidateDefaults): each
 * default must already be pruned (`must not have unknown fields`) and must validate against its own
 * subschema, the validator rooted at the default, so a wrong-typed scalar reads
 * `…properties[size].default: Invalid value: "string":  in body must be of type integer: "string"`.
 * Without it a CRD with a bad default is accepted and then every create of its kind fails.
 * Follows properties and items, never additionalProperties (defaults are forbidden there). Left out:
 * the metadata coercion of defaults under an embedded resource's apiVersion/kind/metadata, and the
 * update ratchet that lets an old CRD keep unpruned defaults.
 */
import type { FieldError } from '../../../shared/api/errors.js';
import { deepEqual, invalidFormatted } from '../registry/strategy-helpers.js';
import { pruneValueBySchema } from './schema-pruning.js';
import { validateValueAgainstSchema, type JsonSchema } from './schema-validation.js';

/** The errors of every `default:` in `schema`, named from `path` (the schema's own field path). */
export function validateSchemaDefaults(schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  walk(schema, path, errors);
  return errors;
}

function walk(schema: JsonSchema, path: string, errors: FieldError[]): void {
  // `default: null` decodes to no default at all (apiextensions' JSON conversion drops a literal null).
  if (schema.default !== undefined && schema.default !== null) errors.push(...checkDefault(schema, `${path}.default`));
  if (schema.items) walk(schema.items, `${path}.items`, errors);
  // Go walks a map in random order; sorted keys keep the message stable between runs.
  for (const name of Object.keys(schema.properties ?? {}).sort()) walk(schema.properties![name]!, `${path}.properties[${name}]`, errors);
}

function checkDefault(schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const pruned = structuredClone(schema.default);
  pruneValueBySchema(pruned, schema);
  if (!deepEqual(pruned, schema.default)) errors.push(invalidFormatted(path, goJsonValue(schema.default), 'must not have unknown fields'));
  // The validator names fields from the default down; the CRD error hangs them under `.default`.
  for (const error of validateValueAgainstSchema(schema.default, schema)) {
    errors.push({ ...error, field: error.field ? `${path}.${error.field}` : path });
  }
  return errors;
}

/**
 * Go's `%#v` of a value decoded from JSON, as the field error prints a default: objects are always
 * `map[string]interface {}` and arrays `[]interface {}` there, whatever they hold (goValue in
 * shared/api/errors.ts guesses narrower Go types for typed fields).
 */
function goJsonValue(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goJsonValue).join(', ')}}`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]interface {}{${entries.map(([k, v]) => `${JSON.stringify(k)}:${goJsonValue(v)}`).join(', ')}}`;
}

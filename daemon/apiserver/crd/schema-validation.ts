/**
 * Validation of a custom resource against its version's `openAPIV3Schema`, as the apiextensions
 * apiserver does with kube-openapi's validator, with its error shape: `spec.replicas: Invalid value:
 * "string": spec.replicas in body must be of type integer: "string"`. Covers type, properties,
 * additionalProperties, required, enum, minimum/maximum (and exclusive), pattern,
 * minLength/maxLength, minItems/maxItems, items, nullable, x-kubernetes-int-or-string and
 * x-kubernetes-embedded-resource. Left out: allOf/anyOf/oneOf/not, formats, CEL
 * (x-kubernetes-validations), uniqueItems and list-type checks.
 *
 * Hand-written rather than ajv: kube-openapi's words, error order and field paths are what learners
 * compare, and a JSON-schema library's errors would have to be translated one by one anyway.
 */
import { RE2JS } from 're2js';
import { field, type FieldError } from '../../../shared/api/errors.js';

/** The part of JSONSchemaProps this simulator reads. */
export interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  format?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** kube-openapi's name for the JSON type of a value, as the type error prints it. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  return typeof value;
}

/** The errors of `value` (a whole object) against `schema`; metadata is validated elsewhere. */
export function validateAgainstSchema(value: unknown, schema: JsonSchema): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(value)) return errors;
  const root: JsonSchema = { ...schema, properties: { ...schema.properties } };
  // apiVersion, kind and metadata are checked by the generic pipeline, not by the CRD's schema.
  for (const key of ['apiVersion', 'kind', 'metadata']) delete root.properties![key];
  validateObject(value, root, '', errors);
  return errors;
}

/**
 * The errors of any value against `schema` taken as the validator's root (a `default:` checked
 * against its own subschema): the root has an empty name, so a wrong type there reads
 * ` in body must be of type integer: "string"` (leading space and all, as kube-openapi prints it),
 * and nested fields are named from the value down (`port in body …`).
 */
export function validateValueAgainstSchema(value: unknown, schema: JsonSchema): FieldError[] {
  const errors: FieldError[] = [];
  validateValue(value, schema, '', errors);
  return errors;
}

function typeMatches(value: unknown, schema: JsonSchema): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  switch (schema.type) {
    case undefined:
    case '':
      return true;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === schema.type;
  }
}

function validateValue(value: unknown, schema: JsonSchema, path: string, errors: FieldError[]): void {
  if (value === null) {
    if (schema.nullable || (!schema.type && !schema['x-kubernetes-int-or-string'])) return;
    errors.push(field.invalid(path, 'null', `${path} in body must be of type ${schema.type ?? 'string'}: "null"`));
    return;
  }
  if (!typeMatches(value, schema)) {
    const wanted = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type;
    const actual = jsonTypeName(value);
    errors.push(field.invalid(path, actual, `${path} in body must be of type ${wanted}: "${actual}"`));
    return;
  }
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    errors.push(field.notSupported(path, value, schema.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))));
  }
  if (typeof value === 'number') validateNumber(value, schema, path, errors);
  else if (typeof value === 'string') validateString(value, schema, path, errors);
  else if (Array.isArray(value)) validateArray(value, schema, path, errors);
  else if (isObject(value)) validateObject(value, schema, path, errors);
}

function validateNumber(value: number, schema: JsonSchema, path: string, errors: FieldError[]): void {
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
      errors.push(field.invalid(path, value, `${path} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`));
    }
  }
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
      errors.push(field.invalid(path, value, `${path} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`));
    }
  }
}

function validateString(value: string, schema: JsonSchema, path: string, errors: FieldError[]): void {
  // Lengths count characters (runes), as Go's utf8.RuneCountInString does.
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(field.tooLong(path, value, schema.maxLength));
  if (schema.minLength !== undefined && length < schema.minLength) errors.push(field.invalid(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
  if (schema.pattern !== undefined && !matchesPattern(value, schema.pattern)) errors.push(field.invalid(path, value, `${path} in body should match '${schema.pattern}'`));
}

/**
 * Compiled `pattern`s, by source: a CRD's patterns are few and checked on every write. Bounded so
 * that CRDs created and deleted over a daemon's life do not pile up.
 */
const compiledPatterns = new Map<string, RE2JS | undefined>();
const compiledPatternsLimit = 1_000;

/**
 * The apiserver matches `pattern` with Go's regexp, an RE2 engine: linear time, no backtracking, and
 * RE2's syntax (`(?i)`, `\z`). re2js is a port of it: JavaScript's RegExp backtracks, so a CRD's
 * `(a+)+$` against a long string would stall the daemon's one thread, and it reads some RE2
 * syntax differently.
 */
function matchesPattern(value: string, pattern: string): boolean {
  let compiled = compiledPatterns.get(pattern);
  if (!compiledPatterns.has(pattern)) {
    try {
      compiled = RE2JS.compile(pattern);
    } catch {
      // A pattern RE2 cannot compile was accepted with the CRD: treat it as matching rather than fail every write.
      compiled = undefined;
    }
    if (compiledPatterns.size >= compiledPatternsLimit) compiledPatterns.clear();
    compiledPatterns.set(pattern, compiled);
  }
  return compiled === undefined || compiled.matcher(value).find();
}

function validateArray(value: unknown[], schema: JsonSchema, path: string, errors: FieldError[]): void {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(field.tooMany(path, value.length, schema.maxItems));
  if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(field.invalid(path, value, `${path} in body should have at least ${schema.minItems} items`));
  if (schema.items) value.forEach((element, i) => validateValue(element, schema.items!, `${path}[${i}]`, errors));
}

function validateObject(value: Json, schema: JsonSchema, path: string, errors: FieldError[]): void {
  const prefix = path ? `${path}.` : '';
  for (const name of schema.required ?? []) {
    if (!(name in value)) errors.push(field.required(`${prefix}${name}`, ''));
  }
  const embedded = schema['x-kubernetes-embedded-resource'];
  for (const [key, child] of Object.entries(value)) {
    if (embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const propertySchema = schema.properties?.[key] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    if (propertySchema) validateValue(child, propertySchema, `${prefix}${key}`, errors);
  }
  if (embedded) {
    if (typeof value.apiVersion !== 'string' || value.apiVersion === '') errors.push(field.required(`${prefix}apiVersion`, 'must not be empty'));
    if (typeof value.kind !== 'string' || value.kind === '') errors.push(field.required(`${prefix}kind`, 'must not be empty'));
  }
}

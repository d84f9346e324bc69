/**
 * Validation of a custom resource against its version's `openAPIV3Schema`, as the apiextensions
 * apiserver does with kube-openapi's validator, with its error shape: `spec.replicas: Invalid value:
 * "string": spec.replicas in body must be of type integer: "string"`. Covers type, properties,
 * additionalProperties, required, enum, minimum/maximum (and exclusive), pattern,
 * minLength/maxLength, minItems/maxItems, items, nullable, x-kubernetes-int-or-string,
 * x-kubernetes-embedded-resource and allOf/anyOf/oneOf/not (schema-combinators.ts). On update,
 * validation ratchets (CRDValidationRatcheting, on by default since v1.30): a node whose value
 * equals its old value (correlated by key, and by list-map keys in lists) is not re-checked, so an
 * unchanged field that a tightened schema no longer accepts does not block the write. CEL rules
 * (x-kubernetes-validations) are run by cel-rules.ts. Left out: formats, uniqueItems and
 * list-type checks.
 *
 * Hand-written rather than ajv: kube-openapi's words, error order and field paths are what learners
 * compare, and a JSON-schema library's errors would have to be translated one by one anyway.
 */
import { RE2JS } from 're2js';
import { field, type FieldError } from '../../../shared/api/errors.js';
import { jsonEqual } from '../../../shared/json-equal.js';
import { validateCombinators } from './schema-combinators.js';

/** One x-kubernetes-validations entry. */
export interface ValidationRule {
  rule?: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

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
  'x-kubernetes-validations'?: ValidationRule[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
  title?: string;
}

/** The old value a node is compared with on update; undefined where none correlates (create, new fields, atomic list items). */
type Old = { value: unknown } | undefined;

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

/**
 * The errors of `value` (a whole object) against `schema`; metadata is validated elsewhere. With
 * `old` (an update), unchanged nodes are ratcheted.
 */
export function validateAgainstSchema(value: unknown, schema: JsonSchema, old?: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(value)) return errors;
  const root: JsonSchema = { ...schema, properties: { ...schema.properties } };
  // apiVersion, kind and metadata are checked by the generic pipeline, not by the CRD's schema.
  for (const key of ['apiVersion', 'kind', 'metadata']) delete root.properties![key];
  const previous: Old = isObject(old) ? { value: old } : undefined;
  validateCombinators(value, root, '', errors, validateValue);
  validateObject(value, root, '', errors, previous);
  return errors;
}

/** Whether a type error is among `errors` (the apiserver's FieldValueTypeInvalid, which kubelab prints as Invalid value). */
export function isTypeError(e: FieldError): boolean {
  return e.type === 'FieldValueInvalid' && (e.detail ?? '').includes(' in body must be of type ');
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

function validateValue(value: unknown, schema: JsonSchema, path: string, errors: FieldError[], old?: Old): void {
  // Ratcheting: an unchanged node keeps whatever it had, errors and all.
  if (old !== undefined && jsonEqual(old.value, value)) return;
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
  validateCombinators(value, schema, path, errors, validateValue);
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    errors.push(field.notSupported(path, value, schema.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))));
  }
  if (typeof value === 'number') validateNumber(value, schema, path, errors);
  else if (typeof value === 'string') validateString(value, schema, path, errors);
  else if (Array.isArray(value)) validateArray(value, schema, path, errors, old);
  else if (isObject(value)) validateObject(value, schema, path, errors, old);
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

function validateArray(value: unknown[], schema: JsonSchema, path: string, errors: FieldError[], old?: Old): void {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(field.tooMany(path, value.length, schema.maxItems));
  if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(field.invalid(path, value, `${path} in body should have at least ${schema.minItems} items`));
  if (schema.items) value.forEach((element, i) => validateValue(element, schema.items!, `${path}[${i}]`, errors, correlatedItem(schema, old, element)));
}

/**
 * The old element a list element is compared with: only lists of x-kubernetes-list-type map
 * correlate, by their map keys (common.CorrelatedObject); other lists' items have none.
 */
export function correlatedItem(schema: JsonSchema, old: Old, element: unknown): Old {
  const keys = schema['x-kubernetes-list-map-keys'];
  if (!old || schema['x-kubernetes-list-type'] !== 'map' || !keys?.length || !Array.isArray(old.value) || !isObject(element)) return undefined;
  const match = old.value.find((o) => isObject(o) && keys.every((k) => jsonEqual(o[k], element[k])));
  return match === undefined ? undefined : { value: match };
}

function validateObject(value: Json, schema: JsonSchema, path: string, errors: FieldError[], old?: Old): void {
  const prefix = path ? `${path}.` : '';
  for (const name of schema.required ?? []) {
    if (!(name in value)) errors.push(field.required(`${prefix}${name}`, ''));
  }
  const embedded = schema['x-kubernetes-embedded-resource'];
  for (const [key, child] of Object.entries(value)) {
    if (embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const propertySchema = schema.properties?.[key] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    const oldObject = old && isObject(old.value) ? old.value : undefined;
    const oldChild: Old = oldObject && key in oldObject ? { value: oldObject[key] } : undefined;
    if (propertySchema) validateValue(child, propertySchema, `${prefix}${key}`, errors, oldChild);
  }
  if (embedded) {
    if (typeof value.apiVersion !== 'string' || value.apiVersion === '') errors.push(field.required(`${prefix}apiVersion`, 'must not be empty'));
    if (typeof value.kind !== 'string' || value.kind === '') errors.push(field.required(`${prefix}kind`, 'must not be empty'));
  }
}

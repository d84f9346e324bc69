/**
 * The structural-schema rules for allOf / anyOf / oneOf / not in a CRD's schema (apiextensions'
 * validateNestedValueValidation): inside them only value validations may appear, so a type,
 * description, title, default, nullable, additionalProperties or any x-kubernetes-* extension is
 * refused, e.g. `spec.validation.openAPIV3Schema.properties[spec].oneOf[0].type: Forbidden: must
 * be empty to be structural`, and so is a `metadata` property. x-kubernetes-validations are
 * allowed under allOf only. The int-or-string idiom (`anyOf: [{type: integer}, {type: string}]`
 * beside x-kubernetes-int-or-string) is exempt, as upstream.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import { deepEqual } from '../registry/strategy-helpers.js';
import type { JsonSchema } from './schema-validation.js';

const intOrStringAnyOf = [{ type: 'integer' }, { type: 'string' }];

/** Walks the structural spine from `schema` at `path` and checks every junctor found on it. */
export function validateJunctorStructure(schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  errors.push(...junctorsOf(schema, path, true, schema['x-kubernetes-int-or-string'] === true));
  if (schema.items) errors.push(...validateJunctorStructure(schema.items, `${path}.items`));
  for (const [name, child] of Object.entries(schema.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    errors.push(...validateJunctorStructure(child, `${path}.properties[${name}]`));
  }
  if (typeof schema.additionalProperties === 'object') errors.push(...validateJunctorStructure(schema.additionalProperties, `${path}.additionalProperties`));
  return errors;
}

/** validateValueValidation: the junctors of one node. `rulesAllowed` is false below anyOf/oneOf/not. */
function junctorsOf(schema: JsonSchema, path: string, rulesAllowed: boolean, intOrString: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const skipAnyOf = intOrString && deepEqual(schema.anyOf, intOrStringAnyOf);
  if (!skipAnyOf) (schema.anyOf ?? []).forEach((s, i) => errors.push(...nested(s, `${path}.anyOf[${i}]`, false)));
  (schema.allOf ?? []).forEach((s, i) => {
    const exempt = intOrString && i === 0 && deepEqual(s, { anyOf: intOrStringAnyOf });
    if (!exempt) errors.push(...nested(s, `${path}.allOf[${i}]`, rulesAllowed));
  });
  (schema.oneOf ?? []).forEach((s, i) => errors.push(...nested(s, `${path}.oneOf[${i}]`, false)));
  if (schema.not) errors.push(...nested(schema.not, `${path}.not`, false));
  return errors;
}

function nested(schema: JsonSchema, path: string, rulesAllowed: boolean): FieldError[] {
  const errors = junctorsOf(schema, path, rulesAllowed, false);
  if (schema.items) errors.push(...nested(schema.items, `${path}.items`, rulesAllowed));
  for (const [name, child] of Object.entries(schema.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    errors.push(...nested(child, `${path}.properties[${name}]`, rulesAllowed));
  }
  const forbid = (key: string, detail: string): void => {
    errors.push(field.forbidden(`${path}.${key}`, detail));
  };
  if (schema.type) forbid('type', 'must be empty to be structural');
  if (schema.additionalProperties !== undefined) forbid('additionalProperties', 'must be undefined to be structural');
  if (schema.default !== undefined) forbid('default', 'must be undefined to be structural');
  if (schema.title) forbid('title', 'must be empty to be structural');
  if (schema.description) forbid('description', 'must be empty to be structural');
  if (schema.nullable) forbid('nullable', 'must be false to be structural');
  if (schema['x-kubernetes-preserve-unknown-fields']) forbid('x-kubernetes-preserve-unknown-fields', 'must be false to be structural');
  if (schema['x-kubernetes-embedded-resource']) forbid('x-kubernetes-embedded-resource', 'must be false to be structural');
  if (schema['x-kubernetes-int-or-string']) forbid('x-kubernetes-int-or-string', 'must be false to be structural');
  if (schema['x-kubernetes-list-map-keys']?.length) forbid('x-kubernetes-list-map-keys', 'must be empty to be structural');
  if (schema['x-kubernetes-list-type'] !== undefined) forbid('x-kubernetes-list-type', 'must be undefined to be structural');
  if (schema['x-kubernetes-map-type'] !== undefined) forbid('x-kubernetes-map-type', 'must be undefined to be structural');
  if (schema['x-kubernetes-validations']?.length && !rulesAllowed) forbid('x-kubernetes-validations', 'must be empty to be structural');
  if (schema.properties && 'metadata' in schema.properties) forbid('properties[metadata]', 'must not be specified in a nested context');
  return errors;
}

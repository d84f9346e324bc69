/**
 * allOf / anyOf / oneOf / not in a custom resource's schema, as kube-openapi's schemaPropsValidator
 * reports them. Its composite errors are not field errors, so the apiextensions apiserver wraps
 * them with a nil path and an empty value:
 *   `<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid`
 * followed by the errors of the best failing alternative (anyOf, oneOf), or after the errors of
 * every failing entry (allOf). The node's path inside the message is kube-openapi's (`spec.a[0]`,
 * `""` at the root).
 *
 * Approximated: kube-openapi picks the "best" failing alternative by its MatchCount, which grows
 * with every validator run over the value; here that count is the number of the alternative's
 * schema nodes the value reaches (its properties present, its items), the first winning a tie.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { JsonSchema } from './schema-validation.js';

/** Validates a value against a (sub)schema at a path, appending to errors. */
export type ValueValidator = (value: unknown, schema: JsonSchema, path: string, errors: FieldError[]) => void;

const composite = (message: string): FieldError => field.invalid('<nil>', '', message);

const quoted = (path: string): string => JSON.stringify(path);

function errorsOf(value: unknown, schema: JsonSchema, path: string, validate: ValueValidator): FieldError[] {
  const errors: FieldError[] = [];
  validate(value, schema, path, errors);
  return errors;
}

/** How much of `schema` the value reaches: a stand-in for kube-openapi's MatchCount. */
function reach(value: unknown, schema: JsonSchema): number {
  let count = 1;
  if (Array.isArray(value) && schema.items) for (const v of value) count += reach(v, schema.items);
  else if (typeof value === 'object' && value !== null && schema.properties) {
    for (const [key, v] of Object.entries(value)) if (schema.properties[key]) count += reach(v, schema.properties[key]!);
  }
  return count;
}

/** The errors of the failing alternative that reached furthest (the first on a tie). */
function best(value: unknown, schemas: JsonSchema[], results: FieldError[][]): FieldError[] {
  let chosen = -1;
  results.forEach((r, i) => {
    if (r.length > 0 && (chosen < 0 || reach(value, schemas[i]!) > reach(value, schemas[chosen]!))) chosen = i;
  });
  return chosen < 0 ? [] : results[chosen]!;
}

/** The combinator errors of `value` at `schema`, in kube-openapi's order (anyOf, oneOf, allOf, not). */
export function validateCombinators(value: unknown, schema: JsonSchema, path: string, errors: FieldError[], validate: ValueValidator): void {
  if (schema.anyOf?.length) {
    const results = schema.anyOf.map((s) => errorsOf(value, s, path, validate));
    if (!results.some((r) => r.length === 0)) errors.push(composite(`${quoted(path)} must validate at least one schema (anyOf)`), ...best(value, schema.anyOf, results));
  }
  if (schema.oneOf?.length) {
    const results = schema.oneOf.map((s) => errorsOf(value, s, path, validate));
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      errors.push(composite(`${quoted(path)} must validate one and only one schema (oneOf). ${found}`));
      if (valid === 0) errors.push(...best(value, schema.oneOf, results));
    }
  }
  if (schema.allOf?.length) {
    const results = schema.allOf.map((s) => errorsOf(value, s, path, validate));
    results.forEach((r) => errors.push(...r));
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== results.length) errors.push(composite(`${quoted(path)} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`));
  }
  if (schema.not && errorsOf(value, schema.not, path, validate).length === 0) {
    errors.push(composite(`${quoted(path)} must not validate the schema (not)`));
  }
}

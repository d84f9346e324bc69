/**
 * The checks a CRD's x-kubernetes-validations get when the CRD is created or updated, with the
 * apiextensions validation's messages: a rule must be given (`rule is not specified`), message
 * and messageExpression non-empty when set and single-line, reason one of the four supported,
 * fieldPath a valid path; then, on a structural schema, each rule on the structural spine is
 * compiled against its node's type, a failure reading
 *   `…x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.a <", …}: compilation failed: ERROR: <input>:1:9: Syntax error: …`
 * and oldSelf is refused under lists that are not x-kubernetes-list-type map (their items do
 * not correlate). Rules under allOf get the plain checks only, as upstream does not compile them.
 * Left out: the estimated cost limits.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import { invalidFormatted } from '../registry/strategy-helpers.js';
import { compileRules, normalizeFieldPath } from './cel-compile.js';
import type { JsonSchema, ValidationRule } from './schema-validation.js';

const supportedReasons = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

/** Go's %#v of the internal apiextensions.ValidationRule, the bad value of compile errors. */
function goRule(rule: ValidationRule): string {
  const q = (s: string | undefined): string => JSON.stringify(s ?? '');
  // A set pointer prints as its address; any address reads the same to a learner.
  const reason = rule.reason === undefined ? '(*apiextensions.FieldValueErrorReason)(nil)' : '(*apiextensions.FieldValueErrorReason)(0xc000a3c2d0)';
  const optional = rule.optionalOldSelf === undefined ? '(*bool)(nil)' : '(*bool)(0xc000a3c2e8)';
  return `apiextensions.ValidationRule{Rule:${q(rule.rule)}, Message:${q(rule.message)}, MessageExpression:${q(rule.messageExpression)}, Reason:${reason}, FieldPath:${q(rule.fieldPath)}, OptionalOldSelf:${optional}}`;
}

const invalidRule = (path: string, rule: ValidationRule, detail: string): FieldError => invalidFormatted(path, goRule(rule), detail);

/** The plain checks of one node's rules (SchemaErrors upstream). */
function ruleFieldErrors(schema: JsonSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    const trimmedRule = (rule.rule ?? '').trim();
    const trimmedMessage = (rule.message ?? '').trim();
    if (trimmedRule === '') errors.push(field.required(`${at}.rule`, 'rule is not specified'));
    else if ((rule.message ?? '').length > 0 && trimmedMessage === '') errors.push(field.invalid(`${at}.message`, rule.message, 'message must be non-empty if specified'));
    else if (trimmedMessage.includes('\n')) errors.push(field.invalid(`${at}.message`, rule.message, 'message must not contain line breaks'));
    else if (trimmedRule.includes('\n') && trimmedMessage === '') errors.push(field.required(`${at}.message`, 'message must be specified if rule contains line breaks'));
    if ((rule.messageExpression ?? '').length > 0 && rule.messageExpression!.trim() === '') errors.push(field.required(`${at}.messageExpression`, 'messageExpression must be non-empty if specified'));
    if (rule.reason !== undefined && !supportedReasons.includes(rule.reason)) errors.push(field.notSupported(`${at}.reason`, rule.reason, supportedReasons));
    const fieldPath = rule.fieldPath ?? '';
    if (fieldPath.length > 0 && fieldPath.trim() === '') errors.push(field.invalid(`${at}.fieldPath`, fieldPath, 'fieldPath must be non-empty if specified'));
    if (fieldPath.includes('\n')) errors.push(field.invalid(`${at}.fieldPath`, fieldPath, 'fieldPath must not contain line breaks'));
    if (fieldPath.length > 0 && normalizeFieldPath(fieldPath, schema) === undefined) errors.push(field.invalid(`${at}.fieldPath`, fieldPath, 'fieldPath must be a valid path'));
  });
  return errors;
}

/** The compile checks of one node's rules (CELErrors upstream). */
function ruleCompileErrors(schema: JsonSchema, path: string, resourceRoot: boolean, uncorrelatable: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  compileRules(schema, schema, resourceRoot).forEach((compiled, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    if (compiled.error) errors.push(invalidRule(`${at}.rule`, compiled.rule, compiled.error));
    if (compiled.messageError) errors.push(invalidRule(`${at}.messageExpression`, compiled.rule, compiled.messageError));
    if (compiled.usesOldSelf && uncorrelatable !== undefined) {
      errors.push(field.invalid(`${at}.rule`, compiled.rule.rule ?? '', `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatable}`));
    } else if (!compiled.usesOldSelf && compiled.rule.optionalOldSelf !== undefined) {
      errors.push(field.invalid(`${at}.optionalOldSelf`, compiled.rule.optionalOldSelf, 'may not be set if oldSelf is not used in rule'));
    }
  });
  return errors;
}

/**
 * The rule errors of a CRD schema at `path`; `compile` is false when the schema is not structural
 * (or its defaults are wrong), where upstream has no type information to compile against.
 */
export function validateRuleDefinitions(schema: JsonSchema, path: string, compile: boolean): FieldError[] {
  return visit(schema, path, compile, true, undefined).errors;
}

function visit(schema: JsonSchema, path: string, compile: boolean, resourceRoot: boolean, uncorrelatable: string | undefined): { errors: FieldError[]; schemaErrors: number } {
  const errors: FieldError[] = [];
  let schemaErrors = 0;
  const add = (r: { errors: FieldError[]; schemaErrors: number }): void => {
    errors.push(...r.errors);
    schemaErrors += r.schemaErrors;
  };
  for (const [name, child] of Object.entries(schema.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (resourceRoot && name === 'metadata') continue;
    add(visit(child, `${path}.properties[${name}]`, compile, child['x-kubernetes-embedded-resource'] === true, uncorrelatable));
  }
  (schema.allOf ?? []).forEach((entry, i) => add(visit(entry, `${path}.allOf[${i}]`, false, false, uncorrelatable)));
  if (typeof schema.additionalProperties === 'object') {
    add(visit(schema.additionalProperties, `${path}.additionalProperties`, compile, schema.additionalProperties['x-kubernetes-embedded-resource'] === true, uncorrelatable));
  }
  if (schema.items) {
    const below = uncorrelatable ?? (schema['x-kubernetes-list-type'] === 'map' ? undefined : path);
    add(visit(schema.items, `${path}.items`, compile, schema.items['x-kubernetes-embedded-resource'] === true, below));
  }
  const own = ruleFieldErrors(schema, path);
  errors.push(...own);
  schemaErrors += own.length;
  // Upstream skips compiling where a schema error was found at this level or deeper.
  if (compile && schemaErrors === 0 && schema['x-kubernetes-validations']?.length) errors.push(...ruleCompileErrors(schema, path, resourceRoot, uncorrelatable));
  return { errors, schemaErrors };
}

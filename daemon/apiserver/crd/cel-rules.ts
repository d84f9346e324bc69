/**
 * Runs a custom resource's x-kubernetes-validations rules, as the apiextensions apiserver's CEL
 * validator does after the schema check: each rule sees `self` at its node (per element for list
 * items and map values, with the element's path: `spec.items[0]`, `spec.labels[a]`), and on
 * update transition rules see `oldSelf`, the correlated old value (by key in objects and maps, by
 * list-map keys in `x-kubernetes-list-type: map` lists); a rule that uses oldSelf is skipped when
 * there is none. A failing rule reports `<path>: Invalid value: "object": <message>`, the
 * "object" being the node's schema type; `reason` changes the error type, `fieldPath` the path,
 * `messageExpression` the message (falling back to `message`, or `failed rule: <rule>`, when it
 * fails or is empty). Errors of a rule at the root carry the nil path (`<nil>`).
 *
 * Ratcheting (CRDValidationRatcheting): on update through the main resource, a failing rule
 * that does not use oldSelf on an unchanged node becomes a warning instead of an error.
 * A rule with optionalOldSelf runs on create too, oldSelf then being an empty optional
 * (`oldSelf.hasValue()`, `oldSelf.orValue(x)`); the library's `oldSelf.value()` does not compare
 * with a dynamic value reliably, `dyn(oldSelf.value())` does.
 *
 * Cost: the estimated-cost checks of CRD creation are left out. At runtime every data read and
 * every macro iteration is charged (cel-values.ts) against cel-go's per-call limit (1,000,000)
 * and the request's budget (10,000,000), with the apiserver's messages when either runs out.
 */
import { EvaluationError, Optional } from '@marcbachmann/cel-js';
import { field, fieldErrorString, type FieldError } from '../../../shared/api/errors.js';
import { jsonEqual } from '../../../shared/json-equal.js';
import { compileRules, type CompiledRule } from './cel-compile.js';
import { CostLimitExceeded, CostMeter, toCelValue, withMeter } from './cel-values.js';
import { correlatedItem, type JsonSchema, type ValidationRule } from './schema-validation.js';

/** apiserver's celconfig.PerCallLimit and RuntimeCELCostBudget. */
export const perCallLimit = 1_000_000;
export const runtimeCostBudget = 10_000_000;
/** celconfig.MaxEvaluatedMessageExpressionSizeBytes. */
const maxMessageLength = 5 * 1024;

const outOfBudget = 'validation failed due to running out of cost budget, no further validation rules will be run';

export interface CelOutcome {
  errors: FieldError[];
  /** Ratcheted errors, as the `Warning:` lines kubectl prints. */
  warnings: string[];
}

export interface CelOptions {
  /** The stored object, on update. */
  old?: unknown;
  /** Turn errors of unchanged nodes into warnings (updates through the main resource). */
  ratchet?: boolean;
  /** The request's remaining cost budget (tests lower it). */
  budget?: number;
}

type Json = Record<string, unknown>;
type Old = { value: unknown } | undefined;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const hasRulesCache = new WeakMap<JsonSchema, boolean>();

/** Whether any x-kubernetes-validations sits at or under `schema` (on the structural spine or in allOf). */
export function hasRules(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  const known = hasRulesCache.get(schema);
  if (known !== undefined) return known;
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  const found =
    (schema['x-kubernetes-validations']?.length ?? 0) > 0 ||
    (schema.allOf ?? []).some(hasRules) ||
    hasRules(schema.items) ||
    hasRules(additional) ||
    Object.values(schema.properties ?? {}).some(hasRules);
  hasRulesCache.set(schema, found);
  return found;
}

class Run {
  readonly errors: FieldError[] = [];
  readonly warnings: string[] = [];
  stopped = false;
  constructor(
    public budget: number,
    readonly ratchet: boolean,
  ) {}
}

/** The rule errors of `obj` (a whole custom resource) against its version's schema. */
export function validateCelRules(obj: unknown, schema: JsonSchema, options: CelOptions = {}): CelOutcome {
  const run = new Run(options.budget ?? runtimeCostBudget, options.ratchet === true && options.old !== undefined);
  if (!hasRules(schema)) return { errors: [], warnings: [] };
  const old: Old = options.old === undefined ? undefined : { value: options.old };
  visit(run, obj, old, schema, undefined, true, old !== undefined && jsonEqual(old.value, obj));
  return { errors: run.errors, warnings: run.warnings };
}

const child = (path: string | undefined, name: string): string => (path === undefined ? name : `${path}.${name}`);

/**
 * One node: its rules (and those of its allOf entries), then its children. `unchanged` is the
 * ratcheting answer for this node: its own comparison if it correlates with an old value, else
 * its nearest correlated ancestor's.
 */
function visit(run: Run, value: unknown, old: Old, schema: JsonSchema, path: string | undefined, resourceRoot: boolean, unchanged: boolean): void {
  if (run.stopped || value === null || value === undefined || !hasRules(schema)) return;
  runRules(run, compileRules(schema, schema, resourceRoot), value, old, schema, path, resourceRoot, unchanged);
  for (const entry of schema.allOf ?? []) runRules(run, compileRules(entry, schema, resourceRoot), value, old, schema, path, resourceRoot, unchanged);
  const nodeOf = (o: Old, v: unknown): boolean => (o === undefined ? unchanged : jsonEqual(o.value, v));
  if (Array.isArray(value) && schema.items) {
    value.forEach((element, i) => {
      const oldElement = correlatedItem(schema, old, element);
      visit(run, element, oldElement, schema.items!, `${path ?? ''}[${i}]`, schema.items!['x-kubernetes-embedded-resource'] === true, nodeOf(oldElement, element));
    });
  } else if (isObject(value)) {
    const oldObject = old && isObject(old.value) ? old.value : undefined;
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [key, v] of Object.entries(value)) {
      if (resourceRoot && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
      const oldChild: Old = oldObject && key in oldObject ? { value: oldObject[key] } : undefined;
      const property = schema.properties?.[key];
      if (property) visit(run, v, oldChild, property, child(path, key), property['x-kubernetes-embedded-resource'] === true, nodeOf(oldChild, v));
      else if (additional) visit(run, v, oldChild, additional, `${path ?? ''}[${key}]`, additional['x-kubernetes-embedded-resource'] === true, nodeOf(oldChild, v));
    }
  }
}

/** ruleErrorString: the message if there is one, else the rule. */
const ruleText = (rule: ValidationRule): string => (rule.message?.trim() ? rule.message.trim() : (rule.rule ?? '').trim());
const defaultMessage = (rule: ValidationRule): string => (rule.message?.trim() ? rule.message.trim() : `failed rule: ${(rule.rule ?? '').trim()}`);

function errorForReason(path: string, typeWord: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return field.forbidden(path, detail);
    case 'FieldValueRequired':
      return field.required(path, detail);
    case 'FieldValueDuplicate':
      return field.duplicate(path, typeWord);
    default:
      return field.invalid(path, typeWord, detail);
  }
}

/** cel-go's text for a runtime error of the library. */
export function runtimeErrorText(err: unknown): string {
  const summary = err instanceof EvaluationError ? (err.summary ?? err.message) : err instanceof Error ? err.message : String(err);
  const first = summary.split('\n')[0]!;
  let m: RegExpExecArray | null;
  if ((m = /index out of bounds, index (-?\d+)/.exec(first))) return `index out of bounds: ${m[1]}`;
  if ((m = /^No such key: (.*)$/.exec(first))) return `no such key: ${m[1]}`;
  if (/no such overload|no matching overload/.test(first)) return 'no such overload';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

type Evaluated = { value: unknown } | { error: unknown } | { exceeded: true };

function evaluate(run: Run, program: (ctx: Json) => unknown, value: unknown, old: Old, schema: JsonSchema, resourceRoot: boolean, optional = false): Evaluated {
  const meter = new CostMeter(Math.min(perCallLimit, run.budget));
  let result: Evaluated;
  try {
    const context: Json = { self: toCelValue(value, schema, meter, resourceRoot) };
    const oldSelf = old === undefined ? undefined : toCelValue(old.value, schema, meter, resourceRoot);
    if (optional) context.oldSelf = old === undefined ? Optional.none() : Optional.of(oldSelf);
    else if (old !== undefined) context.oldSelf = oldSelf;
    result = { value: withMeter(meter, () => program(context)) };
  } catch (err) {
    result = err instanceof CostLimitExceeded ? { exceeded: true } : { error: err };
  }
  run.budget -= meter.used;
  // The library's quantifiers hold back a step's error; a tripped meter decides regardless.
  return meter.exceeded ? { exceeded: true } : result;
}

function runRules(run: Run, rules: CompiledRule[], value: unknown, old: Old, schema: JsonSchema, path: string | undefined, resourceRoot: boolean, unchanged: boolean): void {
  if (rules.length === 0 || run.stopped) return;
  const at = path ?? '<nil>';
  const typeWord = schema['x-kubernetes-int-or-string'] ? '' : (schema.type ?? '');
  const stop = (detail: string): void => {
    run.errors.push(field.invalid(at, typeWord, detail));
    run.stopped = true;
  };
  if (run.budget <= 0) return stop(outOfBudget);
  for (const compiled of rules) {
    const { rule } = compiled;
    if (compiled.error) {
      run.errors.push(field.invalid(at, typeWord, `rule compile error: ${compiled.error}`));
      continue;
    }
    if (!compiled.program) continue;
    // Transition rules run only where an old value correlates (unless oldSelf is optional).
    if (compiled.usesOldSelf && old === undefined && !compiled.optionalOldSelf) continue;
    // Which limit bites: the per-call one, unless less budget than that is left.
    const perCall = run.budget >= perCallLimit;
    const outcome = evaluate(run, compiled.program, value, old, schema, resourceRoot, compiled.optionalOldSelf);
    if ('exceeded' in outcome) {
      return stop(perCall ? `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleText(rule)}` : outOfBudget);
    }
    if ('error' in outcome) {
      const text = runtimeErrorText(outcome.error);
      if (text === 'no such overload') run.errors.push(field.invalid(at, typeWord, `'no such overload': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText(rule)}`));
      else run.errors.push(field.invalid(at, typeWord, `${text} evaluating rule: ${ruleText(rule)}`));
      continue;
    }
    if (outcome.value === true) continue;
    const errorPath = compiled.fieldPath ? child(path, compiled.fieldPath) : at;
    let message = defaultMessage(rule);
    if (compiled.messageProgram) {
      const evaluated = evaluate(run, compiled.messageProgram, value, old, schema, resourceRoot, compiled.optionalOldSelf);
      if ('exceeded' in evaluated) return stop('messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run');
      const text = 'value' in evaluated && typeof evaluated.value === 'string' ? evaluated.value.trim() : '';
      // A failed, empty, multi-line or oversized message falls back to the static one.
      if (text !== '' && !text.includes('\n') && text.length <= maxMessageLength) message = text;
    }
    const error = errorForReason(errorPath, typeWord, message, rule.reason);
    if (run.ratchet && unchanged && !compiled.usesOldSelf) run.warnings.push(fieldErrorString(error));
    else run.errors.push(error);
  }
}

/**
 * CEL for admission policies (apiserver's admission/plugin/cel and policy/validating compilers):
 * the environment with the variables a ValidatingAdmissionPolicy's expressions see (`object`,
 * `oldObject`, `request`, `params`, `namespaceObject`, `variables`, `authorizer`), compilation
 * cached by source, evaluation against a request's values with the runtime cost limit, the
 * activation's error texts, and matchConditions (shared by policies and webhooks). It
 * reuses the CRD rules' CEL (crd/cel-compile.ts, cel-k8s-library.ts, cel-values.ts): the same
 * library functions, syntax-error texts and cost metering.
 *
 * Approximated: every variable is `dyn` (kube-apiserver types `object` and `params` from the
 * OpenAPI schema when it can), so a misspelt field is found at evaluation, not at policy
 * creation. `authorizer` is declared but has no functions. Left out: the static cost estimate.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { compileExpression } from '../crd/cel-compile.js';
import { k8sCelBase } from '../crd/cel-k8s-library.js';
import { perCallLimit, runtimeErrorText } from '../crd/cel-rules.js';
import { CostLimitExceeded, CostMeter, toCelValue, withMeter } from '../crd/cel-values.js';

type Program = (context: Record<string, unknown>) => unknown;

export interface PolicyProgram {
  /** `ERROR: <input>:1:5: …` as cel-go prints a compile error. */
  error?: string;
  program?: Program;
}

export type Evaluated = { value: unknown } | { error: string };

const variableNames = ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'authorizer'];

let environment: Environment | undefined;

/** The policy environment: the k8s libraries plus the admission variables, all dynamic. */
function policyEnvironment(): Environment {
  if (environment) return environment;
  let env = k8sCelBase().clone();
  for (const name of variableNames) env = env.registerVariable(name, 'dyn');
  return (environment = env);
}

// Policies change rarely and their expressions are few: a plain map keyed by source is enough.
const cache = new Map<string, PolicyProgram>();

/** Compiles `source`, which must evaluate to `result` (bool for validations, string for messages). */
export function compilePolicyExpression(source: string, result: 'bool' | 'string' | 'dyn'): PolicyProgram {
  const key = `${result}\u0000${source}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const env = policyEnvironment();
  // A variable may be of any type: check it as a bool-or-anything expression and take what it gives.
  const checked = compileExpression(source, env, result === 'dyn' ? 'bool' : result, env);
  let compiled: PolicyProgram;
  if (checked.error && result === 'dyn' && !checked.error.startsWith('ERROR:')) compiled = { program: env.parse(source) as unknown as Program };
  else compiled = checked.error ? { error: checked.error } : { program: checked.program };
  cache.set(key, compiled);
  return compiled;
}

/** The JSON values of one evaluation, converted once per request (integers become CEL ints). */
export type PolicyInputs = Record<string, unknown>;

/** A JSON value as CEL sees it (BigInt integers), charged to `meter`. */
export function celInput(value: unknown, meter: CostMeter): unknown {
  return value === undefined ? null : toCelValue(value, {}, meter);
}

/** Evaluates `program` with `inputs` (already CEL values); errors read as cel-go's. */
export function evaluatePolicyProgram(program: Program, inputs: PolicyInputs): Evaluated {
  const meter = new CostMeter(perCallLimit);
  try {
    return { value: withMeter(meter, () => program(inputs)) };
  } catch (err) {
    if (err instanceof CostLimitExceeded || meter.exceeded) return { error: 'operation cancelled: actual cost limit exceeded' };
    return { error: runtimeErrorText(err) };
  }
}

/** Converts the request's objects for CEL once; a fresh meter, as they are the request's own data. */
export function policyInputs(values: { object: unknown; oldObject: unknown; request: unknown; params: unknown; namespaceObject: unknown }): PolicyInputs {
  const meter = new CostMeter(Number.MAX_SAFE_INTEGER);
  return {
    object: celInput(values.object, meter),
    oldObject: celInput(values.oldObject, meter),
    request: celInput(values.request, meter),
    params: celInput(values.params, meter),
    namespaceObject: celInput(values.namespaceObject, meter),
    variables: {},
    authorizer: null,
  };
}

/**
 * The evaluation error of one expression, as the admission CEL activation words it: a compile
 * error (kept from policy creation by the type checker, so rare) or a runtime one.
 */
export function evaluationError(expression: string, compiled: { error?: string }, error: string | undefined, variableErrors?: Map<string, string>): string {
  if (compiled.error !== undefined) return `compilation error: compilation failed: ${compiled.error}`;
  // Reading a variable that failed is the composition's error, not a missing key.
  const missing = /^no such key: (.+)$/.exec(error ?? '')?.[1];
  const failed = missing !== undefined && expression.includes(`variables.${missing}`) ? variableErrors?.get(missing) : undefined;
  if (failed !== undefined) return `expression '${expression}' resulted in error: composited variable "${missing}" fails to evaluate: ${failed}`;
  return `expression '${expression}' resulted in error: ${error ?? ''}`;
}

/**
 * matchConditions as the matchconditions matcher runs them: any false skips the policy even when
 * another one errored; otherwise the errors (joined as Go's aggregate prints them) go to the
 * failurePolicy. true: evaluate the validations; false: skip; a string: the error under Fail.
 */
export function conditionsMatch(conditions: { name?: string; expression?: string }[], inputs: PolicyInputs, fail: boolean, variableErrors?: Map<string, string>): boolean | string {
  const errors: string[] = [];
  for (const condition of conditions) {
    const expression = String(condition.expression ?? '');
    const compiled = compilePolicyExpression(expression, 'bool');
    const result = compiled.program ? evaluatePolicyProgram(compiled.program, inputs) : { error: compiled.error ?? '' };
    if ('error' in result) errors.push(evaluationError(expression, compiled, result.error, variableErrors));
    else if (result.value !== true) return false;
  }
  if (errors.length === 0) return true;
  if (!fail) return false;
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}

/**
 * Label selectors: the one implementation used by the apiserver (`?labelSelector=`), controllers
 * (spec.selector) and printers (SELECTOR columns). It reproduces apimachinery's `labels` package:
 * requirement semantics, the string form (`app=web,tier in (a,b),!canary`) and, through
 * label-selector-parser.ts, the exact parse errors kubectl prints after `Error from server (BadRequest):`.
 */
import { badRequest } from './api/errors.js';
import type { LabelSelector, Labels } from './api/meta.js';
import { parseRequirements, requirementProblem } from './label-selector-parser.js';

/** apimachinery's selection.Operator values; `!` is DoesNotExist, `gt`/`lt` compare integers. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One `key op values` term. Values are sorted and unique, as labels.NewRequirement leaves them. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** A parsed label selector: all requirements must match (comma means AND). */
export interface Selector {
  readonly requirements: readonly Requirement[];
  /** True when the labels satisfy every requirement. */
  matches(labels: Labels | undefined): boolean;
  /** True for the selector that matches everything (no requirements). */
  isEmpty(): boolean;
  /** The canonical string form: requirements sorted by key, `k in (a,b)`, `!k`. */
  toString(): string;
}

class RequirementSelector implements Selector {
  constructor(
    readonly requirements: readonly Requirement[],
    private readonly matchesNothing = false,
  ) {}

  matches(labels: Labels | undefined): boolean {
    if (this.matchesNothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels ?? {}));
  }

  isEmpty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

/** The selector that matches every object (labels.Everything). */
export const everything: Selector = new RequirementSelector([]);
/** The selector that matches no object (labels.Nothing); it prints as the empty string. */
export const nothing: Selector = new RequirementSelector([], true);

/**
 * Parses the string form (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a gt 3`).
 * The empty string selects everything. A syntax error or an invalid key or value throws a 400
 * StatusError whose message is apimachinery's, e.g. `unable to parse requirement: found 'b',
 * expected: in, notin, =, ==, !=, gt, lt`.
 */
export function parseLabelSelector(text: string): Selector {
  let parsed: { key: string; operator: Operator; values: string[] }[];
  try {
    parsed = parseRequirements(text);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  return new RequirementSelector(sortByKey(parsed));
}

/** A selector matching exactly the given labels (labels.SelectorFromSet); empty matches everything. */
export function selectorFromSet(set: Labels | undefined): Selector {
  const keys = Object.keys(set ?? {});
  if (keys.length === 0) return everything;
  return new RequirementSelector(sortByKey(keys.map((key) => ({ key, operator: '=' as const, values: [set![key]!] }))));
}

/**
 * Converts a spec's metav1.LabelSelector (metav1.LabelSelectorAsSelector). An empty selector
 * (no matchLabels, no matchExpressions) matches everything. A missing selector means "select
 * nothing" by default, as in Kubernetes (a ReplicaSet without a selector owns no pods); pass
 * `whenMissing: 'everything'` where the API treats absence as "all" instead. Invalid keys, values or
 * operators throw a 400 StatusError.
 */
export function selectorFromLabelSelector(
  selector: LabelSelector | null | undefined,
  whenMissing: 'nothing' | 'everything' = 'nothing',
): Selector {
  if (!selector) return whenMissing === 'nothing' ? nothing : everything;
  const matchLabels = selector.matchLabels ?? {};
  const expressions = selector.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return everything;
  const requirements: Requirement[] = Object.keys(matchLabels).map((key) => newRequirement(key, '=', [matchLabels[key]!]));
  for (const expr of expressions) {
    const operator = expressionOperators[expr.operator];
    if (!operator) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    requirements.push(newRequirement(expr.key, operator, [...(expr.values ?? [])]));
  }
  return new RequirementSelector(sortByKey(requirements));
}

const expressionOperators: Record<string, Operator | undefined> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * A spec selector as printers show it (metav1.FormatLabelSelector): `app=web,pod-template-hash=5d4f`,
 * `tier in (a,b)`, `!canary`; `<none>` for a missing or empty selector, `<error>` for an invalid one.
 */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = selectorFromLabelSelector(selector).toString();
  } catch {
    return '<error>'; // printers.go prints this literal rather than failing the whole table
  }
  return text === '' ? '<none>' : text;
}

/** Labels as `k=v,k2=v2` sorted (labels.FormatLabels; kubectl's LABELS column); `<none>` when empty. */
export function formatLabels(labels: Labels | null | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '<none>' : pairs.sort().join(',');
}

function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const problem = requirementProblem(key, operator, values);
  if (problem) throw badRequest(problem);
  return { key, operator, values: [...new Set(values)].sort() };
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      // Non-integer label values never match, as in apimachinery (it logs and returns false).
      if (!has || !/^[+-]?\d+$/.test(value!) || r.values.length !== 1) return false;
      const actual = Number(value);
      const bound = Number(r.values[0]);
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function requirementString(r: Requirement): string {
  const values = r.values.join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

function sortByKey<T extends { key: string }>(items: T[]): T[] {
  // Stable, byte-order sort by key: the order apimachinery prints requirements in.
  return [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * A *metav1.LabelSelector as its generated String() prints it (`%v`: the PDB's UnmanagedPods event,
 * the PARAMREF column of a ValidatingAdmissionPolicyBinding):
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function goSelectorString(selector: LabelSelector | null | undefined): string {
  if (!selector) return 'nil';
  const labels = Object.keys(selector.matchLabels ?? {}).sort().map((k) => `${k}: ${selector.matchLabels![k]},`).join('');
  const expressions = (selector.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}

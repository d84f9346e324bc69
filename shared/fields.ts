/**
 * Field selectors (`?fieldSelector=spec.nodeName=node1,status.phase!=Succeeded`), reproducing
 * apimachinery's `fields` package and the apiserver's two layers: the per-kind field label
 * conversion that rejects unknown fields with a 400 (convertFieldSelector), and the registry's
 * selectable fields that objects are matched against (fieldsOf, in field-sets.ts).
 * reference/kubectl-compat.md §5.
 */
import { badRequest } from './api/errors.js';

export { fieldOf, fieldsOf } from './field-sets.js';

/** One `field op value` term; `==` is a synonym of `=`. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '==' | '!=';
  readonly value: string;
}

/** A parsed field selector: every term must hold (comma means AND). */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** Matches a field map from fieldsOf(); a field missing from the map reads as ''. */
  matches(fields: Readonly<Record<string, string>>): boolean;
  /** The same, reading each field it names from the object through get (fieldOf), without a map. */
  matchesObject<T>(obj: T, get: (obj: T, field: string) => string): boolean;
  /** True when the selector has no terms and so matches everything. */
  isEmpty(): boolean;
  /** The canonical form: terms in sorted order, `==` written `=`, `\`, `,` and `=` escaped. */
  toString(): string;
}

class TermSelector implements FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.matchesObject(fields, (map, field) => (Object.hasOwn(map, field) ? map[field]! : ''));
  }

  matchesObject<T>(obj: T, get: (obj: T, field: string) => string): boolean {
    for (const r of this.requirements) {
      const actual = get(obj, r.field);
      if (r.operator === '!=' ? actual === r.value : actual !== r.value) return false;
    }
    return true;
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldValue(r.value)}`).join(',');
  }
}

/**
 * Parses a field selector. Terms are split on unescaped commas and kept in sorted order (as
 * fields.ParseSelector sorts them, which decides which unknown field an error names first).
 * Values may escape `\`, `,` and `=` with a backslash. A malformed selector throws a 400 with
 * apimachinery's message, e.g. `invalid selector: 'a'; can't understand 'a'`.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (!split) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    requirements.push({ field: split.field, operator: split.operator, value: unescapeFieldValue(split.value) });
  }
  return new TermSelector(requirements);
}

/** Escapes a literal value for use in a field selector (fields.EscapeValue). */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

function unescapeFieldValue(raw: string): string {
  if (!/[\\,=]/.test(raw)) return raw;
  let out = '';
  let escaped = false;
  for (const ch of raw) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${ch}`);
      out += ch;
      escaped = false;
    } else if (ch === '\\') escaped = true;
    // Go prints the offending rune with %v, i.e. as its code point number.
    else if (ch === ',' || ch === '=') throw badRequest(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    else out += ch;
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
    else if (ch === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The first operator occurrence splits the term; `!=` and `==` are tried before `=`. */
function splitTerm(term: string): { field: string; operator: FieldRequirement['operator']; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of ['!=', '==', '='] as const) {
      if (term.startsWith(operator, i)) return { field: term.slice(0, i), operator, value: term.slice(i + operator.length) };
    }
  }
  return undefined;
}

/** Which fields a kind accepts in a selector (label as sent → label matched), and its 400 text. */
interface FieldLabelRules {
  accepted: Readonly<Record<string, string>>;
  reject: (field: string) => string;
}

/** Labels accepted unchanged. */
function same(...labels: string[]): Record<string, string> {
  return Object.fromEntries(labels.map((label) => [label, label]));
}

const metadataFields = ['metadata.name', 'metadata.namespace'];
const notSupported = (field: string): string => `field label not supported: ${field}`;
const involvedObject = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/**
 * The field label conversions registered in k8s 1.32 (pkg/apis/core/v1, batch/v1 and events/v1
 * conversion.go). Kinds not listed fall back to runtime.DefaultMetaV1FieldSelectorConversion,
 * which accepts only metadata.name and metadata.namespace. apps/v1 registers none, so a
 * ReplicaSet rejects `status.replicas` even though its registry could match it.
 */
const conversions: Record<string, FieldLabelRules> = {
  pods: {
    accepted: {
      ...same(...metadataFields, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName'),
      ...same('spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'),
      'spec.host': 'spec.nodeName', // what v1 clients of 2015 sent
    },
    reject: notSupported,
  },
  // Cluster-scoped kinds with their own conversion do not accept metadata.namespace at all.
  nodes: { accepted: same('metadata.name', 'spec.unschedulable'), reject: notSupported },
  namespaces: { accepted: same('metadata.name', 'status.phase'), reject: notSupported },
  replicationcontrollers: { accepted: same(...metadataFields, 'status.replicas'), reject: notSupported },
  events: {
    accepted: same(...metadataFields, ...involvedObject.map((f) => `involvedObject.${f}`), 'reason', 'reportingComponent', 'source', 'type'),
    reject: notSupported,
  },
  // events.k8s.io/v1 shares core Event storage: its spellings map onto the core field names.
  'events.events.k8s.io': {
    accepted: {
      ...same(...metadataFields, 'reason', 'type'),
      ...Object.fromEntries(involvedObject.map((f) => [`regarding.${f}`, `involvedObject.${f}`])),
      reportingController: 'reportingComponent',
    },
    reject: notSupported,
  },
  secrets: { accepted: same(...metadataFields, 'type'), reject: notSupported },
  services: { accepted: same(...metadataFields, 'spec.clusterIP', 'spec.type'), reject: notSupported },
  'jobs.batch': { accepted: same(...metadataFields, 'status.successful'), reject: (f) => `field label ${JSON.stringify(f)} not supported for batchv1.Job` },
};

const defaultConversion: FieldLabelRules = {
  accepted: same(...metadataFields),
  reject: (f) => `${JSON.stringify(f)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/**
 * Checks a parsed selector against the kind's field label conversion, as the apiserver does for
 * list, watch and deletecollection, and returns it with every field renamed to the name fieldsOf()
 * uses (`spec.host` → `spec.nodeName`, `regarding.name` → `involvedObject.name`). An unsupported
 * field throws a 400 with the 1.32 wording: `field label not supported: spec.foo` for pods, or
 * `"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"` for kinds
 * without a conversion.
 */
export function convertFieldSelector(group: string, resource: string, selector: FieldSelector): FieldSelector {
  const rules = conversions[group === '' ? resource : `${resource}.${group}`] ?? defaultConversion;
  const converted = selector.requirements.map((r) => {
    const field = Object.prototype.hasOwnProperty.call(rules.accepted, r.field) ? rules.accepted[r.field] : undefined;
    if (field === undefined) throw badRequest(rules.reject(r.field));
    return { ...r, field };
  });
  return new TermSelector(converted);
}

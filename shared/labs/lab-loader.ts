/**
 * Loads one lab file (text in, Lab out): YAML parsed with line positions, every field checked
 * against the lab schema, checks turned into the Check union. A broken file is refused with a
 * LabLoadError (`labs/a-pods.yaml:12: unknown field "chek" in steps[1] …`), never half-loaded.
 * Pure: reading the files is lab-files.ts' job, so the TUI and tests can load from strings.
 */
import { LineCounter, parseDocument, type Node } from 'yaml';
import { resources } from '../api/resources.js';
import { parseLabelSelector } from '../labels.js';
import { LabLoadError, SchemaReader, type FieldShape, type Shape } from './lab-schema.js';
import type { Check, Lab, LabStep } from './lab-types.js';

const text: Shape = { type: 'object', fields: { en: { shape: { type: 'string' }, required: true }, ko: { shape: { type: 'string' }, required: true } } };
const str: Shape = { type: 'string' };
const num: Shape = { type: 'number' };
const name: Shape = { type: 'string', pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, patternText: 'a Kubernetes name' };
const req = (shape: Shape): FieldShape => ({ shape, required: true });
const opt = (shape: Shape): FieldShape => ({ shape });
const kinds = new Set(resources.map((r) => r.kind));
const kind: Shape = {
  type: 'custom',
  read: (reader, node, where) => {
    const value = reader.read(node, str, where) as string;
    if (!kinds.has(value)) reader.fail(node, `${where}: unknown kind "${value}"`);
    return value;
  },
};
const textOrList: Shape = {
  type: 'custom',
  read: (reader, node, where) => (node && 'items' in node ? reader.read(node, { type: 'list', of: str }, where) : [reader.read(node, str, where)]),
};

/** The fields of each check kind; `namespace` defaults to the lab's. */
const checkFields: Record<Exclude<Check['type'], 'allOf'>, Record<string, FieldShape>> = {
  objectExists: { kind: req(kind), name: opt(name), namespace: opt(name), selector: opt(str), count: opt(num), fields: opt({ type: 'matchers' }) },
  objectAbsent: { kind: req(kind), name: req(name), namespace: opt(name) },
  podPhase: { name: opt(name), selector: opt(str), phase: req({ type: 'string', pattern: /^(Pending|Running|Succeeded|Failed|Unknown)$/, patternText: 'a pod phase (Pending, Running, Succeeded, Failed, Unknown)' }), count: opt(num), namespace: opt(name) },
  podsReady: { selector: req(str), count: req(num), namespace: opt(name) },
  containerState: { pod: opt(name), selector: opt(str), container: opt(name), reason: req(str), minRestarts: opt(num), namespace: opt(name) },
  eventWithReason: { reason: req(str), kind: opt(kind), name: opt(name), messageContains: opt(str), namespace: opt(name) },
  serviceAnswers: { service: req(name), text: req(str), namespace: opt(name) },
  nodeCondition: { node: req(name), condition: req(str), status: req({ type: 'string', pattern: /^(True|False|Unknown)$/, patternText: 'True, False or Unknown' }) },
  logsContain: { pod: opt(name), selector: opt(str), container: opt(name), text: req(textOrList), namespace: opt(name) },
};

/** Checks that name pods need a name or a selector; one of the two, not both. */
const podTargets: Partial<Record<Check['type'], [string, string]>> = { podPhase: ['name', 'selector'], containerState: ['pod', 'selector'], logsContain: ['pod', 'selector'] };

function readCheck(reader: SchemaReader, node: Node, where: string): Check {
  const pairs = reader.pairs(node, where);
  if (pairs.length !== 1) reader.fail(node, `${where} must have exactly one key naming its kind (${[...Object.keys(checkFields), 'allOf'].join(', ')})`);
  const [{ key, keyNode, value }] = pairs as [(typeof pairs)[0]];
  if (key === 'allOf') return { type: 'allOf', checks: reader.read(value, { type: 'list', of: checkShape }, `${where}.allOf`) as Check[] };
  const fields = checkFields[key as keyof typeof checkFields];
  if (!fields) reader.fail(keyNode, `unknown check "${key}" in ${where} (known: ${[...Object.keys(checkFields), 'allOf'].join(', ')})`);
  const args = reader.read(value, { type: 'object', fields }, `${where}.${key}`) as Record<string, unknown>;
  if (typeof args.selector === 'string') {
    try {
      parseLabelSelector(args.selector);
    } catch (err) {
      reader.fail(value, `${where}.${key}.selector "${args.selector}": ${(err as Error).message}`);
    }
  }
  const target = podTargets[key as Check['type']];
  if (target && (args[target[0]] === undefined) === (args[target[1]] === undefined)) reader.fail(value, `${where}.${key} needs either "${target[0]}" or "${target[1]}"`);
  return { type: key, ...args } as Check;
}

const checkShape: Shape = { type: 'custom', read: readCheck };

const stepShape: Shape = {
  type: 'object',
  fields: {
    id: req(name),
    title: req(text),
    text: req(text),
    commands: req({ type: 'list', of: str }),
    manifests: opt({ type: 'list', of: str }),
    hint: opt(text),
    check: req(checkShape),
  },
};

const labShape: Shape = {
  type: 'object',
  fields: {
    id: req({ type: 'string', pattern: /^[a-z]$/, patternText: 'one lower-case letter' }),
    title: req(text),
    goal: req(text),
    namespace: req(name),
    createNamespace: opt({ type: 'boolean' }),
    steps: req({ type: 'list', of: stepShape }),
  },
};

export interface LoadOptions {
  /** True when labs/manifests/<name> exists; unchecked when absent. */
  manifestExists?(name: string): boolean;
}

/** Parses and validates one lab file; throws LabLoadError with the file and line on bad input. */
export function loadLab(source: string, file: string, options: LoadOptions = {}): Lab {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) throw new LabLoadError(file, lineCounter.linePos(first.pos[0]).line, `not valid YAML: ${first.message.split('\n')[0]}`);
  const reader = new SchemaReader(file, lineCounter);
  const raw = reader.read(doc.contents as Node, labShape, 'the lab') as Omit<Lab, 'file' | 'createNamespace' | 'steps'> & { createNamespace?: boolean; steps: Array<Omit<LabStep, 'manifests'> & { manifests?: string[] }> };
  const stepsNode = (doc.contents as { get(key: string, keepScalar: boolean): unknown }).get('steps', true) as { items: Node[] };
  const ids = new Set<string>();
  const steps = raw.steps.map((step, i): LabStep => {
    const node = stepsNode.items[i];
    if (ids.has(step.id)) reader.fail(node, `steps[${i}] repeats the id "${step.id}"`);
    ids.add(step.id);
    for (const manifest of step.manifests ?? []) {
      if (options.manifestExists && !options.manifestExists(manifest)) reader.fail(node, `steps[${i}] names the manifest "${manifest}", which is not in labs/manifests/`);
    }
    return { ...step, manifests: step.manifests ?? [] };
  });
  if (steps.length === 0) reader.fail(stepsNode as unknown as Node, 'the lab has no steps');
  return { ...raw, createNamespace: raw.createNamespace ?? true, steps, file };
}

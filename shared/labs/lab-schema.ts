/**
 * A small schema reader over the `yaml` package's document tree: it turns a node into a value of
 * the declared shape, or throws a LabLoadError naming the file, the line and the reason (an
 * unknown field, a missing one, a wrong type). The tree rather than the parsed value, because only
 * the tree knows lines. Hand-written instead of a JSON-schema library (ajv): those report JSON
 * pointers, not YAML lines, and the shapes here are a dozen.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { parseFieldPath } from './field-path.js';

export class LabLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'LabLoadError';
  }
}

export type Shape =
  | { type: 'string'; pattern?: RegExp; patternText?: string }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'list'; of: Shape }
  | { type: 'object'; fields: Record<string, FieldShape> }
  /** A map of free keys (field paths) to scalars or `{exists: bool}`. */
  | { type: 'matchers' }
  /** Any value of the other shapes read by a callback (checks: one key naming the kind). */
  | { type: 'custom'; read(reader: SchemaReader, node: Node, where: string): unknown };

export interface FieldShape {
  shape: Shape;
  required?: boolean;
}

/** Reads nodes of one document; `where` says in words which part of the lab a node is. */
export class SchemaReader {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  fail(node: Node | null | undefined, reason: string): never {
    const offset = node?.range?.[0] ?? 0;
    throw new LabLoadError(this.file, this.lines.linePos(offset).line, reason);
  }

  read(node: Node | null | undefined, shape: Shape, where: string): unknown {
    switch (shape.type) {
      case 'string': {
        if (!isScalar(node) || typeof node.value !== 'string') {
          // Numbers and booleans are accepted as text only when the text was quoted in the file.
          if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) return this.checkPattern(node, String(node.value), shape, where);
          this.fail(node, `${where} must be a string`);
        }
        return this.checkPattern(node, node.value, shape, where);
      }
      case 'number':
        if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < 0) this.fail(node, `${where} must be a whole number, 0 or more`);
        return node.value;
      case 'boolean':
        if (!isScalar(node) || typeof node.value !== 'boolean') this.fail(node, `${where} must be true or false`);
        return node.value;
      case 'list':
        if (!isSeq(node)) this.fail(node, `${where} must be a list`);
        return node.items.map((item, i) => this.read(item as Node, shape.of, `${where}[${i}]`));
      case 'object':
        return this.readObject(node, shape.fields, where);
      case 'matchers':
        return this.readMatchers(node, where);
      case 'custom':
        return shape.read(this, node as Node, where);
    }
  }

  /** The pairs of a map node, keys as strings; duplicate keys are refused. */
  pairs(node: Node | null | undefined, where: string): Array<{ key: string; keyNode: Node; value: Node }> {
    if (!isMap(node)) this.fail(node, `${where} must be a map`);
    const seen = new Set<string>();
    return node.items.map((pair) => {
      const keyNode = pair.key as Node;
      if (!isScalar(keyNode)) this.fail(node, `${where} has a key that is not a string`);
      const key = String(keyNode.value);
      if (seen.has(key)) this.fail(keyNode, `${where} has "${key}" twice`);
      seen.add(key);
      return { key, keyNode, value: pair.value as Node };
    });
  }

  private readObject(node: Node | null | undefined, fields: Record<string, FieldShape>, where: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { key, keyNode, value } of this.pairs(node, where)) {
      const field = fields[key];
      if (!field) this.fail(keyNode, `unknown field "${key}" in ${where} (known: ${Object.keys(fields).join(', ')})`);
      out[key] = this.read(value, field.shape, `${where}.${key}`);
    }
    for (const [key, field] of Object.entries(fields)) {
      if (field.required && !(key in out)) this.fail(node, `${where} needs "${key}"`);
    }
    return out;
  }

  private readMatchers(node: Node | null | undefined, where: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { key, keyNode, value } of this.pairs(node, where)) {
      try {
        parseFieldPath(key);
      } catch (err) {
        this.fail(keyNode, `${where}: bad field path: ${(err as Error).message}`);
      }
      if (isScalar(value) && ['string', 'number', 'boolean'].includes(typeof value.value)) out[key] = value.value;
      else out[key] = this.readObject(value, { exists: { shape: { type: 'boolean' }, required: true } }, `${where}.${key}`);
    }
    return out;
  }

  private checkPattern(node: Node, value: string, shape: { pattern?: RegExp; patternText?: string }, where: string): string {
    if (shape.pattern && !shape.pattern.test(value)) this.fail(node, `${where} "${value}" is not ${shape.patternText ?? `of the form ${shape.pattern}`}`);
    return value;
  }
}

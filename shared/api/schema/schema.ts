/**
 * The type schema of every served kind, parsed once (lazily) from types.txt: wire-format facts copied
 * from k8s.io/api v0.32 (field numbers, proto types) plus the Go facts that decoding needs (pointer or
 * not, inline embeddings, Go type names for encoding/json's error wording). The protobuf decoder, the
 * strict JSON field check and the OpenAPI documents all read this one table. It holds no behaviour.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A proto scalar as types.txt names it. */
export type ScalarName = 'string' | 'int32' | 'int64' | 'bool' | 'bytes' | 'double';

/** The type of a field: a scalar, a message (qualified name, e.g. `apps.v1.DeploymentSpec`), a map or a list. */
export type FieldType =
  | { kind: 'scalar'; scalar: ScalarName }
  | { kind: 'message'; message: string }
  | { kind: 'map'; key: ScalarName; value: FieldType }
  | { kind: 'repeated'; element: FieldType };

/** One field of a message. */
export interface FieldSchema {
  number: number;
  /** The proto field name; also the JSON name unless `inline` (types.txt records any difference). */
  name: string;
  /** The JSON name; '' for an inline embedding, whose fields appear in the parent. */
  jsonName: string;
  type: FieldType;
  /** Go `*T`: present on the wire only when set, so a zero value there is meaningful. */
  pointer: boolean;
  /** Go embedding with `json:",inline"`. */
  inline: boolean;
  /** Go's reflect type string, as encoding/json prints it: `int32`, `v1.Protocol`, `[]v1.Container`. */
  goType: string;
}

/** Types with their own JSON form (see types.txt, flag `custom`). */
export type CustomKind = 'time' | 'microtime' | 'quantity' | 'intorstring' | 'rawjson' | 'unknown';

/** One message (a Go struct). */
export interface MessageSchema {
  /** Qualified name: `core.v1.Pod`, `meta.ObjectMeta`. */
  name: string;
  /** The Go struct name, as encoding/json errors print it: `DeploymentSpec`. */
  goName: string;
  /** `v1.DeploymentSpec`: the reflect type string of a field of this type. */
  goType: string;
  /** Embeds metav1.TypeMeta: JSON also accepts `apiVersion` and `kind`. */
  typeMeta: boolean;
  custom?: CustomKind;
  /** Wire fields, by ascending number. */
  fields: FieldSchema[];
  byNumber: ReadonlyMap<number, FieldSchema>;
}

/** The parsed table. */
export interface Schema {
  messages: ReadonlyMap<string, MessageSchema>;
}

const customKinds: Record<string, CustomKind> = {
  'meta.Time': 'time',
  'meta.MicroTime': 'microtime',
  'resource.Quantity': 'quantity',
  'intstr.IntOrString': 'intorstring',
  'meta.FieldsV1': 'rawjson',
  'runtime.RawExtension': 'rawjson',
  'runtime.Unknown': 'unknown',
};

const scalarNames = new Set<string>(['string', 'int32', 'int64', 'bool', 'bytes', 'double']);

let cached: Schema | undefined;

/** The schema, parsed from types.txt on first use. */
export function getSchema(): Schema {
  if (!cached) {
    // Resolved next to this module, so it works from the TS source (tsx) and from dist/ (copied by
    // scripts/dev/copy-assets.mjs).
    const path = fileURLToPath(new URL('./types.txt', import.meta.url));
    cached = parseSchema(readFileSync(path, 'utf8'));
  }
  return cached;
}

/** A message by qualified name (`core.v1.PodSpec`), or undefined. */
export function findMessage(name: string): MessageSchema | undefined {
  return getSchema().messages.get(name);
}

/**
 * The package part of a group: '' → core, `networking.k8s.io` → networking, `apps` → apps, and
 * `rbac.authorization.k8s.io` → rbac (k8s.io/api keeps it in `rbac/v1`, OpenAPI names it `io.k8s.api.rbac.v1`).
 */
export function packageForGroup(group: string): string {
  if (group === 'rbac.authorization.k8s.io') return 'rbac';
  // k8s.io/api keeps flowcontrol.apiserver.k8s.io in `flowcontrol/v1`.
  if (group === 'flowcontrol.apiserver.k8s.io') return 'flowcontrol';
  return group === '' ? 'core' : group.replace(/\.k8s\.io$/, '');
}

/**
 * The top-level message of a kind, or undefined for kinds the table does not describe (their bodies
 * pass unchecked). DeleteOptions is meta.v1's in every group-version, as the apiserver treats it.
 */
export function rootMessageFor(group: string, version: string, kind: string): MessageSchema | undefined {
  if (kind === 'DeleteOptions') return findMessage('meta.DeleteOptions');
  const msg = findMessage(`${packageForGroup(group)}.${version}.${kind}`);
  return msg?.typeMeta ? msg : undefined;
}

/** Parses the text of types.txt. Throws with the line number on a malformed line. */
export function parseSchema(text: string): Schema {
  const messages = new Map<string, MessageSchema>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      const msg = parseMessageLine(line);
      messages.set(msg.name, msg);
    } catch (err) {
      throw new Error(`types.txt:${index + 1}: ${(err as Error).message}`);
    }
  });
  for (const msg of messages.values()) {
    for (const field of msg.fields) checkResolved(field.type, messages, `${msg.name}.${field.name}`);
  }
  return { messages };
}

function parseMessageLine(text: string): MessageSchema {
  // A message without fields (an empty struct such as CustomResourceSubresourceStatus) ends in ':'.
  const line = text.endsWith(':') ? `${text} ` : text;
  const colon = line.indexOf(': ');
  if (colon < 0) throw new Error('expected "<Message>[ flags]: <fields>"');
  const [name, ...flags] = line.slice(0, colon).split(' ');
  const pkg = packageOf(name);
  const fieldList = line.slice(colon + 2).trim();
  const fields = fieldList === '' ? [] : fieldList.split(', ').map((field) => parseField(field, pkg));
  const goName = name.slice(name.lastIndexOf('.') + 1);
  return {
    name,
    goName,
    goType: `${goPackage(pkg)}.${goName}`,
    typeMeta: flags.includes('typemeta'),
    custom: flags.includes('custom') ? (customKinds[name] ?? 'rawjson') : undefined,
    fields,
    byNumber: new Map(fields.map((f) => [f.number, f])),
  };
}

function parseField(text: string, pkg: string): FieldSchema {
  const m = /^(\d+) (\w+)(\[\])?:(\S+)((?: \S+)*)$/.exec(text);
  if (!m) throw new Error(`bad field "${text}"`);
  const [, num, name, repeated, typeText, annotationText] = m;
  const annotations = annotationText.trim() === '' ? [] : annotationText.trim().split(' ');
  const single = parseType(typeText, pkg);
  const type: FieldType = repeated ? { kind: 'repeated', element: single } : single;
  const inline = annotations.includes('inline');
  const jsonAnnotation = annotations.find((a) => a.startsWith('json='));
  const goAnnotation = annotations.find((a) => a.startsWith('go='));
  return {
    number: Number(num),
    name,
    jsonName: inline ? '' : jsonAnnotation ? jsonAnnotation.slice(5) : name,
    type,
    pointer: annotations.includes('ptr'),
    inline,
    goType: goAnnotation ? goAnnotation.slice(3) : defaultGoType(type),
  };
}

function parseType(text: string, pkg: string): FieldType {
  const map = /^map<(\w+),(.+)>$/.exec(text);
  if (map) {
    if (!scalarNames.has(map[1])) throw new Error(`bad map key type "${map[1]}"`);
    return { kind: 'map', key: map[1] as ScalarName, value: parseType(map[2], pkg) };
  }
  if (scalarNames.has(text)) return { kind: 'scalar', scalar: text as ScalarName };
  // Unqualified names live in the line's own package; qualified ones start with a lower-case package.
  const qualified = /^[a-z]/.test(text) ? text : `${pkg}.${text}`;
  return { kind: 'message', message: qualified };
}

function checkResolved(type: FieldType, messages: Map<string, MessageSchema>, where: string): void {
  if (type.kind === 'message' && !messages.has(type.message)) throw new Error(`types.txt: ${where} refers to unknown message ${type.message}`);
  if (type.kind === 'map') checkResolved(type.value, messages, where);
  if (type.kind === 'repeated') checkResolved(type.element, messages, where);
}

/** `apps.v1.Deployment` → `apps.v1`; `meta.Time` → `meta`. */
function packageOf(name: string): string {
  return name.slice(0, name.lastIndexOf('.'));
}

/** The Go package name of a schema package: `core.v1` → v1, `autoscaling.v2` → v2, `meta` → v1. */
function goPackage(pkg: string): string {
  if (pkg === 'meta') return 'v1';
  const dot = pkg.lastIndexOf('.');
  return dot < 0 ? pkg : pkg.slice(dot + 1);
}

function defaultGoType(type: FieldType): string {
  switch (type.kind) {
    case 'scalar':
      return type.scalar === 'bytes' ? '[]uint8' : type.scalar === 'double' ? 'float64' : type.scalar;
    case 'message':
      return `${goPackage(packageOf(type.message))}.${type.message.slice(type.message.lastIndexOf('.') + 1)}`;
    case 'map':
      return `map[${defaultGoType({ kind: 'scalar', scalar: type.key })}]${defaultGoType(type.value)}`;
    case 'repeated':
      return `[]${defaultGoType(type.element)}`;
  }
}

/**
 * The Go type string of one element of a list or one value of a map field: `[]v1.Container` →
 * `v1.Container`. Named collection types (`v1.ResourceList`) fall back to the proto element type.
 */
export function goElementType(field: FieldSchema): string {
  const t = field.goType;
  if (t.startsWith('[]')) return t.slice(2);
  if (t.startsWith('map[')) {
    let depth = 0;
    for (let i = 3; i < t.length; i++) {
      if (t[i] === '[') depth++;
      else if (t[i] === ']' && --depth === 0) return t.slice(i + 1);
    }
  }
  const inner = field.type.kind === 'repeated' ? field.type.element : field.type.kind === 'map' ? field.type.value : field.type;
  return defaultGoType(inner);
}

// JSON-only fields of an embedded metav1.TypeMeta: there is no wire field for them (number 0).
const typeMetaFields: FieldSchema[] = ['apiVersion', 'kind'].map((name) => ({
  number: 0,
  name,
  jsonName: name,
  type: { kind: 'scalar', scalar: 'string' },
  pointer: false,
  inline: false,
  goType: 'string',
}));

const jsonViews = new Map<string, ReadonlyMap<string, FieldSchema>>();

/**
 * The fields of a message as JSON sees them: inline embeddings flattened into their parent (as Go's
 * encoding/json does), plus `apiVersion` and `kind` when the struct embeds TypeMeta.
 */
export function jsonFields(msg: MessageSchema): ReadonlyMap<string, FieldSchema> {
  let view = jsonViews.get(msg.name);
  if (!view) {
    const out = new Map<string, FieldSchema>();
    if (msg.typeMeta) for (const f of typeMetaFields) out.set(f.jsonName, f);
    for (const field of msg.fields) {
      const embedded = field.inline && field.type.kind === 'message' ? findMessage(field.type.message) : undefined;
      if (embedded) for (const [name, f] of jsonFields(embedded)) out.set(name, f);
      else out.set(field.jsonName, field);
    }
    view = out;
    jsonViews.set(msg.name, view);
  }
  return view;
}

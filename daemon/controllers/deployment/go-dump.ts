/**
 * A pod template printed as Go's hashutil.DeepHashObject prints it before hashing: go-spew's
 * `%#v` with SortKeys and DisableMethods, over the Go struct the JSON decodes into. Every field of
 * every struct appears, in declaration order, with its Go type in parentheses (`Name:(string)nginx`,
 * `LivenessProbe:(*v1.Probe)<nil>`); slice elements and map entries omit their type; strings are
 * unquoted; map keys are sorted. Empty lists and maps print as nil because the controller's informer
 * decodes protobuf, which does not carry them. Field layouts come from pod-template-go-types.ts.
 * Approximated: timestamps print as the zero time (templates carry none), big quantities.
 */
import { quantityAsStored } from './go-quantity.js';
import { podTemplateGoTypes } from './pod-template-go-types.js';

interface GoField {
  name: string;
  /** The JSON name; '' for an inline embedding, whose fields sit in the parent object. */
  json: string;
  type: string;
}

type GoDefinition = { kind: 'struct'; fields: GoField[] } | { kind: 'named'; underlying: string };

const packageNames: Record<string, string> = { core: 'v1', meta: 'v1', resource: 'resource', intstr: 'intstr', types: 'types' };
const zeroTime = '{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}';

let definitions: Map<string, GoDefinition> | undefined;

function definitionsTable(): Map<string, GoDefinition> {
  if (definitions) return definitions;
  definitions = new Map();
  for (const line of podTemplateGoTypes) {
    const [name, ...rest] = line.split(' ');
    if (rest[0] === '=') definitions.set(name!, { kind: 'named', underlying: rest[1]! });
    else {
      const fields = rest.map((spec) => {
        const [fieldName, json, ...type] = spec.split(':');
        return { name: fieldName!, json: json === '~' ? '' : json!, type: type.join(':') };
      });
      definitions.set(name!, { kind: 'struct', fields });
    }
  }
  return definitions;
}

/** `%#v` of `value` decoded as the Go type `type` (`core.PodTemplateSpec`). */
export function goDump(type: string, value: unknown): string {
  const out: string[] = [];
  format(type, value, false, out);
  return out.join('');
}

/** reflect.Type.String(): `*v1.Probe`, `[]v1.Container`, `map[string]string`. */
export function goTypeString(type: string): string {
  if (type.startsWith('*')) return `*${goTypeString(type.slice(1))}`;
  if (type.startsWith('[]')) return `[]${goTypeString(type.slice(2))}`;
  const map = /^map\[([^\]]+)\](.+)$/.exec(type);
  if (map) return `map[${goTypeString(map[1]!)}]${goTypeString(map[2]!)}`;
  const dot = type.indexOf('.');
  return dot < 0 ? type : `${packageNames[type.slice(0, dot)] ?? type.slice(0, dot)}${type.slice(dot)}`;
}

/** spew's format: the type in parentheses unless an element or entry, then the value. */
function format(type: string, value: unknown, ignoreType: boolean, out: string[]): void {
  if (type.startsWith('*')) {
    // A nil pointer prints its type and <nil>; a set one `(*T)` then the value without its type.
    if (value === undefined || value === null) out.push(ignoreType ? '<nil>' : `(${goTypeString(type)})<nil>`);
    else {
      out.push(ignoreType ? '<*>' : `(${goTypeString(type)})`);
      format(type.slice(1), value, true, out);
    }
    return;
  }
  if (!ignoreType) out.push(`(${goTypeString(type)})`);
  formatValue(type, value, out);
}

function formatValue(type: string, value: unknown, out: string[]): void {
  if (type.startsWith('[]')) {
    if (!Array.isArray(value) || value.length === 0) return void out.push('<nil>');
    out.push('[');
    value.forEach((element, i) => {
      if (i > 0) out.push(' ');
      format(type.slice(2), element, true, out);
    });
    return void out.push(']');
  }
  const map = /^map\[([^\]]+)\](.+)$/.exec(type);
  if (map) return formatMap(map[2]!, value, out);
  switch (type) {
    case 'string':
    case 'types.UID':
      return void out.push(typeof value === 'string' ? value : '');
    case 'bool':
      return void out.push(value === true ? 'true' : 'false');
    case 'int32':
    case 'int64':
    case 'int':
    case 'uint8':
    case 'uint32':
    case 'uint64':
      return void out.push(String(typeof value === 'number' ? Math.trunc(value) : 0));
    case 'meta.Time':
      return void out.push(zeroTime);
    case 'resource.Quantity':
      return formatQuantity(value, out);
    case 'intstr.IntOrString':
      if (typeof value === 'string') return void out.push(`{Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string)${value}}`);
      return void out.push(`{Type:(intstr.Type)0 IntVal:(int32)${typeof value === 'number' ? value : 0} StrVal:(string)}`);
  }
  const definition = definitionsTable().get(type);
  if (!definition) throw new Error(`go-dump: no Go layout for ${type}`);
  if (definition.kind === 'named') return formatValue(definition.underlying, value, out);
  const obj = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  out.push('{');
  definition.fields.forEach((field, i) => {
    if (i > 0) out.push(' ');
    out.push(`${field.name}:`);
    format(field.type, field.json === '' ? obj : field.json === '-' ? undefined : obj[field.json], false, out);
  });
  out.push('}');
}

function formatMap(valueType: string, value: unknown, out: string[]): void {
  const entries = value !== null && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
  if (entries.length === 0) return void out.push('<nil>');
  // spew's SortKeys compares string keys bytewise.
  entries.sort(([a], [b]) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  out.push('map[');
  entries.forEach(([key, v], i) => {
    if (i > 0) out.push(' ');
    out.push(`${key}:`);
    format(valueType, v, true, out);
  });
  out.push(']');
}

function formatQuantity(value: unknown, out: string[]): void {
  const q = quantityAsStored(typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '0');
  out.push(`{i:(resource.int64Amount){value:(int64)${q.value} scale:(resource.Scale)${q.scale}} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)${q.cached} Format:(resource.Format)${q.format}}`);
}

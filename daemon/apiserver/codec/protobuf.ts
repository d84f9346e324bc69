/**
 * Decodes the Kubernetes protobuf request bodies that kubectl 1.32's typed clients send
 * (`create deployment|service|configmap|secret|namespace|…`, typed DELETE bodies): the "k8s\0"
 * envelope around a runtime.Unknown, whose `raw` is the object message. The result has the JSON
 * shape the rest of the apiserver works with. Field numbers and types come from the schema table
 * (shared/api/schema/types.txt); the wire format is read with protobufjs' Reader.
 * Responses are always JSON (reference/kubectl-compat.md §4), so there is no encoder here.
 */
import protobuf from 'protobufjs/minimal.js';
import { badRequest, isStatusError } from '../../../shared/api/errors.js';
import { formatApiVersion, parseApiVersion, type DeleteOptions, type KubeObject } from '../../../shared/api/meta.js';
import type { GroupVersionKind } from '../../../shared/api/resources.js';
import { findMessage, rootMessageFor, type FieldSchema, type FieldType, type MessageSchema } from '../../../shared/api/schema/schema.js';
import { decodeErrorMessage } from './strict.js';

type Reader = protobuf.Reader;
type Json = Record<string, unknown>;

/** "k8s\0": apimachinery's protobuf serializer prefix. */
const envelopePrefix = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
// Real objects nest about 12 deep (Deployment → … → NodeSelectorRequirement); this bounds hostile input.
const maxDepth = 64;
const wireVarint = 0;
const wire64 = 1;
const wireBytes = 2;

/** A wire-format fault, reported with gogo-protobuf's wording. */
class WireError extends Error {}

/** True when the body starts with the protobuf envelope prefix. */
export function isProtobufBody(body: Uint8Array): boolean {
  return body.length >= envelopePrefix.length && envelopePrefix.equals(body.subarray(0, envelopePrefix.length));
}

/**
 * Decodes a protobuf request body into a JSON object (apiVersion and kind from the envelope; an empty
 * one is filled from `defaults`, the kind the request path names, as apimachinery's copyKindDefaults does).
 * Throws a 400 BadRequest StatusError for anything malformed or for a kind the schema lacks.
 */
export function decodeProtobufObject(body: Buffer, defaults?: GroupVersionKind): KubeObject {
  const envelope = decodeEnvelope(body);
  const raw = envelope.raw;
  const kind = envelope.kind || defaults?.kind || '';
  const apiVersion = envelope.apiVersion || (defaults ? formatApiVersion(defaults.group, defaults.version) : '');
  if (!kind) throw badRequest(`Object 'Kind' is missing in '${envelopeSummary(envelope.apiVersion, envelope.kind)}'`);
  if (!apiVersion) throw badRequest(`Object 'apiVersion' is missing in '${envelopeSummary(envelope.apiVersion, envelope.kind)}'`);
  const { group, version } = parseApiVersion(apiVersion);
  const root = rootMessageFor(group, version, kind);
  if (!root) throw badRequest(`no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  const fields = decodeOrThrow(raw, root, (text) => decodeErrorMessage({ group, version, kind }, text));
  return { apiVersion, kind, ...fields, metadata: (fields.metadata as KubeObject['metadata'] | undefined) ?? {} };
}

/** Decodes a protobuf DeleteOptions body (a typed client's DELETE), whatever group the envelope names. */
export function decodeDeleteOptions(body: Buffer): DeleteOptions {
  const { raw } = decodeEnvelope(body);
  const schema = findMessage('meta.DeleteOptions');
  if (!schema) throw new Error('schema: meta.DeleteOptions missing from types.txt');
  return decodeOrThrow(raw, schema, (text) => text) as DeleteOptions;
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

function decodeEnvelope(body: Buffer): Envelope {
  // The three texts are apimachinery's protobuf serializer's own (serializer/protobuf/protobuf.go).
  if (body.length === 0) throw badRequest('empty data');
  if (!isProtobufBody(body)) throw badRequest(`provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]`);
  if (body.length === envelopePrefix.length) throw badRequest('empty body');
  const out: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0) };
  try {
    const reader = protobuf.Reader.create(body.subarray(envelopePrefix.length));
    while (reader.pos < reader.len) {
      const [number, wire] = readTag(reader, 'Unknown');
      if (number === 1 && wire === wireBytes) {
        const typeMeta = protobuf.Reader.create(reader.bytes());
        while (typeMeta.pos < typeMeta.len) {
          const [n, w] = readTag(typeMeta, 'TypeMeta');
          if (n === 1 && w === wireBytes) out.apiVersion = typeMeta.string();
          else if (n === 2 && w === wireBytes) out.kind = typeMeta.string();
          else skip(typeMeta, w);
        }
      } else if (number === 2 && wire === wireBytes) out.raw = reader.bytes();
      else skip(reader, wire); // contentEncoding and contentType are always "" from kubectl
    }
  } catch (err) {
    throw badRequest(wireErrorText(err));
  }
  return out;
}

function decodeOrThrow(raw: Uint8Array, schema: MessageSchema, wrap: (text: string) => string): Json {
  try {
    return decodeMessage(raw, schema, 0);
  } catch (err) {
    if (isStatusError(err)) throw err;
    throw badRequest(wrap(wireErrorText(err)));
  }
}

function decodeMessage(bytes: Uint8Array, schema: MessageSchema, depth: number): Json {
  if (depth > maxDepth) throw new WireError('proto: message nested too deeply');
  const reader = protobuf.Reader.create(bytes);
  const out: Json = {};
  while (reader.pos < reader.len) {
    const [number, wire] = readTag(reader, schema.goName);
    const field = schema.byNumber.get(number);
    if (field) readField(reader, wire, field, out, depth);
    else skip(reader, wire); // a field newer than v1.32: Go's decoder keeps it as unknown bytes; we drop it
  }
  return out;
}

function readField(reader: Reader, wire: number, field: FieldSchema, out: Json, depth: number): void {
  const type = field.type;
  if (type.kind === 'repeated') {
    const list = (out[field.jsonName] as unknown[] | undefined) ?? [];
    out[field.jsonName] = list;
    if (wire === wireBytes && type.element.kind === 'scalar' && isNumeric(type.element.scalar)) {
      // A packed list: proto2 k8s types are not packed, but the format allows it.
      const packed = protobuf.Reader.create(reader.bytes());
      while (packed.pos < packed.len) list.push(readValue(packed, expectedWire(type.element), type.element, field, depth));
    } else {
      list.push(readValue(reader, wire, type.element, field, depth) ?? null);
    }
    return;
  }
  if (type.kind === 'map') {
    const map = (out[field.jsonName] as Json | undefined) ?? {};
    out[field.jsonName] = map;
    const [key, value] = readMapEntry(reader, wire, type, field, depth);
    // JSON.parse would make `__proto__` an own key; an assignment would set the map's prototype.
    if (String(key) === '__proto__') Object.defineProperty(map, '__proto__', { value, enumerable: true, writable: true, configurable: true });
    else map[String(key)] = value;
    return;
  }
  const value = readValue(reader, wire, type, field, depth);
  if (field.inline) {
    Object.assign(out, value as Json);
  } else if (!field.pointer && isZero(value)) {
    // Go writes non-pointer fields even when empty (ObjectMeta 2..6 = ""): unset, as JSON would omit them.
    delete out[field.jsonName];
  } else if (value !== undefined) {
    out[field.jsonName] = value;
  }
}

function readMapEntry(reader: Reader, wire: number, type: Extract<FieldType, { kind: 'map' }>, field: FieldSchema, depth: number): [unknown, unknown] {
  checkWire(wire, wireBytes, field);
  const entry = protobuf.Reader.create(reader.bytes());
  const keyType: FieldType = { kind: 'scalar', scalar: type.key };
  let key: unknown = zeroValue(keyType);
  let value: unknown;
  while (entry.pos < entry.len) {
    const [n, w] = readTag(entry, `${field.name} entry`);
    if (n === 1) key = readValue(entry, w, keyType, field, depth);
    else if (n === 2) value = readValue(entry, w, type.value, field, depth);
    else skip(entry, w);
  }
  return [key, value ?? zeroValue(type.value)];
}

function readValue(reader: Reader, wire: number, type: FieldType, field: FieldSchema, depth: number): unknown {
  if (type.kind === 'message') {
    checkWire(wire, wireBytes, field);
    const schema = findMessage(type.message);
    if (!schema) throw new Error(`schema: unknown message ${type.message}`);
    const bytes = reader.bytes();
    return schema.custom ? decodeCustom(bytes, schema, depth) : decodeMessage(bytes, schema, depth + 1);
  }
  if (type.kind !== 'scalar') throw new Error(`schema: nested collection in ${field.name}`);
  checkWire(wire, expectedWire(type), field);
  switch (type.scalar) {
    case 'string':
      return reader.string();
    case 'bytes':
      // JSON carries bytes as base64 (Secret.data), which is what encoding/json would produce.
      return Buffer.from(reader.bytes()).toString('base64');
    case 'int32':
      return reader.int32();
    case 'int64':
      return toNumber(reader.int64());
    case 'bool':
      return reader.bool();
    case 'double':
      return reader.double();
  }
}

/** Time, MicroTime, Quantity, IntOrString, FieldsV1, RawExtension: types with their own JSON form. */
function decodeCustom(bytes: Uint8Array, schema: MessageSchema, depth: number): unknown {
  const parts = decodeMessage(bytes, schema, depth + 1);
  switch (schema.custom) {
    case 'time':
    case 'microtime': {
      // An empty Time message is Go's zero time, which JSON writes as null: treat it as unset.
      if (bytes.length === 0) return undefined;
      const date = new Date(Number(parts.seconds ?? 0) * 1000);
      const base = date.toISOString().slice(0, 19);
      if (schema.custom === 'time') return `${base}Z`;
      const micros = Math.floor(Number(parts.nanos ?? 0) / 1000);
      return `${base}.${String(micros).padStart(6, '0')}Z`;
    }
    case 'quantity':
      return parts.string === undefined ? undefined : String(parts.string);
    case 'intorstring':
      return parts.type === 1 ? (parts.strVal ?? '') : (parts.intVal ?? 0);
    case 'rawjson':
      return decodeRawJson(parts.raw ?? parts.Raw, depth);
    default:
      throw new WireError(`proto: unexpected ${schema.name} inside an object`);
  }
}

function decodeRawJson(base64: unknown, depth: number): unknown {
  if (typeof base64 !== 'string' || base64 === '') return undefined;
  const raw = Buffer.from(base64, 'base64');
  if (isProtobufBody(raw) && depth < maxDepth) return decodeProtobufObject(raw);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new WireError(`invalid JSON in embedded object: ${(err as Error).message}`);
  }
}

function readTag(reader: Reader, where: string): [number, number] {
  const tag = reader.uint32();
  const number = tag >>> 3;
  const wire = tag & 7;
  if (number <= 0) throw new WireError(`proto: ${where}: illegal tag ${number} (wire type ${wire})`);
  return [number, wire];
}

function skip(reader: Reader, wire: number): void {
  if (wire === 3 || wire === 4 || wire > 5) throw new WireError(`proto: illegal wireType ${wire}`);
  reader.skipType(wire);
}

function checkWire(actual: number, expected: number, field: FieldSchema): void {
  if (actual !== expected) throw new WireError(`proto: wrong wireType = ${actual} for field ${goFieldName(field.name)}`);
}

function expectedWire(type: Extract<FieldType, { kind: 'scalar' }>): number {
  if (type.scalar === 'string' || type.scalar === 'bytes') return wireBytes;
  return type.scalar === 'double' ? wire64 : wireVarint;
}

/** protobufjs returns a Long for int64 when the `long` package is installed, a number otherwise. */
function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : (value as { toNumber(): number }).toNumber();
}

function isNumeric(scalar: string): boolean {
  return scalar === 'int32' || scalar === 'int64' || scalar === 'bool' || scalar === 'double';
}

/** What Go's decoder leaves in a map entry whose value is missing, as JSON. */
function zeroValue(type: FieldType): unknown {
  if (type.kind === 'message') {
    const custom = findMessage(type.message)?.custom;
    if (custom === 'quantity') return '0';
    if (custom === 'intorstring') return 0;
    return custom ? null : {};
  }
  if (type.kind !== 'scalar') return undefined;
  if (type.scalar === 'string' || type.scalar === 'bytes') return '';
  return type.scalar === 'bool' ? false : 0;
}

function isZero(value: unknown): boolean {
  if (value === undefined || value === '' || value === 0 || value === false) return true;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** gogo names fields by their Go name; capitalising the proto name is close enough for a message. */
function goFieldName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function envelopeSummary(apiVersion: string, kind: string): string {
  return `runtime.TypeMeta{APIVersion:"${apiVersion}", Kind:"${kind}"}`;
}

/** Turns protobufjs' and our own faults into the wording Go's decoder would use. */
function wireErrorText(err: unknown): string {
  if (err instanceof WireError) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  // protobufjs: "index out of range: 12 + 10 > 15" when a length runs past the end of the buffer.
  if (err instanceof RangeError || message.startsWith('index out of range')) return 'unexpected EOF';
  const wire = /invalid wire type (\d+)/.exec(message);
  if (wire) return `proto: illegal wireType ${wire[1]}`;
  return `proto: ${message}`;
}

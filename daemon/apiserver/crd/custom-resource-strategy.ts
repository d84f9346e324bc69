/**
 * The registry rules of custom resources (apiextensions' customresource strategy and decoder):
 * decoding prunes the fields the version's schema does not specify (a 400 `strict decoding error:
 * unknown field "spec.foo"` under fieldValidation=Strict, a warning under Warn), defaults fill
 * `default:` values, validation checks the schema, and with the status subresource the main
 * resource keeps .status while metadata.generation counts spec changes. Strategic merge patches
 * are refused with the real 415; reads convert (strategy None), prune and default. On update the
 * schema check ratchets (unchanged fields are not re-checked) and the x-kubernetes-validations
 * rules run after it (cel-rules.ts), unless an error that blocks them was found.
 */
import { badRequest, field, unsupportedMediaType, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { ResourceInfo } from '../../../shared/api/resources.js';
import { decodeErrorMessage, unknownFieldWarnings } from '../codec/strict.js';
import { validateObjectMetaUpdate } from '../registry/metadata.js';
import type { Strategy } from '../registry/strategy.js';
import { deepEqual } from '../registry/strategy-helpers.js';
import type { RequestContext } from '../request-context.js';
import { mutableCopy, type StoredEntry } from '../../store/store.js';
import { applyDefaults, pruneUnknownFields } from './schema-pruning.js';
import { hasRules, validateCelRules } from './cel-rules.js';
import { isTypeError, validateAgainstSchema } from './schema-validation.js';
import { servedCrdFor, servedVersionOf, type ServedCrd } from './served-crds.js';

/**
 * A stored custom resource as a reader of `info`'s version sees it: in that version (conversion
 * strategy None only changes apiVersion), pruned by the version's schema and with its defaults
 * filled in, as the apiextensions apiserver prunes and defaults what it decodes from etcd (a field
 * a narrowed schema dropped vanishes from old objects at once; a default added shows at once).
 * The stored text itself stays as written until the object's next write. Entries that need none
 * of it come back untouched, without a copy.
 */
export function viewCustomResource(info: ResourceInfo, entry: StoredEntry): StoredEntry {
  const version = servedCrdFor(info)?.versions.get(info.version);
  if (!version) return entry;
  const apiVersion = `${info.group}/${info.version}`;
  if (entry.object.apiVersion === apiVersion && !version.hasDefaults && !version.prunes) return entry;
  const obj = mutableCopy(entry);
  obj.apiVersion = apiVersion;
  if (version.prunes) pruneUnknownFields(obj as unknown as Record<string, unknown>, version.schema);
  applyDefaults(obj as unknown as Record<string, unknown>, version.schema);
  const json = JSON.stringify(obj);
  return json === entry.json ? entry : { ...entry, object: obj, json };
}

/** The patch types a custom resource's PATCH takes: no strategic merge (no Go struct to read keys from). */
const customPatchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

/** The 415 a strategic merge patch of a custom resource gets. */
export function refuseStrategicMerge(): never {
  throw unsupportedMediaType('application/strategic-merge-patch+json', customPatchTypes);
}

/**
 * Decodes a custom resource body: prunes unknown fields under the fieldValidation mode. Returns
 * undefined for a resource that is not a custom one.
 */
export function decodeCustomResource(info: ResourceInfo, obj: KubeObject, ctx: RequestContext): KubeObject | undefined {
  const crd = servedCrdFor(info);
  if (!crd) return undefined;
  const version = crd.versions.get(info.version);
  if (!version || version.schema['x-kubernetes-preserve-unknown-fields'] === true) return obj;
  const unknown = pruneUnknownFields(obj as unknown as Record<string, unknown>, version.schema);
  ctx.bodyKeys = undefined;
  if (unknown.length > 0 && ctx.fieldValidation !== 'Ignore') {
    const texts = unknownFieldWarnings(unknown);
    if (ctx.fieldValidation === 'Strict') {
      throw badRequest(decodeErrorMessage({ group: info.group, version: info.version, kind: info.kind }, `strict decoding error: ${texts.join(', ')}`));
    }
    ctx.warnings.push(...texts);
  }
  return obj;
}

function schemaErrors(crd: ServedCrd, obj: KubeObject, old?: KubeObject): FieldError[] {
  const version = servedVersionOf(crd, obj.apiVersion);
  if (!version) return [];
  return validateAgainstSchema(obj, version.schema, old);
}

/** hasBlockingErr: errors after which the apiserver does not run the CEL rules. */
const blocking = (e: FieldError): boolean =>
  e.type === 'FieldValueNotSupported' || e.type === 'FieldValueRequired' || e.type === 'FieldValueTooLong' || e.type === 'FieldValueTooMany' || isTypeError(e);

/**
 * The x-kubernetes-validations errors, after the schema's `errors`; ratcheted errors go to
 * `warnings` (main-resource updates only).
 */
function ruleErrors(crd: ServedCrd, obj: KubeObject, errors: FieldError[], old?: KubeObject, warnings?: string[]): FieldError[] {
  const version = servedVersionOf(crd, obj.apiVersion);
  if (!version || !hasRules(version.schema)) return [];
  if (errors.some(blocking)) {
    return [field.invalid('<nil>', 'null', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation')];
  }
  const outcome = validateCelRules(obj, version.schema, { old, ratchet: warnings !== undefined });
  warnings?.push(...outcome.warnings);
  return outcome.errors;
}

/**
 * The scale paths must hold a replica count (ValidateScaleSpec and ValidateScaleStatus): a wrong
 * type there would break `kubectl scale`. The apiserver names the field by the CRD's path as
 * written (leading dot included) and, for a wrong type, shows 0 with unstructured's accessor error.
 */
function scaleErrors(crd: ServedCrd, obj: KubeObject): FieldError[] {
  const scale = servedVersionOf(crd, obj.apiVersion)?.scale;
  if (!scale) return [];
  return [...replicaErrors(obj, scale.specReplicasPath), ...replicaErrors(obj, scale.statusReplicasPath)];
}

const maxInt32 = 2147483647;

function replicaErrors(obj: KubeObject, path: string): FieldError[] {
  const value = readPath(obj, path);
  if (value === undefined) return [];
  if (!Number.isInteger(value)) {
    const accessor = `.${path.replace(/^\./, '')}`;
    return [field.invalid(path, 0, `${accessor} accessor error: ${goText(value)} is of the type ${goTypeName(value)}, expected int64`)];
  }
  if ((value as number) < 0) return [field.invalid(path, value, 'should be a non-negative integer')];
  if ((value as number) > maxInt32) return [field.invalid(path, value, `should be less than or equal to ${maxInt32}`)];
  return [];
}

/** Go's %T of a decoded JSON value. */
function goTypeName(value: unknown): string {
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  if (typeof value === 'object') return 'map[string]interface {}';
  return typeof value === 'number' ? 'float64' : typeof value === 'boolean' ? 'bool' : 'string';
}

/** Go's %v of a decoded JSON value (maps with sorted keys, as fmt prints them). */
function goText(value: unknown): string {
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goText).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goText(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** Reads a simple `.a.b.c` path (the scale subresource's paths). */
export function readPath(obj: unknown, path: string): unknown {
  let value: unknown = obj;
  for (const key of path.split('.').filter((k) => k !== '')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Writes a simple `.a.b.c` path, creating the objects on the way. */
export function writePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.').filter((k) => k !== '');
  let target = obj;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]!] = value;
}

/** The strategy of one custom resource (looked up per request: a CRD can change under it). */
export function customResourceStrategy(group: string, resource: string): Strategy | undefined {
  const crd = servedCrdFor({ group, resource });
  if (!crd) return undefined;
  const hasStatus = (obj: KubeObject): boolean => servedVersionOf(crd, obj.apiVersion)?.hasStatus ?? false;
  return {
    nameRule: 'subdomain',
    defaults: (obj) => {
      const version = servedVersionOf(crd, obj.apiVersion);
      if (version) applyDefaults(obj as unknown as Record<string, unknown>, version.schema);
    },
    prepareForCreate: (obj) => {
      if (hasStatus(obj)) delete obj.status;
      obj.metadata.generation = 1;
    },
    prepareForUpdate: (obj, old) => {
      // With the status subresource the main resource ignores .status, and only a spec change
      // (anything but metadata and status) moves the generation; without it any change does.
      if (hasStatus(obj)) {
        if (old.status === undefined) delete obj.status;
        else obj.status = structuredClone(old.status);
      }
      const content = (o: KubeObject) => ({ ...o, metadata: undefined, ...(hasStatus(obj) ? { status: undefined } : {}) });
      const previous = old.metadata.generation ?? 1;
      obj.metadata.generation = deepEqual(content(obj), content(old)) ? previous : previous + 1;
    },
    validate: (obj, old, warnings) => {
      const errors = [...schemaErrors(crd, obj, old), ...scaleErrors(crd, obj)];
      return [...errors, ...ruleErrors(crd, obj, errors, old, old ? warnings : undefined)];
    },
    validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
    validateStatusUpdate: (obj, old) => {
      // The status subresource does not ratchet: its schema check and rules run in full.
      const errors = [...validateObjectMetaUpdate(obj, old), ...schemaErrors(crd, obj)];
      return [...errors, ...ruleErrors(crd, obj, errors, old)];
    },
  };
}

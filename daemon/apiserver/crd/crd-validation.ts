/**
 * Validation of CustomResourceDefinitions (apiextensions.k8s.io/v1), with the messages of the
 * apiextensions validation: the name is `<plural>.<group>`, exactly one storage version, scope
 * Cluster|Namespaced, lower-case names, a structural schema for every version, sane subresources
 * and printer columns, and on update the immutable group, plural (and once established scope and
 * kind); defaults are checked by crd-default-validation.ts. Errors in a schema all versions share
 * name `spec.validation.openAPIV3Schema`, as upstream's internal form does. The structural rules
 * of allOf/anyOf/oneOf/not are in crd-junctor-validation.ts and the x-kubernetes-validations
 * checks (CEL compilation included) in crd-rule-validation.ts. Left out: conversion webhooks,
 * and the `x-kubernetes-list-type`/`map-keys` checks.
 */
import { isCrdEstablished } from '../../../shared/api/custom-resource-info.js';
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../registry/name-validation.js';
import { immutableMessage } from '../registry/metadata.js';
import { deepEqual, invalidFormatted } from '../registry/strategy-helpers.js';
import { validateSchemaDefaults } from './crd-default-validation.js';
import { validateJunctorStructure } from './crd-junctor-validation.js';
import { validateRuleDefinitions } from './crd-rule-validation.js';
import type { JsonSchema } from './schema-validation.js';

type Json = Record<string, any>;

const columnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/** ValidateCustomResourceDefinition after the generic ObjectMeta checks. */
export function validateCrd(crd: KubeObject): FieldError[] {
  const spec: Json = crd.spec ?? {};
  const names: Json = spec.names ?? {};
  const errors: FieldError[] = [];
  if (crd.metadata.name !== `${names.plural ?? ''}.${spec.group ?? ''}`) {
    errors.push(field.invalid('metadata.name', crd.metadata.name ?? '', 'must be spec.names.plural+"."+spec.group'));
  }
  errors.push(...validateSpec(spec));
  return errors;
}

/** ValidateCustomResourceDefinitionUpdate's extra rules. */
export function validateCrdUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  const spec: Json = crd.spec ?? {};
  const oldSpec: Json = old.spec ?? {};
  const errors: FieldError[] = [];
  const immutable = (path: string, value: unknown, before: unknown): void => {
    if (value !== before) errors.push(field.invalid(path, value ?? '', immutableMessage));
  };
  if (isCrdEstablished(old)) {
    immutable('spec.scope', spec.scope, oldSpec.scope);
    immutable('spec.names.kind', spec.names?.kind, oldSpec.names?.kind);
  }
  immutable('spec.group', spec.group, oldSpec.group);
  immutable('spec.names.plural', spec.names?.plural, oldSpec.names?.plural);
  const versions = new Set((spec.versions ?? []).map((v: Json) => v.name));
  (crd.status?.storedVersions ?? []).forEach((stored: string, i: number) => {
    if (!versions.has(stored)) errors.push(field.invalid(`status.storedVersions[${i}]`, stored, 'must appear in spec.versions'));
  });
  return errors;
}

function validateSpec(spec: Json): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.group) errors.push(field.required('spec.group', ''));
  else {
    const problems = isDNS1123Subdomain(spec.group);
    if (problems.length) errors.push(field.invalid('spec.group', spec.group, problems.join(',')));
    else if (spec.group.split('.').length < 2) errors.push(field.invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) errors.push(field.required('spec.scope', ''));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errors.push(field.notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  errors.push(...validateVersions(spec.versions ?? []));
  errors.push(...validateNames(spec.names ?? {}));
  return errors;
}

/** A short Go-like rendering of spec.versions: the full %#v dump upstream prints is pages long. */
function versionsValue(versions: Json[]): string {
  const one = (v: Json) => `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(v.name ?? '')}, Served:${Boolean(v.served)}, Storage:${Boolean(v.storage)}, …}`;
  return `[]apiextensions.CustomResourceDefinitionVersion{${versions.map(one).join(', ')}}`;
}

function validateVersions(versions: Json[]): FieldError[] {
  const errors: FieldError[] = [];
  if (versions.length === 0) return [field.required('spec.versions', 'must have exactly one version marked as storage version')];
  // The apiserver validates its internal form, where a schema every version shares moves up to
  // spec.validation: that is the path its errors then name.
  const first = versions[0]!.schema?.openAPIV3Schema;
  const shared = first !== undefined && versions.every((v) => deepEqual(v.schema?.openAPIV3Schema, first));
  if (shared) errors.push(...validateSchema(first, 'spec.validation.openAPIV3Schema'));
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((version, i) => {
    const path = `spec.versions[${i}]`;
    if (seen.has(version.name)) unique = false;
    seen.add(version.name);
    const problems = isDNS1035Label(String(version.name ?? ''));
    if (problems.length) errors.push(field.invalid(`${path}.name`, version.name ?? '', problems.join(',')));
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) errors.push(field.required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
    else if (!shared) errors.push(...validateSchema(schema, `${path}.schema.openAPIV3Schema`));
    errors.push(...validateSubresources(version.subresources, `${path}.subresources`));
    errors.push(...validateColumns(version.additionalPrinterColumns ?? [], `${path}.additionalPrinterColumns`));
  });
  if (!unique) errors.push(invalidFormatted('spec.versions', versionsValue(versions), 'must contain unique version names'));
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errors.push(invalidFormatted('spec.versions', versionsValue(versions), 'must have exactly one version marked as storage version'));
  }
  return errors;
}

function validateNames(names: Json): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['plural', 'singular', 'kind', 'listKind']) if (!names[key]) errors.push(field.required(`spec.names.${key}`, ''));
  const label = (path: string, value: unknown, lower = false, mixed = false): void => {
    if (typeof value !== 'string' || value === '') return;
    const problems = isDNS1035Label(lower ? value.toLowerCase() : value);
    if (problems.length) errors.push(field.invalid(path, value, (mixed ? 'may have mixed case, but should otherwise match: ' : '') + problems.join(',')));
  };
  label('spec.names.plural', names.plural);
  label('spec.names.singular', names.singular);
  label('spec.names.kind', names.kind, true, true);
  label('spec.names.listKind', names.listKind, true, true);
  (names.shortNames ?? []).forEach((s: unknown, i: number) => label(`spec.names.shortNames[${i}]`, s));
  if (names.kind && names.kind === names.listKind) errors.push(field.invalid('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c: unknown, i: number) => label(`spec.names.categories[${i}]`, c));
  return errors;
}

/**
 * A structural schema, then (only if it is one, as upstream) its defaults, then the validation
 * rules, compiled only on a structural schema with valid defaults.
 */
function validateSchema(schema: JsonSchema, path: string): FieldError[] {
  const structural = [...validateStructural(schema, path, 'root'), ...validateJunctorStructure(schema, path)];
  const defaults = structural.length > 0 ? [] : validateSchemaDefaults(schema, path);
  return [...structural, ...defaults, ...validateRuleDefinitions(schema, path, structural.length + defaults.length === 0)];
}

/**
 * The structural-schema rules a learner meets: a type on every specified field (unless
 * int-or-string or preserve-unknown-fields says otherwise), `object` at the root, items for arrays.
 */
function validateStructural(schema: JsonSchema, path: string, where: 'root' | 'field' | 'items'): FieldError[] {
  const errors: FieldError[] = [];
  const free = schema['x-kubernetes-int-or-string'] || schema['x-kubernetes-preserve-unknown-fields'];
  if (where === 'root') {
    if (!schema.type) errors.push(field.required(`${path}.type`, 'must not be empty at the root'));
    else if (schema.type !== 'object') errors.push(field.invalid(`${path}.type`, schema.type, 'must be object at the root'));
  } else if (!schema.type && !free) {
    errors.push(field.required(`${path}.type`, where === 'items' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields'));
  }
  if (schema.type === 'array' && !schema.items) errors.push(field.required(`${path}.items`, 'must be specified'));
  for (const [name, child] of Object.entries(schema.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    errors.push(...validateStructural(child, `${path}.properties[${name}]`, 'field'));
  }
  if (schema.properties && typeof schema.additionalProperties === 'object') {
    errors.push(field.forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  } else if (typeof schema.additionalProperties === 'object') {
    errors.push(...validateStructural(schema.additionalProperties, `${path}.additionalProperties`, 'field'));
  }
  if (schema.items) errors.push(...validateStructural(schema.items, `${path}.items`, 'items'));
  return errors;
}

function validateSubresources(subresources: Json | undefined, path: string): FieldError[] {
  const scale = subresources?.scale;
  if (!scale) return [];
  const errors: FieldError[] = [];
  const jsonPath = (key: string, value: unknown, under: string[], required: boolean): void => {
    if (typeof value !== 'string' || value === '') {
      if (required) errors.push(field.required(`${path}.scale.${key}`, ''));
      return;
    }
    const where = under.length === 1 ? under[0] : `either ${under.join(' or ')}`;
    if (!value.startsWith('.')) errors.push(field.invalid(`${path}.scale.${key}`, value, 'must be a simple json path starting with .'));
    else if (!under.some((u) => value.startsWith(`${u}.`))) errors.push(field.invalid(`${path}.scale.${key}`, value, `should be a json path under ${where}`));
  };
  jsonPath('specReplicasPath', scale.specReplicasPath, ['.spec'], true);
  jsonPath('statusReplicasPath', scale.statusReplicasPath, ['.status'], true);
  // The selector may live under .spec or .status (since v1.16).
  jsonPath('labelSelectorPath', scale.labelSelectorPath, ['.spec', '.status'], false);
  return errors;
}

function validateColumns(columns: Json[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  columns.forEach((column, i) => {
    const at = `${path}[${i}]`;
    if (!column.name) errors.push(field.required(`${at}.name`, ''));
    if (!column.type) errors.push(field.required(`${at}.type`, ''));
    else if (!columnTypes.includes(column.type)) errors.push(field.notSupported(`${at}.type`, column.type, columnTypes));
    if (column.format && !columnFormats.includes(column.format)) errors.push(field.notSupported(`${at}.format`, column.format, columnFormats));
    if (column.priority !== undefined && column.priority < 0) errors.push(field.invalid(`${at}.priority`, column.priority, 'must be greater than or equal to 0'));
    if (!column.jsonPath) errors.push(field.required(`${at}.jsonPath`, ''));
  });
  return errors;
}

/**
 * ConfigMaps (ValidateConfigMap, ValidateConfigMapUpdate): keys of `data` and `binaryData` are
 * config keys (`[-._a-zA-Z0-9]+`), a key may not be in both, and everything together is at most
 * 1 MiB (reported on the whole object: `Too long: may not be more than 1048576 bytes`). Once
 * `immutable: true` is stored, data, binaryData and the flag itself can no longer change.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { invalidEach, sortedKeys, validateObjectMetaUpdate } from './metadata.js';
import { isConfigMapKey } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { deepEqual } from './strategy-helpers.js';

/** core.MaxSecretSize, the limit of ConfigMaps and Secrets alike. */
export const maxDataSize = 1024 * 1024;
export const immutableWhenSetMessage = 'field is immutable when `immutable` is set';

/** Bytes of a base64 value, as Go decodes it; 0 for what is not base64 (the codec rejects it). */
export function decodedLength(value: unknown): number {
  return typeof value === 'string' ? Buffer.from(value, 'base64').length : 0;
}

function validateConfigMap(obj: KubeObject): FieldError[] {
  const data: Record<string, string> = obj.data ?? {};
  const binary: Record<string, string> = obj.binaryData ?? {};
  const errors: FieldError[] = [];
  let size = 0;
  for (const key of sortedKeys(data)) {
    errors.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    // Own keys only: `constructor` or `__proto__` is a valid config key, not one of binaryData's.
    if (Object.hasOwn(binary, key)) errors.push(field.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(String(data[key] ?? ''));
  }
  for (const key of sortedKeys(binary)) {
    errors.push(...invalidEach(`binaryData[${key}]`, key, isConfigMapKey(key)));
    size += decodedLength(binary[key]);
  }
  // An empty path: the error is about the whole object, so kubectl prints no field name.
  if (size > maxDataSize) errors.push(field.tooLong('', '', maxDataSize));
  return errors;
}

/** The `immutable: true` rules shared by ConfigMaps and Secrets. */
export function validateImmutableData(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errors: FieldError[] = [];
  if (obj.immutable !== true) errors.push(field.forbidden('immutable', immutableWhenSetMessage));
  for (const name of fields) if (!deepEqual(obj[name] ?? {}, old[name] ?? {})) errors.push(field.forbidden(name, immutableWhenSetMessage));
  return errors;
}

export const configMapStrategy: Strategy = {
  nameRule: 'subdomain',
  validate: validateConfigMap,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateImmutableData(obj, old, ['data', 'binaryData'])],
};

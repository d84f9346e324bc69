/**
 * Secrets (SetDefaults_Secret, the v1 conversion of stringData, ValidateSecret): type defaults to
 * Opaque; `stringData` is merged into `data` (base64, overriding the same keys) and never stored,
 * as the v1 → internal conversion does. `data` must be valid base64, a decode error (400) in
 * Kubernetes. Keys follow the ConfigMap rules, values total at most 1 MiB, each built-in type
 * needs its keys, and the type cannot change.
 */
import { badRequest, field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { decodedLength, maxDataSize, validateImmutableData } from './configmaps.js';
import { invalidEach, sortedKeys, validateObjectMetaUpdate } from './metadata.js';
import { isConfigMapKey } from './name-validation.js';
import type { Strategy } from './strategy.js';
import { validateImmutable } from './strategy-helpers.js';

const base64Alphabet = /^[A-Za-z0-9+/]$/;

/** The byte index Go's base64.StdEncoding reports for malformed input, or -1 when valid. */
export function base64ErrorIndex(text: string): number {
  const chars = [...text].map((c, i) => ({ c, i })).filter(({ c }) => c !== '\n' && c !== '\r');
  for (let q = 0; q < chars.length; q += 4) {
    const quantum = chars.slice(q, q + 4);
    for (let j = 0; j < quantum.length; j++) {
      const { c, i } = quantum[j]!;
      if (c === '=') {
        if (j < 2) return i;
        if (j === 2 && quantum[3]?.c !== '=') return quantum[3]?.i ?? text.length;
        if (q + 4 < chars.length) return chars[q + 4]!.i; // data after the padding
        return -1;
      }
      if (!base64Alphabet.test(c)) return i;
    }
    if (quantum.length < 4) return quantum[0]!.i;
  }
  return -1;
}

function defaultSecret(obj: KubeObject): void {
  obj.type ||= 'Opaque';
  for (const key of Object.keys(obj.data ?? {})) {
    const at = base64ErrorIndex(String(obj.data[key] ?? ''));
    if (at >= 0) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${at}`);
  }
  if (obj.stringData && typeof obj.stringData === 'object') {
    obj.data ??= {};
    for (const [key, value] of Object.entries(obj.stringData)) obj.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  delete obj.stringData;
}

const requiredKeys: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

/** The per-type rules of ValidateSecret. */
function validateType(obj: KubeObject): FieldError[] {
  const data: Record<string, string> = obj.data ?? {};
  const type: string = obj.type ?? 'Opaque';
  if (type === 'kubernetes.io/service-account-token') {
    const key = 'kubernetes.io/service-account.name';
    return obj.metadata.annotations?.[key] ? [] : [field.required(`metadata.annotations[${key}]`)];
  }
  if (type === 'kubernetes.io/basic-auth') {
    return 'username' in data || 'password' in data ? [] : [field.required('data[username]'), field.required('data[password]')];
  }
  const errors: FieldError[] = [];
  for (const key of requiredKeys[type] ?? []) {
    if (!(key in data) || (type === 'kubernetes.io/ssh-auth' && decodedLength(data[key]) === 0)) {
      errors.push(field.required(`data[${key}]`));
      if (type !== 'kubernetes.io/tls') break;
      continue;
    }
    if (key.startsWith('.docker')) {
      try {
        JSON.parse(Buffer.from(data[key]!, 'base64').toString('utf8'));
      } catch {
        errors.push(field.invalid(`data[${key}]`, '<secret contents redacted>', 'unexpected end of JSON input'));
      }
    }
  }
  return errors;
}

function validateSecret(obj: KubeObject): FieldError[] {
  const data: Record<string, string> = obj.data ?? {};
  const errors: FieldError[] = [];
  let size = 0;
  for (const key of sortedKeys(data)) {
    errors.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    size += decodedLength(data[key]);
  }
  if (size > maxDataSize) errors.push(field.tooLong('data', '', maxDataSize));
  errors.push(...validateType(obj));
  return errors;
}

export const secretStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultSecret,
  validate: validateSecret,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateImmutable(obj.type, old.type, 'type'), ...validateImmutableData(obj, old, ['data'])],
};

/**
 * Small metadata helpers of the generic registry: generated names, and the system fields a
 * client may not set or change.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { KubeObject } from '../../../shared/api/meta.js';
import { jsonEqual } from '../../../shared/json-equal.js';

// The alphabet apimachinery's names.SimpleNameGenerator uses: no vowels, no confusable digits.
const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += nameAlphabet[randomInt(nameAlphabet.length)];
  return out;
}

/** generateName + 5 random characters, the base cut so the whole stays within 63 characters. */
export function generateName(base: string, suffix = randomSuffix()): string {
  return `${base.length > 58 ? base.slice(0, 58) : base}${suffix}`;
}

export function newUid(): string {
  return randomUUID();
}

/** Metadata the server owns: copied from the stored object on every update. */
export function keepSystemMetadata(obj: KubeObject, old: KubeObject): void {
  const meta = obj.metadata;
  meta.uid = old.metadata.uid;
  meta.creationTimestamp = old.metadata.creationTimestamp;
  meta.namespace = old.metadata.namespace;
  if (old.metadata.generation !== undefined) meta.generation = old.metadata.generation;
  else delete meta.generation;
  if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (old.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  if (meta.generateName === undefined && old.metadata.generateName !== undefined) meta.generateName = old.metadata.generateName;
}

/** Same content, resourceVersion aside: an update that changes nothing is not written. */
export function sameContent(a: KubeObject, b: KubeObject): boolean {
  // Key order differs between clients (kubectl sorts keys), so compare structurally; as the stored
  // JSON does, an undefined member counts as absent.
  return jsonEqual({ ...a, metadata: { ...a.metadata, resourceVersion: '' } }, { ...b, metadata: { ...b.metadata, resourceVersion: '' } });
}

/** Clears the fields a client may not set on create. */
export function resetSystemMetadata(obj: KubeObject, uid: string, creationTimestamp: string): void {
  const meta = obj.metadata;
  meta.uid = uid;
  meta.creationTimestamp = creationTimestamp;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.managedFields;
  delete (meta as Record<string, unknown>).selfLink;
}

/**
 * pod-template-hash (k/k `controller_utils.go` ComputeHash): FNV-32a over the template as
 * hashutil.DeepHashObject prints it (go-dump.ts), then the collisionCount as 8 little-endian bytes
 * when set; the uint32 printed in decimal and each digit mapped through apimachinery's
 * rand.SafeEncodeString, so hashes use only `456789bcdf` (`nginx-7c5ddbdf54`).
 */
import { goDump } from './go-dump.js';

/** rand.SafeEncodeString's alphabet: no vowels, no 0/1/3, so no words and no look-alikes. */
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-32a (hash/fnv New32a). */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** rand.SafeEncodeString: each character's code, modulo 27, picks a letter of the alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += alphanums[s.charCodeAt(i) % alphanums.length];
  return out;
}

/** The hash of a pod template as the Deployment controller names ReplicaSets with it. */
export function computeHash(template: unknown, collisionCount?: number): string {
  const bytes = new TextEncoder().encode(goDump('core.PodTemplateSpec', template));
  let hash = fnv32a(bytes);
  if (collisionCount !== undefined) {
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(extra, hash);
  }
  return safeEncodeString(String(hash));
}

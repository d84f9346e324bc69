/**
 * The descriptions, `+enum` values and required fields the real OpenAPI documents carry for every type and field
 * kubelab serves, which `kubectl explain` prints. They come from Kubernetes v1.32's own API
 * comments, extracted into openapi-descriptions.txt by scripts/dev/extract-openapi-descriptions.mjs,
 * and are read on the first OpenAPI document request only (about 400 kB), never at start-up.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findMessage, type MessageSchema } from '../../../shared/api/schema/schema.js';

export interface FieldDoc {
  description?: string;
  enum?: string[];
}

let table: Map<string, FieldDoc> | undefined;
const required = new Map<string, string[]>();

function docs(): Map<string, FieldDoc> {
  if (table) return table;
  table = new Map();
  const text = readFileSync(fileURLToPath(new URL('./openapi-descriptions.txt', import.meta.url)), 'utf8');
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [message, field, description, values] = line.split('\t');
    if (field === '!required') {
      required.set(message, JSON.parse(description) as string[]);
      continue;
    }
    const doc: FieldDoc = { description: JSON.parse(description) as string };
    if (values) doc.enum = JSON.parse(values) as string[];
    table.set(`${message}\t${field}`, doc);
  }
  return table;
}

/**
 * The JSON fields a type requires (kubectl explain marks them `-required-`), its inline
 * embeddings' included, as openapi-gen flattens them.
 */
export function requiredFields(msg: MessageSchema): string[] {
  docs();
  const out = [...(required.get(msg.name) ?? [])];
  for (const field of msg.fields) {
    if (!field.inline || field.type.kind !== 'message') continue;
    const embedded = findMessage(field.type.message);
    if (embedded) out.push(...requiredFields(embedded));
  }
  return out;
}

/** The description of a type (`core.v1.Container`). */
export function typeDescription(message: string): string | undefined {
  return docs().get(`${message}\t`)?.description;
}

/**
 * The doc of a JSON field of `msg`: its own, or that of the inline embedding that declares it
 * (EphemeralContainerCommon, VolumeSource), or TypeMeta's for a kind's `apiVersion` and `kind`.
 */
export function fieldDoc(msg: MessageSchema, jsonName: string): FieldDoc | undefined {
  const own = docs().get(`${msg.name}\t${jsonName}`);
  if (own) return own;
  for (const field of msg.fields) {
    if (!field.inline || field.type.kind !== 'message') continue;
    const embedded = findMessage(field.type.message);
    const doc = embedded && fieldDoc(embedded, jsonName);
    if (doc) return doc;
  }
  if (msg.typeMeta && (jsonName === 'apiVersion' || jsonName === 'kind')) return docs().get(`meta.TypeMeta\t${jsonName}`);
  return undefined;
}

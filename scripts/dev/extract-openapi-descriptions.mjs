#!/usr/bin/env node
// Extracts the OpenAPI descriptions of the kinds kubelab serves into
// daemon/apiserver/handlers/openapi-descriptions.txt, the asset `kubectl explain` reads through
// handlers/openapi-descriptions.ts. Sources (Kubernetes v1.32, k8s.io/api and k8s.io/apimachinery at
// v0.32.4): the generated `types_swagger_doc_generated.go` maps (the same comment text openapi-gen
// writes into the spec), and for `+enum` string types the constants and their comments in
// `types.go`, from which openapi-gen appends "Possible enum values:" and sets `enum`; the struct tags of
// `types.go` also give each schema's `required` list (kubectl explain's `-required-`).
// Usage: node scripts/dev/extract-openapi-descriptions.mjs <k8s.io/api git dir> <k8s.io/apimachinery git dir>
// (for example the mirrors of github:kubernetes/api and github:kubernetes/apimachinery).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const tag = 'v0.32.4';
const [apiRepo, machineryRepo] = process.argv.slice(2);
if (!apiRepo || !machineryRepo) {
  console.error('usage: extract-openapi-descriptions.mjs <k8s.io/api git dir> <k8s.io/apimachinery git dir>');
  process.exit(2);
}
const root = new URL('../../', import.meta.url).pathname;

function show(repo, path) {
  try {
    return execFileSync('git', ['--git-dir', repo, 'show', `${tag}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined; // a package without that file (no swagger docs, no enums)
  }
}

/** Messages and their fields (JSON name, Go type) from shared/api/schema/types.txt. */
function schemaMessages() {
  const out = new Map();
  for (const line of readFileSync(`${root}shared/api/schema/types.txt`, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(' ')[0];
    const fields = line
      .slice(colon + 1)
      .split(', ')
      .map((f) => f.trim().match(/^\d+ (\w+)(\[\])?:(\S+)(.*)$/))
      .filter(Boolean)
      .map((m) => ({ name: m[1], type: m[3], go: (m[4].match(/ go=(\S+)/) ?? [])[1] }));
    out.set(name, fields);
  }
  // Kinds embed TypeMeta inline; their apiVersion and kind carry its descriptions.
  out.set('meta.TypeMeta', [{ name: 'apiVersion', type: 'string' }, { name: 'kind', type: 'string' }]);
  return out;
}

/** The package of a message: `core.v1` → k8s.io/api core/v1; `meta` → apimachinery meta/v1. */
function sourceOf(message) {
  const parts = message.split('.');
  if (parts[0] === 'meta') return { repo: machineryRepo, dir: 'pkg/apis/meta/v1', type: parts[1] };
  if (parts.length !== 3) return undefined; // runtime, intstr, resource: no swagger docs
  return { repo: apiRepo, dir: `${parts[0]}/${parts[1]}`, type: parts[2] };
}

/** `map_Container = map[string]string{ "": "…", "name": "…" }` → Map(type → Map(field → text)). */
function parseSwaggerDocs(text) {
  const out = new Map();
  const block = /var map_(\w+) = map\[string\]string\{\n([\s\S]*?)\n\}/g;
  for (const [, type, body] of text.matchAll(block)) {
    const fields = new Map();
    for (const [, key, value] of body.matchAll(/^\s*"([^"]*)":\s*("(?:[^"\\]|\\.)*"),?$/gm)) fields.set(key, goString(value));
    out.set(type, fields);
  }
  return out;
}

function goString(literal) {
  return JSON.parse(literal.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1'));
}

/** `+enum` string types of a types.go and their constants: Map(type → [{value, comment}]). */
function parseEnums(text) {
  const enumTypes = new Set();
  const values = new Map();
  let comment = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('//')) {
      comment.push(line.replace(/^\/\/ ?/, ''));
      continue;
    }
    const typeDecl = line.match(/^type (\w+) string$/);
    if (typeDecl && comment.some((c) => c.trim() === '+enum')) enumTypes.add(typeDecl[1]);
    const constDecl = line.match(/^(?:const )?(\w+)\s+(\w+)\s*=\s*"([^"]*)"/);
    if (constDecl) {
      const [, name, type, value] = constDecl;
      const words = comment.filter((c) => !c.trim().startsWith('+')).join(' ').replace(/\s+/g, ' ').trim();
      const text = words.startsWith(`${name} `) ? words.slice(name.length + 1) : words;
      if (!values.has(type)) values.set(type, []);
      values.get(type).push({ value, comment: text });
    }
    comment = [];
  }
  const out = new Map();
  for (const type of enumTypes) if (values.has(type)) out.set(type, values.get(type).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)));
  return out;
}

/**
 * Required JSON fields of each struct of a types.go: Map(struct → [json names]). openapi-gen marks a
 * member required when its comment says `+required`, or when it says no `+optional` and its json
 * tag has no omitempty; inline
 * embeddings and `json:"-"` are not members of the schema.
 */
function parseRequired(text) {
  const out = new Map();
  let struct;
  let optional = false;
  let required = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const open = line.match(/^type (\w+) struct \{$/);
    if (open) {
      struct = open[1];
      out.set(struct, []);
      optional = false;
      required = false;
      continue;
    }
    if (!struct) continue;
    if (line === '}') {
      struct = undefined;
      continue;
    }
    if (line.startsWith('//')) {
      const marker = line.replace(/^\/\/\s*/, '');
      if (marker === '+optional') optional = true;
      if (marker === '+required') required = true;
      continue;
    }
    const tag = line.match(/`json:"([^"]*)"/);
    if (tag) {
      const [name, ...flags] = tag[1].split(',');
      const isMember = name && name !== '-' && !flags.includes('inline');
      if (isMember && (required || (!flags.includes('omitempty') && !optional))) out.get(struct).push(name);
    }
    optional = false;
    required = false;
  }
  return out;
}

const requiredByDir = new Map();
const docsByDir = new Map();
const enumsByDir = new Map();
function docsOf(source) {
  const key = `${source.repo}:${source.dir}`;
  if (!docsByDir.has(key)) {
    docsByDir.set(key, parseSwaggerDocs(show(source.repo, `${source.dir}/types_swagger_doc_generated.go`) ?? ''));
    const types = show(source.repo, `${source.dir}/types.go`) ?? '';
    enumsByDir.set(key, parseEnums(types));
    requiredByDir.set(key, parseRequired(types));
  }
  return { docs: docsByDir.get(key), enums: enumsByDir.get(key), required: requiredByDir.get(key) };
}

const lines = [
  '# Generated by scripts/dev/extract-openapi-descriptions.mjs from k8s.io/api and k8s.io/apimachinery ' + tag + '. Do not edit.',
  '# <message>\\t<json field, empty for the type>\\t<description as a JSON string>[\\t<enum values as a JSON array>]',
  '# <message>\\t!required\\t<the required json fields as a JSON array>',
];
for (const [message, fields] of schemaMessages()) {
  const source = sourceOf(message);
  if (!source) continue;
  const { docs, enums, required } = docsOf(source);
  const requiredFields = required.get(source.type);
  if (requiredFields?.length) lines.push(`${message}\t!required\t${JSON.stringify(requiredFields)}`);
  const typeDocs = docs.get(source.type);
  if (!typeDocs) continue;
  if (typeDocs.get('')) lines.push(`${message}\t\t${JSON.stringify(typeDocs.get(''))}`);
  for (const field of fields) {
    let description = typeDocs.get(field.name) ?? '';
    // openapi-gen appends the values of a `+enum` type, each with its constant's comment.
    const goType = (field.go ?? '').replace(/^\*/, '');
    const enumValues = goType.startsWith('v1.') && !goType.includes('[') ? enums.get(goType.slice(3)) : undefined;
    if (enumValues) {
      const described = enumValues.map((v) => ` - \`${JSON.stringify(v.value)}\`${v.comment ? ` ${v.comment}` : ''}`);
      description = `${description}\n\nPossible enum values:\n${described.join('\n')}`;
    }
    if (!description) continue;
    const enumPart = enumValues ? `\t${JSON.stringify(enumValues.map((v) => v.value))}` : '';
    lines.push(`${message}\t${field.name}\t${JSON.stringify(description)}${enumPart}`);
  }
}
const target = `${root}daemon/apiserver/handlers/openapi-descriptions.txt`;
writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`extract-openapi-descriptions: ${lines.length - 2} descriptions written to ${target}`);

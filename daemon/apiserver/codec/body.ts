/**
 * Reads and decodes request bodies: the 3 MiB limit of a real apiserver, then JSON, YAML or the
 * Kubernetes protobuf envelope (which kubectl 1.32 sends for `kubectl create <subcommand>`,
 * reference/kubectl-compat.md §0.1). Anything else is 415.
 */
import type { IncomingMessage } from 'node:http';
import { badRequest, patchMediaTypes, requestEntityTooLarge, unsupportedMediaType } from '../../../shared/api/errors.js';
import type { PatchType } from '../../../shared/client/client.js';
import type { RequestContext } from '../request-context.js';
import { findDuplicateKeys } from './duplicate-fields.js';

export const maxRequestBytes = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = maxRequestBytes): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume(); // drain so the connection can answer
      reject(requestEntityTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(requestEntityTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => failed || resolve(Buffer.concat(chunks)));
    req.on('error', (err) => failed || reject(err));
  });
}

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Decodes a create/update body into a plain object. With a context, repeated keys in the body are
 * noted on it for the strict field check (`duplicate field "…"`, input-check.ts).
 */
export async function decodeObjectBody(contentType: string | undefined, body: Buffer, ctx?: RequestContext): Promise<unknown> {
  const type = mediaType(contentType);
  if (type === 'application/json' || type === '') return parseJson(body, ctx && { ctx, source: 'object' });
  if (type === 'application/yaml') return parseYaml(body, ctx);
  if (type === 'application/vnd.kubernetes.protobuf') {
    const { decodeProtobufObject } = await import('./protobuf.js');
    return decodeProtobufObject(body);
  }
  throw unsupportedMediaType(type);
}

const patchTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

export function decodePatchBody(contentType: string | undefined, body: Buffer, ctx?: RequestContext): { type: PatchType; patch: unknown } {
  const type = patchTypes[mediaType(contentType)];
  if (!type) throw unsupportedMediaType(mediaType(contentType), patchMediaTypes);
  return { type, patch: parseJson(body, ctx && { ctx, source: type === 'json' ? 'json-patch' : 'patch' }) };
}

export function parseJson(body: Buffer, note?: { ctx: RequestContext; source: 'object' | 'patch' | 'json-patch' }): unknown {
  if (body.length === 0) throw badRequest('the body of the request was empty');
  const text = body.toString('utf8');
  const tooDeep = firstTooDeep(text);
  if (tooDeep) throw badRequest(`couldn't get version/kind; json parse error: invalid character '${tooDeep}' exceeded max depth`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  // Ignore asks for no strict errors, so the (already cheap) duplicate check is skipped too.
  if (note && note.ctx.fieldValidation !== 'Ignore') {
    const keys = findDuplicateKeys(text, value);
    if (keys) note.ctx.bodyKeys = { source: note.source, keys };
  }
  return value;
}

/**
 * Go's JSON decoder refuses nesting deeper than 10,000 (encoding/json maxNestingDepth), with
 * "invalid character '{' exceeded max depth". Checked on the text before parsing: JSON.parse
 * accepts any depth, but what follows it recurses (structuredClone overflows the stack near 2,000
 * levels on Node 20, JSON.stringify near 4,000), and a stack overflow is a 500. So the limit is
 * 1,000 here, far above any real object (a deep CRD schema nests about 100), with Go's words.
 */
const maxNestingDepth = 1_000;

function firstTooDeep(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxNestingDepth) return text[i];
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

async function parseYaml(body: Buffer, ctx?: RequestContext): Promise<unknown> {
  const { parseYamlBody } = await import('./yaml-body.js');
  let value: unknown;
  try {
    const parsed = parseYamlBody(body.toString('utf8'));
    value = parsed.value;
    if (ctx && ctx.fieldValidation !== 'Ignore' && parsed.duplicateKeyLines.length > 0) ctx.bodyKeys = { source: 'yaml', lines: parsed.duplicateKeyLines };
  } catch (err) {
    throw badRequest(`couldn't get version/kind; yaml parse error: ${(err as Error).message}`);
  }
  // The apiserver turns YAML into JSON before decoding it, so the JSON depth limit applies too.
  if (deeperThan(value, maxNestingDepth)) throw badRequest(`couldn't get version/kind; json parse error: invalid character '{' exceeded max depth`);
  return value;
}

/** Whether value nests deeper than max, walked without recursion. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

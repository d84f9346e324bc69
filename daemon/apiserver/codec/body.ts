/**
 * Reads and decodes request bodies: the 3 MiB limit of a real apiserver, then JSON, YAML or the
 * Kubernetes protobuf envelope (which kubectl 1.32 sends for `kubectl create <subcommand>`,
 * reference/kubectl-compat.md §0.1). Anything else is 415.
 */
import type { IncomingMessage } from 'node:http';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../../../shared/api/errors.js';
import type { PatchType } from '../../../shared/client/client.js';

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

/** Decodes a create/update body into a plain object. */
export async function decodeObjectBody(contentType: string | undefined, body: Buffer): Promise<unknown> {
  const type = mediaType(contentType);
  if (type === 'application/json' || type === '') return parseJson(body);
  if (type === 'application/yaml') return parseYaml(body);
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

export function decodePatchBody(contentType: string | undefined, body: Buffer): { type: PatchType; patch: unknown } {
  const type = patchTypes[mediaType(contentType)];
  if (!type) throw unsupportedMediaType(mediaType(contentType));
  return { type, patch: parseJson(body) };
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw badRequest('the body of the request was empty');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

async function parseYaml(body: Buffer): Promise<unknown> {
  const { parse } = await import('yaml');
  try {
    return parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`couldn't get version/kind; yaml parse error: ${(err as Error).message}`);
  }
}

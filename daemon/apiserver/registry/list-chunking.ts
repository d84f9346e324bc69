/**
 * List chunking (`limit` and `continue`), as kube-apiserver's etcd3 storage pages a list: items in
 * key order, `metadata.continue` = base64url (no padding) of `{"v":"meta.k8s.io/v1","rv":N,
 * "start":"<key after the prefix>\u0000"}` (apiserver/pkg/storage/continue.go), and
 * `metadata.remainingItemCount` only when no selector narrows the list.
 *
 * kubelab keeps no MVCC snapshots, so a continuation is served from the current state while the
 * list keeps reporting the resourceVersion of its first page (what the client will watch from):
 * objects changed between two pages may show up changed, as with an inconsistent continue
 * upstream. The watch window stands in for etcd's compaction: a token older than the window is
 * 410 Expired with a fresh token (rv -1, "continue at the latest revision"), as upstream answers.
 * Leaves out: resourceVersionMatch=Exact snapshots (served from the current state).
 */
import { badRequest, expired } from '../../../shared/api/errors.js';
import type { StoredEntry } from '../../store/store.js';

export interface ContinueToken {
  /** The revision of the first page; -1 means "continue at the latest revision". */
  rv: number;
  /** The key to resume at, relative to the list's prefix. */
  start: string;
}

export interface ChunkRequest {
  /** Page size; undefined or <= 0 lists everything. */
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  /** A label or field selector is set: remainingItemCount is then left out (upstream cannot count matches cheaply). */
  hasSelector: boolean;
}

export interface Chunk {
  entries: StoredEntry[];
  /** The resourceVersion the list reports. */
  revision: number;
  continue?: string;
  remainingItemCount?: number;
}

const tokenVersion = 'meta.k8s.io/v1';

// apiserver/pkg/storage/etcd3/errors.go.
const inconsistentContinue =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function encodeContinue(token: ContinueToken): string {
  // JSON.stringify escapes NUL as \u0000, as Go's encoding/json does.
  return Buffer.from(JSON.stringify({ v: tokenVersion, rv: token.rv, start: token.start }), 'utf8').toString('base64url');
}

/** DecodeContinue, with its 400s: `invalid continue token: continue key is not valid: …`. */
export function decodeContinue(value: string): ContinueToken {
  const invalid = (why?: string) => badRequest(`invalid continue token: continue key is not valid${why ? `: ${why}` : ''}`);
  const base64Error = rawUrlBase64Error(value);
  if (base64Error) throw invalid(base64Error);
  const text = Buffer.from(value.replace(/[\r\n]/g, ''), 'base64url').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The token is not JSON; Go's decoder names the first bad character, which is not worth
    // reproducing for a hand-made token: its fixed part is what a learner reads.
    throw invalid(text.length === 0 ? 'unexpected end of JSON input' : `invalid character '${text[0]}' looking for beginning of value`);
  }
  const token = (parsed ?? {}) as { v?: unknown; rv?: unknown; start?: unknown };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid(`json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type storage.continueToken`);
  if (token.rv !== undefined && (typeof token.rv !== 'number' || !Number.isInteger(token.rv))) {
    throw invalid(`json: cannot unmarshal ${typeof token.rv === 'number' ? `number ${token.rv}` : typeof token.rv} into Go struct field continueToken.rv of type int64`);
  }
  if (token.v !== tokenVersion) throw badRequest(`invalid continue token: continue key is not valid: server does not recognize this encoded version ${typeof token.v === 'string' ? token.v : ''}`);
  const rv = (token.rv as number | undefined) ?? 0;
  if (rv === 0) throw badRequest('invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  const start = typeof token.start === 'string' ? token.start : '';
  if (start.length === 0) throw badRequest('invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  // The start key may not climb out of the list's prefix: it must already be a clean path.
  const key = start.startsWith('/') ? start : `/${start}`;
  if (!isCleanPath(key)) throw invalid(start);
  return { rv, start: key.slice(1) };
}

/**
 * One page of `all` (every entry under `prefix`, in key order: the store's fresh array, which an
 * unpaged list returns as it is). `matches` filters by selector; `current` is the store's revision
 * and `oldest` the oldest one the watch window still holds.
 */
export function listChunk(all: StoredEntry[], prefix: string, request: ChunkRequest, current: number, oldest: number, matches?: (entry: StoredEntry) => boolean): Chunk {
  let revision = current;
  let from = 0;
  if (request.continue) {
    if (request.resourceVersion && request.resourceVersion !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    const token = decodeContinue(request.continue);
    if (token.rv > 0 && token.rv < oldest) {
      const err = expired(inconsistentContinue);
      err.status.metadata = { continue: encodeContinue({ rv: -1, start: token.start }) };
      throw err;
    }
    if (token.rv > 0) revision = token.rv;
    from = lowerBound(all, prefix + token.start);
  }
  // The watch cache serves resourceVersion=0 lists whole, whatever the limit (cacher computeListLimit).
  const limit = request.resourceVersion === '0' ? 0 : (request.limit ?? 0);
  if (limit <= 0) {
    const rest = from === 0 ? all : all.slice(from);
    return { entries: matches ? rest.filter(matches) : rest, revision };
  }
  const entries: StoredEntry[] = [];
  let i = from;
  for (; i < all.length && entries.length < limit; i++) {
    if (!matches || matches(all[i])) entries.push(all[i]);
  }
  // More keys after the page (matching or not) mean a continue token, as etcd's count says so.
  if (i >= all.length) return { entries, revision };
  const last = entries.length > 0 ? entries[entries.length - 1].key : all[i - 1].key;
  const chunk: Chunk = { entries, revision, continue: encodeContinue({ rv: revision, start: `${last.slice(prefix.length)}\u0000` }) };
  if (!request.hasSelector) chunk.remainingItemCount = all.length - from - limit;
  return chunk;
}

/** Parses the `limit` query parameter as Go's strconv.ParseInt does for the list options. */
export function parseLimit(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value);
}

/** Index of the first entry whose key is >= key. */
function lowerBound(entries: readonly StoredEntry[], key: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether Go's path.Clean would leave this absolute path unchanged. */
function isCleanPath(path: string): boolean {
  if (path === '/') return true;
  if (path.endsWith('/')) return false;
  return path
    .slice(1)
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * encoding/base64 RawURLEncoding's error for a string it refuses: `illegal base64 data at input
 * byte N` (newlines are skipped, as Go's decoder skips them), or undefined when it decodes.
 */
function rawUrlBase64Error(value: string): string | undefined {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\n' || c === '\r') continue;
    if (!/[A-Za-z0-9_-]/.test(c)) return `illegal base64 data at input byte ${i}`;
    count++;
  }
  // A lone character in the last quantum cannot hold a byte.
  if (count % 4 === 1) return `illegal base64 data at input byte ${value.length - 1}`;
  return undefined;
}

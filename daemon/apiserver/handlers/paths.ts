/**
 * Parses Kubernetes REST paths: `/api/v1/namespaces/<ns>/<resource>[/<name>[/<sub>]]`,
 * `/api/v1/<resource>[/<name>[/<sub>]]`, the same under `/apis/<group>/<version>`, and the
 * namespace object's own `/api/v1/namespaces/<name>[/status|/finalize]`.
 */
import { badRequest } from '../../../shared/api/errors.js';
import { findResource, type ResourceInfo } from '../../../shared/api/resources.js';

export interface ResourcePath {
  kind: 'resource';
  group: string;
  version: string;
  info: ResourceInfo | undefined;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export type ApiPath =
  | ResourcePath
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'other' };

export function parseApiPath(pathname: string): ApiPath {
  const parts = pathname.split('/').filter((p) => p !== '').map(unescapeSegment);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'api' };
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'apis' };
    if (parts.length === 2) return { kind: 'group', group: parts[1] };
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { kind: 'other' };
  }
  if (rest.length === 0) return { kind: 'groupVersion', group, version };

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && (rest[2] === 'status' || rest[2] === 'finalize') && rest.length === 3)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length > 0 && subresource !== 'proxy') return { kind: 'other' };
  return { kind: 'resource', group, version, resource, info: findResource(group, version, resource), namespace, name, subresource };
}

/**
 * Go's url.PathUnescape: a malformed escape (`%zz`, a lone `%`) is a 400 with Go's words; escapes
 * that are not UTF-8 (`%ff`) decode to their bytes, as Go keeps them, and then fail validation or
 * lookup like any other odd name (decodeURIComponent would throw, and a throw here is a 500).
 */
function unescapeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  const bad = /%(?![0-9a-fA-F]{2})/.exec(segment);
  if (bad) throw badRequest(`invalid URL escape ${JSON.stringify(segment.slice(bad.index, bad.index + 3))}`);
  try {
    return decodeURIComponent(segment);
  } catch {
    // Valid escapes of bytes that are not UTF-8: kept as bytes, shown with U+FFFD where invalid.
    const bytes = Buffer.from(segment.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    return bytes.toString('utf8');
  }
}

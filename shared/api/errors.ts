/**
 * StatusError: the one error type of the API (STYLE §2.6). It carries a full metav1.Status, and
 * the factories follow apimachinery's names and exact message texts, because kubectl prints
 * them verbatim (reference/kubectl-compat.md §8).
 */
import type { Status, StatusCause, StatusDetails } from './meta.js';

/** A group and a resource, e.g. `{group: 'apps', resource: 'deployments'}`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** `pods`, or `deployments.apps`: how apimachinery names a resource in messages. */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class StatusError extends Error {
  readonly status: Status;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    // metav1.Status's field order (details before code), as `kubectl get --raw` and curl show it.
    this.status = details
      ? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code }
      : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  }

  get code(): number {
    return this.status.code ?? 500;
  }

  get reason(): string {
    return this.status.reason ?? '';
  }

  /** Rebuilds an error from a Status received over the wire. */
  static fromStatus(status: Status): StatusError {
    return new StatusError(status.code ?? 500, status.reason ?? '', status.message ?? '', status.details);
  }
}

function details(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name, kind: gr.resource };
  if (gr.group) d.group = gr.group;
  return d;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, details(gr, name));
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, details(gr, name));
}

export function conflict(gr: GroupResource, name: string, cause = 'the object has been modified; please apply your changes to the latest version and try again'): StatusError {
  return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${cause}`, details(gr, name));
}

/**
 * NewForbidden: `pods "x" is forbidden: …`, `pods is forbidden: …` without a name, and plain
 * `forbidden: …` when no resource is involved (a non-resource path such as `/apis`).
 */
export function forbidden(gr: GroupResource, name: string, cause: string): StatusError {
  if (!gr.resource) return new StatusError(403, 'Forbidden', `forbidden: ${cause}`, {});
  const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
  const d = details(gr, name);
  // Go leaves the empty name out of the details (omitempty).
  if (!name) delete d.name;
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${cause}`, d);
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(401, 'Unauthorized', message);
}

export function methodNotAllowed(): StatusError {
  return new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function notAcceptable(message: string): StatusError {
  return new StatusError(406, 'NotAcceptable', message);
}

export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

/** The body types of create and update (NegotiateInputSerializer's list). */
export const objectMediaTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
/** The patch types a built-in kind's PATCH route takes, in the installer's order. */
export const patchMediaTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

/**
 * 415 for a body whose Content-Type the endpoint does not take. apimachinery's
 * errUnsupportedMediaType names only what is accepted, never the type that was sent.
 */
export function unsupportedMediaType(_contentType: string, accepted: readonly string[] = objectMediaTypes): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

export function requestEntityTooLarge(limit: number): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

export function tooManyRequests(message: string, retryAfterSeconds?: number): StatusError {
  return new StatusError(429, 'TooManyRequests', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
}

export function internalError(cause: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
}

/**
 * The Status the apiserver makes of an error that is no Status (a failed dial to a kubelet,
 * apimachinery ErrorToAPIStatus): code 500 and no reason, so kubectl prints `Error from server: <message>`.
 */
export function nonStatusError(message: string): StatusError {
  const err = new StatusError(500, '', message);
  delete err.status.reason;
  return err;
}

export function serviceUnavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

// ---- field errors (apimachinery's field.Error) and 422 Invalid ----

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueNotFound'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError';

/** One field error: `spec.selector: Required value`. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The text after the type's own words, e.g. `must be no more than 63 characters`. */
  detail?: string;
  /** The offending value already formatted as Go prints it (`"abc"`, `-1`, `map[string]string{"a":"b"}`). */
  badValue?: string;
}

/** Formats a value as Go's `%#v` would in a field error: strings quoted, maps as map[string]string{…}. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
    return `[]interface {}{${value.map(goValue).join(', ')}}`;
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.every(([, v]) => typeof v === 'string')) {
    return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`;
  }
  return `map[string]interface {}{${entries.map(([k, v]) => `${JSON.stringify(k)}:${goValue(v)}`).join(', ')}}`;
}

export const field = {
  required: (path: string, detail?: string): FieldError => ({ type: 'FieldValueRequired', field: path, detail }),
  invalid: (path: string, value: unknown, detail?: string): FieldError => ({ type: 'FieldValueInvalid', field: path, badValue: goValue(value), detail }),
  notSupported: (path: string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: path,
    badValue: goValue(value),
    detail: supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : undefined,
  }),
  duplicate: (path: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: path, badValue: goValue(value) }),
  notFound: (path: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: path, badValue: goValue(value) }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: path, detail }),
  tooLong: (path: string, value: unknown, max: number): FieldError => ({ type: 'FieldValueTooLong', field: path, badValue: goValue(value), detail: `may not be more than ${max} bytes` }),
  tooMany: (path: string, actual: number, max: number): FieldError => ({ type: 'FieldValueTooMany', field: path, badValue: String(actual), detail: `must have at most ${max} items` }),
};

/** The message part of a field error, without the field: `Invalid value: "x": must be …`. */
export function fieldErrorBody(e: FieldError): string {
  const words: Record<FieldErrorType, string> = {
    FieldValueRequired: 'Required value',
    FieldValueInvalid: 'Invalid value',
    FieldValueNotSupported: 'Unsupported value',
    FieldValueNotFound: 'Not found',
    FieldValueDuplicate: 'Duplicate value',
    FieldValueForbidden: 'Forbidden',
    FieldValueTooLong: 'Too long',
    FieldValueTooMany: 'Too many',
    InternalError: 'Internal error',
  };
  let text = words[e.type];
  // Required, Forbidden, TooLong and TooMany print no value (apimachinery's field.Error.ErrorBody).
  const printsValue = e.type === 'FieldValueInvalid' || e.type === 'FieldValueNotSupported' || e.type === 'FieldValueDuplicate' || e.type === 'FieldValueNotFound';
  if (printsValue && e.badValue !== undefined) text += `: ${e.badValue}`;
  if (e.type === 'FieldValueTooLong') return e.detail ? `${text}: ${e.detail}` : text;
  if (e.type === 'FieldValueTooMany') return `${text}: ${e.badValue}: ${e.detail}`;
  if (e.detail) text += `: ${e.detail}`;
  return text;
}

export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}

/** 422 Invalid: `ReplicaSet.apps "x" is invalid: [spec.selector: Required value, …]`. */
export function invalid(groupKind: { group: string; kind: string }, name: string, errors: FieldError[]): StatusError {
  const qualifiedKind = groupKind.group ? `${groupKind.kind}.${groupKind.group}` : groupKind.kind;
  const texts = errors.map(fieldErrorString);
  const aggregate = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const d: StatusDetails = { name, kind: groupKind.kind, causes };
  if (groupKind.group) d.group = groupKind.group;
  return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate}`, d);
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}
export const isNotFound = (err: unknown): boolean => isStatusError(err) && err.reason === 'NotFound';
export const isAlreadyExists = (err: unknown): boolean => isStatusError(err) && err.reason === 'AlreadyExists';
export const isConflict = (err: unknown): boolean => isStatusError(err) && err.reason === 'Conflict';
export const isExpired = (err: unknown): boolean => isStatusError(err) && (err.reason === 'Expired' || err.code === 410);
export const isInvalid = (err: unknown): boolean => isStatusError(err) && err.reason === 'Invalid';

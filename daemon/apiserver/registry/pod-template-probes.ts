/**
 * Probe and lifecycle-handler validation (core validation's validateProbe, validateHandler,
 * validateHTTPGetAction, ValidatePortNumOrName): exactly one handler, non-negative timings,
 * `successThreshold` 1 for liveness and startup probes.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import { invalidEach, validateNonnegative } from './metadata.js';
import { isValidPortName, isValidPortNum, regexError } from './name-validation.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = Record<string, any>;

/** ValidatePortNumOrName: an int port in 1–65535 or an IANA port name. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return invalidEach(path, port, isValidPortNum(port));
  if (typeof port === 'string') return invalidEach(path, port, isValidPortName(port));
  return invalidEach(path, 0, isValidPortNum(0));
}

function validateHttpGet(httpGet: Handler, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!httpGet.path) errors.push(field.required(`${path}.path`));
  errors.push(...validatePortNumOrName(httpGet.port, `${path}.port`));
  if (!['HTTP', 'HTTPS'].includes(httpGet.scheme)) errors.push(field.notSupported(`${path}.scheme`, httpGet.scheme ?? '', ['HTTP', 'HTTPS']));
  for (const header of httpGet.httpHeaders ?? []) {
    if (!/^[-A-Za-z0-9]+$/.test(header.name ?? '')) {
      errors.push(field.invalid(`${path}.httpHeaders`, header.name ?? '', regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')));
    }
  }
  return errors;
}

/**
 * validateHandler: the first handler type counts, any further one is `may not specify more than
 * 1 handler type`; none at all is `Required value: must specify a handler type`.
 */
export function validateHandler(handler: Handler, path: string, grace: number | undefined, isLifecycle = false): FieldError[] {
  const errors: FieldError[] = [];
  const kinds = isLifecycle ? ['exec', 'httpGet', 'tcpSocket', 'sleep'] : ['exec', 'httpGet', 'tcpSocket', 'grpc'];
  let count = 0;
  for (const kind of kinds) {
    const action = handler[kind];
    if (!action) continue;
    const at = `${path}.${kind}`;
    if (count++ > 0) {
      errors.push(field.forbidden(at, 'may not specify more than 1 handler type'));
      continue;
    }
    if (kind === 'exec' && !(action.command ?? []).length) errors.push(field.required(`${at}.command`));
    if (kind === 'httpGet') errors.push(...validateHttpGet(action, at));
    if (kind === 'tcpSocket') errors.push(...validatePortNumOrName(action.port, `${at}.port`));
    if (kind === 'grpc') errors.push(...invalidEach(`${at}.port`, action.port ?? 0, isValidPortNum(action.port ?? 0)));
    if (kind === 'sleep' && grace !== undefined && ((action.seconds ?? 0) <= 0 || action.seconds > grace)) {
      errors.push(
        field.invalid(at, action.seconds ?? 0, `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`),
      );
    }
  }
  if (count === 0) errors.push(field.required(path, 'must specify a handler type'));
  return errors;
}

/** validateProbe plus the liveness/startup and readiness specific rules. */
export function validateProbe(probe: Handler, path: string, kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): FieldError[] {
  const errors = validateHandler(probe, path, undefined);
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errors.push(...validateNonnegative(probe[key], `${path}.${key}`));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) errors.push(field.invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than 0'));
  if (kind !== 'readinessProbe' && probe.successThreshold !== 1) errors.push(field.invalid(`${path}.successThreshold`, probe.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readinessProbe' && grace !== undefined && grace !== null) {
    errors.push(field.invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must not be set for readinessProbes'));
  }
  return errors;
}

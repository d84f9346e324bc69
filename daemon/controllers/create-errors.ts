/**
 * Create failures controllers drop instead of retrying. The real ones test the Status cause
 * `NamespaceTerminating` (`errors.HasStatusCause(err, v1.NamespaceTerminatingCause)`); kubelab's
 * NamespaceLifecycle admission sends the same Forbidden message without the cause, so the message
 * is what tells it apart.
 */
import { isStatusError } from '../../shared/api/errors.js';

/**
 * The Forbidden NamespaceLifecycle returns for a create in a terminating namespace: recognised by
 * its NamespaceTerminating cause, as controllers do against a real apiserver. Every controller
 * uses this one check.
 */
export function isNamespaceTerminating(err: unknown): boolean {
  return isStatusError(err) && err.code === 403 && (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

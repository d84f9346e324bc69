/**
 * The one line the TUI shows for a failed call, worded as kubectl prints an API error
 * (`Error from server (NotFound): pods "web" not found`; reference/kubectl-compat.md §8), so a
 * learner reads the same text in the TUI as in the terminal. Network failures keep their message.
 */
import { isStatusError } from '../../shared/api/errors.js';

export function errorText(err: unknown): string {
  if (isStatusError(err)) {
    const message = err.message || err.status.message || `unknown error (${err.code})`;
    return err.reason ? `Error from server (${err.reason}): ${message}` : `Error from server: ${message}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

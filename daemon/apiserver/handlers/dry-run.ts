/**
 * `dryRun` in DeleteOptions (kubectl --dry-run=server sends it in the DELETE body, and in an
 * Eviction's deleteOptions): only "All" is valid, and it makes the whole request a dry run.
 */
import { badRequest } from '../../../shared/api/errors.js';
import type { RequestContext } from '../request-context.js';

export function applyDryRun(values: string[] | undefined, ctx: RequestContext): void {
  for (const value of values ?? []) if (value !== 'All') throw badRequest(`Invalid dry run value: "${value}"`);
  if (values?.length) ctx.dryRun = true;
}

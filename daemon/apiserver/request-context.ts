/**
 * What one API call carries besides its object: dry-run, field validation, and the warnings the
 * response will return as `Warning: 299` headers. The HTTP handlers and the in-process client
 * both build one, so they run the same pipeline.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { FieldValidation } from '../../shared/client/client.js';
import type { BodyKeys } from './codec/duplicate-fields.js';
import type { RbacWriteCheck } from './auth/rbac-escalation.js';
import type { UserInfo } from './auth/user-info.js';
import type { SignerPermission } from './admission/certificate-signing-requests.js';

export interface RequestContext {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
  warnings: string[];
  /**
   * Keys the request body repeated, noted by the codec for the strict field check, which reports
   * them once (`duplicate field "spec.paused"`) and clears this.
   */
  bodyKeys?: { source: 'object' | 'patch' | 'json-patch'; keys: BodyKeys } | { source: 'yaml'; lines: string[] };
  /** The input object is the caller's own fresh copy (the in-process client's): the registry may change it in place. */
  ownCopy?: boolean;
  /** Skip the field-by-field schema walk: the in-process components' writes, decoded leniently as client-go's are. */
  skipSchemaCheck?: boolean;
  /**
   * RBAC's escalation check for a write of a Role, ClusterRole or binding, run before validation
   * (auth/rbac-escalation.ts); set for HTTP users other than the admin, never for the in-process components.
   */
  rbacWrite?: RbacWriteCheck;
  /** The authenticated user of an HTTP request (what a CSR records as its requestor); unset in-process. */
  user?: UserInfo;
  /** Whether that user may approve or sign for a CSR signer; unset for the admin and in-process (allowed). */
  mayUseSigner?: SignerPermission;
  /**
   * What validating admission sees for a write made through another subresource's view of the
   * object (the scale subresource writes the parent, but admission sees `deployments/scale` and Scale objects).
   */
  admissionView?: { subresource: string; object: KubeObject; oldObject: KubeObject };
}

export function newContext(options: { dryRun?: boolean; fieldValidation?: FieldValidation; fieldManager?: string } = {}): RequestContext {
  // Warn is the apiserver's default when the request does not say (since v1.27).
  return { dryRun: options.dryRun ?? false, fieldValidation: options.fieldValidation ?? 'Warn', fieldManager: options.fieldManager, warnings: [] };
}

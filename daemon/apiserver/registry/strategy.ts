/**
 * The per-resource rules the generic REST pipeline applies (apiserver's RESTCreateStrategy /
 * RESTUpdateStrategy): defaulting, validation and the create/update preparation of one kind.
 * The pipeline order on create is: decode → strict field check → defaults → mutating admission
 * (namespace lifecycle, service account) → prepareForCreate → metadata + kind validation →
 * allocators → one store write.
 * On update: decode → defaults → prepareForUpdate → validate + validateUpdate → write.
 * Nothing here does I/O; allocation of cluster IPs and node ports happens in the apiserver.
 */
import type { FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { UserInfo } from '../auth/user-info.js';

export interface Strategy {
  /** SetDefaults_<Kind>: fills the defaults a real v1.32 apiserver fills, in place. */
  defaults?(obj: KubeObject): void;
  /**
   * Clears what a client may not set on create (e.g. status for most kinds), in place; `request`
   * names the requesting user where a kind records it (a CSR's spec.username).
   */
  prepareForCreate?(obj: KubeObject, request?: { user?: UserInfo }): void;
  /** Keeps what a client may not change on update (status via the main resource), in place. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /**
   * Kind-specific validation (metadata name/labels are validated generically). On update `old` is
   * the stored object (custom resources ratchet against it); `warnings` takes the request's
   * `Warning:` texts.
   */
  validate?(obj: KubeObject, old?: KubeObject, warnings?: string[]): FieldError[];
  /** Immutability and transition rules on update; runs after validate. */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Validation of a status-subresource write. */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /**
   * The object a write through `subresource` stores (a CSR's status and approval), built from the
   * input and the stored object, with `now` (RFC 3339) for condition times; undefined leaves the
   * write to the generic subresource rules. Its system metadata is then kept from the stored object.
   */
  prepareSubresourceUpdate?(subresource: string, obj: KubeObject, old: KubeObject, now: string): KubeObject | undefined;
  /** Validation of a write prepared by prepareSubresourceUpdate. */
  validateSubresourceUpdate?(subresource: string, obj: KubeObject, old: KubeObject): FieldError[];
  /** How the object's name must look: most kinds are DNS-1123 subdomains, some are labels. */
  nameRule?: 'subdomain' | 'label' | 'path-segment';
}

/**
 * kube-apiserver's three validating admission plugins for CSRs (plugin/pkg/admission/certificates),
 * all on by default: CertificateSubjectRestriction refuses a kube-apiserver-client request for the
 * system:masters group on create; CertificateApproval lets a write to the approval subresource
 * through only for a user allowed to `approve` the `signers` resource named after the CSR's
 * signerName (or `<domain>/*`); CertificateSigning does the same with `sign` for a status write that
 * changes status.certificate. The permission check is the caller's (RequestContext.mayUseSigner):
 * the daemon's own admin and the in-process controllers are not asked, as cluster-admin may anyway.
 */
import { forbidden } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { parseCsrPem } from '../../../shared/pki/pkcs10.js';
import type { RbacAuthorizer } from '../auth/rbac-authorizer.js';
import type { UserInfo } from '../auth/user-info.js';

const csrs = { group: 'certificates.k8s.io', resource: 'certificatesigningrequests' };
const apiServerClientSigner = 'kubernetes.io/kube-apiserver-client';

/** Whether the requesting user may `verb` (approve, sign) the signers resource `signerName`. */
export type SignerPermission = (verb: 'approve' | 'sign', signerName: string) => boolean;

/** CertificateSubjectRestriction, on create. */
export function admitCsrSubject(csr: KubeObject): void {
  if (csr.spec?.signerName !== apiServerClientSigner) return;
  const parsed = parseCsrPem(Buffer.from(String(csr.spec?.request ?? ''), 'base64'));
  const name = csr.metadata.name ?? '';
  if ('error' in parsed) throw forbidden(csrs, name, `failed to parse CSR: ${parsed.error}`);
  if (parsed.request.organizations.includes('system:masters')) {
    throw forbidden(csrs, name, `use of ${apiServerClientSigner} signer with system:masters group is not allowed`);
  }
}

/** CertificateApproval and CertificateSigning, on a write through a subresource. */
export function admitCsrSubresource(subresource: string, csr: KubeObject, old: KubeObject, mayUseSigner: SignerPermission | undefined): void {
  if (!mayUseSigner) return;
  const signerName = String(old.spec?.signerName ?? '');
  const name = csr.metadata.name ?? '';
  if (subresource === 'approval' && !mayUseSigner('approve', signerName)) {
    throw forbidden(csrs, name, `user not permitted to approve requests with signerName ${JSON.stringify(signerName)}`);
  }
  const isSigning = subresource === 'status' && String(csr.status?.certificate ?? '') !== String(old.status?.certificate ?? '');
  if (isSigning && !mayUseSigner('sign', signerName)) {
    throw forbidden(csrs, name, `user not permitted to sign requests with signerName ${JSON.stringify(signerName)}`);
  }
}

/** IsAuthorizedForSignerName: `verb` on signers named after the signer, or after `<domain>/*`. */
export function signerPermission(authorizer: RbacAuthorizer, user: UserInfo): SignerPermission {
  return (verb, signerName) => {
    const names = [signerName, `${signerName.split('/')[0] ?? ''}/*`];
    return names.some(
      (name) =>
        authorizer.authorize(user, { verb, isResourceRequest: true, path: '', apiGroup: csrs.group, apiVersion: '*', resource: 'signers', subresource: '', namespace: '', name }).allowed,
    );
  };
}

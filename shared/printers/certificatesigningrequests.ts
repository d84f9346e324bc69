/**
 * `kubectl get csr` (printers.go printCertificateSigningRequest): NAME AGE SIGNERNAME REQUESTOR
 * REQUESTEDDURATION CONDITION, no wide columns. CONDITION is Denied, Approved or Pending, then
 * `,Failed` and `,Issued` as they apply (extractCSRStatus); SIGNERNAME and REQUESTEDDURATION print
 * `<none>` when unset. The column docs are the v1beta1 SwaggerDoc texts printers.go quotes.
 */
import type { KubeObject } from '../api/meta.js';
import { humanDuration } from '../duration.js';
import { age, ageColumn, column, nameColumn, orNone } from './columns.js';
import type { Printer } from './table.js';

const signerNameDoc =
  "Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`. If empty, it will be defaulted:\n 1. If it's a kubelet client certificate, it is assigned\n    \"kubernetes.io/kube-apiserver-client-kubelet\".\n 2. If it's a kubelet serving certificate, it is assigned\n    \"kubernetes.io/kubelet-serving\".\n 3. Otherwise, it is assigned \"kubernetes.io/legacy-unknown\".\nDistribution of trust for signers happens out of band. You can select on this field using `spec.signerName`.";
const expirationSecondsDoc =
  'expirationSeconds is the requested duration of validity of the issued certificate. The certificate signer may issue a certificate with a different validity duration so a client must check the delta between the notBefore and and notAfter fields in the issued certificate to determine the actual duration.\n\nThe v1.22+ in-tree implementations of the well-known Kubernetes signers will honor this field as long as the requested duration is not greater than the maximum duration they will honor per the --cluster-signing-duration CLI flag to the Kubernetes controller manager.\n\nCertificate signers may not honor this field for various reasons:\n\n  1. Old signer that is unaware of the field (such as the in-tree\n     implementations prior to v1.22)\n  2. Signer whose configured maximum is shorter than the requested duration\n  3. Signer whose configured minimum is longer than the requested duration\n\nThe minimum valid value for expirationSeconds is 600, i.e. 10 minutes.';

/** extractCSRStatus: the CONDITION cell. */
export function csrCondition(csr: KubeObject): string {
  const types = new Set(((csr.status?.conditions ?? []) as { type?: string }[]).map((c) => c?.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

export const certificateSigningRequestPrinter: Printer = {
  columns: [
    nameColumn(),
    ageColumn,
    column('SignerName', 'string', signerNameDoc),
    column('Requestor', 'string', 'Base64-encoded PKCS#10 CSR data'),
    column('RequestedDuration', 'string', expirationSecondsDoc),
    column('Condition', 'string', 'Conditions applied to the request, such as approval or denial.'),
  ],
  cells(csr, now) {
    const seconds = csr.spec?.expirationSeconds;
    const requested = typeof seconds === 'number' ? humanDuration(seconds * 1000) : '<none>';
    return [csr.metadata.name ?? '', age(csr, now), orNone(csr.spec?.signerName), csr.spec?.username ?? '', requested, csrCondition(csr)];
  },
};

/**
 * What each kubernetes.io signer accepts (pkg/apis/certificates helpers.go and signer.go), with
 * Go's error texts, which become the Failed condition's message: kube-apiserver-client takes any
 * subject but only the usages digital signature, key encipherment and client auth, client auth
 * required; the two kubelet signers want O=system:nodes, CN system:node:<name>, their exact usage
 * sets and their own kinds of subjectAltName; legacy-unknown takes anything.
 */
import type { CertificateRequest } from '../../shared/pki/pkcs10.js';

export const signerNames: readonly string[] = [
  'kubernetes.io/kubelet-serving',
  'kubernetes.io/kube-apiserver-client-kubelet',
  'kubernetes.io/kube-apiserver-client',
  'kubernetes.io/legacy-unknown',
];

const sameSet = (usages: readonly string[], wanted: readonly string[]): boolean => {
  const set = new Set(usages);
  return set.size === wanted.length && wanted.every((u) => set.has(u));
};

/** Go prints a sorted sets.String as `[a b c]`. */
const goList = (items: readonly string[]): string => `[${[...items].sort().join(' ')}]`;

function isSystemNodes(request: CertificateRequest): boolean {
  return request.organizations.length === 1 && request.organizations[0] === 'system:nodes';
}

function kubeletServing(request: CertificateRequest, usages: readonly string[]): string | undefined {
  if (!isSystemNodes(request)) return 'subject organization is not system:nodes';
  if (request.dnsNames.length === 0 && request.ipAddresses.length === 0) return 'DNS or IP subjectAltName is required';
  if (request.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (request.uris.length > 0) return 'URI subjectAltNames are not allowed';
  const required = ['digital signature', 'key encipherment', 'server auth'];
  if (!sameSet(usages, required) && !sameSet(usages, ['digital signature', 'server auth'])) return `usages did not match ${goList(required)}`;
  if (!request.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  return undefined;
}

function kubeletClient(request: CertificateRequest, usages: readonly string[]): string | undefined {
  if (!isSystemNodes(request)) return 'subject organization is not system:nodes';
  if (request.dnsNames.length > 0) return 'DNS subjectAltNames are not allowed';
  if (request.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (request.ipAddresses.length > 0) return 'IP subjectAltNames are not allowed';
  if (request.uris.length > 0) return 'URI subjectAltNames are not allowed';
  if (!request.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  const required = ['digital signature', 'key encipherment', 'client auth'];
  if (!sameSet(usages, required) && !sameSet(usages, ['digital signature', 'client auth'])) return `usages did not match ${goList(required)}`;
  return undefined;
}

function apiServerClient(usages: readonly string[]): string | undefined {
  let hasClientAuth = false;
  for (const usage of usages) {
    if (usage === 'client auth') hasClientAuth = true;
    else if (usage !== 'digital signature' && usage !== 'key encipherment') return `invalid usage for client certificate: ${usage}`;
  }
  return hasClientAuth ? undefined : 'missing required usage for client certificate: client auth';
}

/** Why `signerName` refuses this request, or undefined when it signs it. */
export function signerPolicyError(signerName: string, request: CertificateRequest, usages: readonly string[]): string | undefined {
  switch (signerName) {
    case 'kubernetes.io/kubelet-serving':
      return kubeletServing(request, usages);
    case 'kubernetes.io/kube-apiserver-client-kubelet':
      return kubeletClient(request, usages);
    case 'kubernetes.io/kube-apiserver-client':
      return apiServerClient(usages);
    default:
      return undefined;
  }
}

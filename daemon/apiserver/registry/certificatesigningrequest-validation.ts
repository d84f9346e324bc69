/**
 * kube-apiserver's validation of certificates.k8s.io/v1 CertificateSigningRequests
 * (pkg/apis/certificates/validation): spec.request must be a PEM `CERTIFICATE REQUEST` whose
 * signature checks out, usages known and not repeated, signerName a `domain/path` (never
 * kubernetes.io/legacy-unknown through v1), expirationSeconds at least 600, the Approved/Denied/
 * Failed conditions True and exclusive; on update the write path decides what may change: only the
 * approval subresource adds Approved or Denied, only the status subresource sets the certificate,
 * and no update removes one of those conditions or replaces an issued certificate. The
 * compatibility allowances for objects already stored with such problems are kept.
 */
import { X509Certificate } from 'node:crypto';
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { checkSignature, decodePem, parseCsrPem } from '../../../shared/pki/pkcs10.js';
import { isDNS1123Label, isDNS1123Subdomain } from './name-validation.js';

/** Which write is validated: the main resource, or one of its two subresources. */
export type CsrWrite = 'create' | 'update' | 'status' | 'approval';

export const legacyUnknownSigner = 'kubernetes.io/legacy-unknown';

/** Every usage the API knows, sorted as sets.List() returns them for the NotSupported text. */
export const knownUsages: readonly string[] = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system',
  'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
].sort();

const exclusiveTypes = ['Approved', 'Denied', 'Failed'];

interface Condition {
  type?: string;
  status?: string;
  [key: string]: unknown;
}

const conditionsOf = (csr: KubeObject): Condition[] => (Array.isArray(csr.status?.conditions) ? csr.status.conditions : []);
const usagesOf = (csr: KubeObject): string[] => (Array.isArray(csr.spec?.usages) ? csr.spec.usages : []);
const bytesOf = (value: unknown): Buffer | undefined => (typeof value === 'string' ? Buffer.from(value, 'base64') : undefined);

/** Go's `%#v` of a []byte: `[]byte{0x2d, 0x2d}`, or `[]byte(nil)` when unset. */
export function goBytes(bytes: Buffer | undefined): string {
  if (!bytes) return '[]byte(nil)';
  return `[]byte{${[...bytes].map((b) => `0x${b.toString(16)}`).join(', ')}}`;
}

/** validateCertificateSigningRequest plus, with `old`, validateCertificateSigningRequestUpdate's rules. */
export function validateCertificateSigningRequest(csr: KubeObject, old: KubeObject | undefined, write: CsrWrite): FieldError[] {
  const errors: FieldError[] = [];
  const request = bytesOf(csr.spec?.request);
  const problem = requestProblem(request);
  if (problem) errors.push({ type: 'FieldValueInvalid', field: 'spec.request', badValue: goBytes(request), detail: problem });
  const usages = usagesOf(csr);
  if (usages.length === 0) errors.push(field.required('spec.usages', ''));
  const oldUsages = old ? usagesOf(old) : [];
  if (!oldUsages.some((u) => !knownUsages.includes(u))) {
    usages.forEach((u, i) => knownUsages.includes(u) || errors.push(field.notSupported(`spec.usages[${i}]`, u, [...knownUsages])));
  }
  if (new Set(oldUsages).size === oldUsages.length) {
    usages.forEach((u, i) => usages.indexOf(u) < i && errors.push(field.duplicate(`spec.usages[${i}]`, u)));
  }
  const signerName = String(csr.spec?.signerName ?? '');
  if (signerName === legacyUnknownSigner && old?.spec?.signerName !== legacyUnknownSigner) {
    errors.push(field.invalid('spec.signerName', signerName, 'the legacy signerName is not allowed via this API version'));
  } else {
    errors.push(...validateSignerName('spec.signerName', signerName));
  }
  const expiration = csr.spec?.expirationSeconds;
  if (typeof expiration === 'number' && expiration < 600) {
    errors.push(field.invalid('spec.expirationSeconds', expiration, 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  errors.push(...validateConditions(csr, old));
  const certificate = String(csr.status?.certificate ?? '');
  const isCertificateUnchanged = old !== undefined && certificate === String(old.status?.certificate ?? '');
  const wasArbitrary = old !== undefined && certificateProblem(bytesOf(old.status?.certificate)) !== undefined;
  if (!isCertificateUnchanged && !wasArbitrary) {
    const bad = certificateProblem(bytesOf(csr.status?.certificate));
    if (bad) errors.push(field.invalid('status.certificate', '<certificate data>', bad));
  }
  if (old) errors.push(...validateTransition(csr, old, write));
  return errors;
}

function requestProblem(request: Buffer | undefined): string | undefined {
  const parsed = parseCsrPem(request ?? Buffer.alloc(0));
  return 'error' in parsed ? parsed.error : checkSignature(parsed.request);
}

/** validateCertificate: status.certificate holds CERTIFICATE blocks only, at least one. */
function certificateProblem(pem: Buffer | undefined): string | undefined {
  if (!pem || pem.length === 0) return undefined;
  let rest = pem.toString('latin1');
  let blocks = 0;
  for (let block = decodePem(rest); block; block = decodePem(rest)) {
    if (block.type !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found "${block.type}"`;
    if (!isCertificate(block.bytes)) return 'x509: malformed certificate';
    blocks++;
    rest = rest.slice(rest.indexOf(`-----END ${block.type}-----`) + `-----END ${block.type}-----`.length);
  }
  return blocks === 0 ? 'must contain at least one CERTIFICATE PEM block' : undefined;
}

function isCertificate(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    // OpenSSL could not parse it: Go's x509.ParseCertificates fails on the same bytes.
    return false;
  }
}

function validateConditions(csr: KubeObject, old: KubeObject | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const oldConditions = old ? conditionsOf(old) : [];
  const oldTypes = oldConditions.map((c) => c.type ?? '');
  const allowBoth = oldTypes.includes('Approved') && oldTypes.includes('Denied');
  const allowDuplicates = new Set(oldTypes).size !== oldTypes.length;
  const allowEmpty = oldTypes.includes('');
  const seen = new Set<string>();
  let hasApproved = false;
  let hasDenied = false;
  conditionsOf(csr).forEach((c, i) => {
    const path = `status.conditions[${i}]`;
    const type = c.type ?? '';
    if (!allowEmpty && type === '') errors.push(field.required(`${path}.type`, ''));
    const allowed = exclusiveTypes.includes(type) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!c.status) errors.push(field.required(`${path}.status`, ''));
    else if (!allowed.includes(c.status)) errors.push(field.notSupported(`${path}.status`, c.status, allowed));
    if (!allowBoth && type === 'Approved') {
      hasApproved = true;
      if (hasDenied) errors.push(field.invalid(`${path}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
    } else if (!allowBoth && type === 'Denied') {
      hasDenied = true;
      if (hasApproved) errors.push(field.invalid(`${path}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
    }
    if (!allowDuplicates && seen.has(type)) errors.push(field.duplicate(`${path}.type`, type));
    seen.add(type);
  });
  return errors;
}

/** The update rules: which conditions and whether the certificate may change on this write path. */
function validateTransition(csr: KubeObject, old: KubeObject, write: CsrWrite): FieldError[] {
  const errors: FieldError[] = [];
  const ofType = (obj: KubeObject, type: string) => conditionsOf(obj).filter((c) => c.type === type);
  for (const type of exclusiveTypes) {
    if (ofType(csr, type).length < ofType(old, type).length) errors.push(field.forbidden('status.conditions', `updates may not remove a condition of type "${type}"`));
  }
  if (write !== 'approval') {
    for (const type of ['Approved', 'Denied']) {
      const before = ofType(old, type);
      const after = ofType(csr, type);
      if (after.length > before.length) errors.push(field.forbidden('status.conditions', `updates may not add a condition of type "${type}"`));
      else if (after.length === before.length && JSON.stringify(after) !== JSON.stringify(before)) {
        // Go appends a cmp.Diff of the two lists here; kubelab gives the sentence without the diff.
        errors.push(field.forbidden('status.conditions', `updates may not modify a condition of type "${type}"`));
      }
    }
  }
  const certificate = String(csr.status?.certificate ?? '');
  const previous = String(old.status?.certificate ?? '');
  if (certificate !== previous) {
    if (write !== 'status') errors.push(field.forbidden('status.certificate', 'updates may not set certificate content'));
    else if (previous !== '') errors.push(field.forbidden('status.certificate', 'updates may not modify existing certificate content'));
  }
  return errors;
}

/** ValidateSignerName: `<fqdn>/<path>`, DNS labels before the slash, subdomains after it. */
export function validateSignerName(path: string, signerName: string): FieldError[] {
  if (signerName === '') return [field.required(path, '')];
  const segments = signerName.split('/');
  if (segments.length !== 2) return [field.invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const [domain, name] = segments as [string, string];
  const errors: FieldError[] = [];
  if (domain.length > 253) errors.push(field.tooLong(path, '', 253));
  const domainLabels = domain.split('.');
  for (const label of domainLabels) {
    const problems = isDNS1123Label(label);
    if (problems.length === 0) continue;
    errors.push(...problems.map((p) => field.invalid(path, domain, `validating label "${label}": ${p}`)));
    break;
  }
  if (domainLabels.length < 2) errors.push(field.invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const label of name.split('.')) {
    const problems = isDNS1123Subdomain(label);
    if (problems.length === 0) continue;
    errors.push(...problems.map((p) => field.invalid(path, name, `validating label "${label}": ${p}`)));
    break;
  }
  if (signerName.length > 253 + 253 + 63 + 1 + 1) errors.push(field.tooLong(path, '', 253 + 253 + 63 + 1 + 1));
  return errors;
}

/**
 * `kubectl describe csr` (describe.go describeCertificateSigningRequest): who asked, the signer,
 * the requested duration, the CONDITION of `kubectl get csr`, then the subject and the
 * subjectAltNames read from the PKCS#10 request itself, and events. A request that does not parse
 * makes kubectl fail; the TUI shows the same error text instead.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { humanDuration } from '../duration.js';
import { formatLabels } from '../labels.js';
import { parseCsrPem, type CertificateRequest } from '../pki/pkcs10.js';
import { csrCondition } from '../printers/certificatesigningrequests.js';
import { describeEvents, eventsFor } from './events.js';
import { rfc1123z } from './format.js';
import type { PrefixWriter } from './writer.js';
import { tabbedString } from './writer.js';

/** The subject lists kubectl prints, in its order, by attribute OID. */
const subjectLists: readonly [string, string][] = [
  ['Organization', '2.5.4.10'],
  ['Organizational Unit', '2.5.4.11'],
  ['Country', '2.5.4.6'],
  ['Locality', '2.5.4.7'],
  ['Province', '2.5.4.8'],
  ['StreetAddress', '2.5.4.9'],
  ['PostalCode', '2.5.4.17'],
];

export async function describeCertificateSigningRequestObject(client: ApiClient, csr: KubeObject, now: number): Promise<string> {
  return describeCertificateSigningRequest(csr, await eventsFor(client, csr, 'CertificateSigningRequest'), now);
}

export function describeCertificateSigningRequest(csr: KubeObject, events: readonly KubeObject[], now: number): string {
  const parsed = parseCsrPem(Buffer.from(String(csr.spec?.request ?? ''), 'base64'));
  if ('error' in parsed) return `Error: ${parsed.error}\n`;
  const request = parsed.request;
  return tabbedString((w) => {
    w.write(0, `Name:\t${csr.metadata.name}\n`);
    w.write(0, `Labels:\t${formatLabels(csr.metadata.labels)}\n`);
    w.write(0, `Annotations:\t${formatLabels(csr.metadata.annotations)}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(csr.metadata.creationTimestamp)}\n`);
    w.write(0, `Requesting User:\t${csr.spec?.username ?? ''}\n`);
    if (csr.spec?.signerName) w.write(0, `Signer:\t${csr.spec.signerName}\n`);
    if (typeof csr.spec?.expirationSeconds === 'number') w.write(0, `Requested Duration:\t${humanDuration(csr.spec.expirationSeconds * 1000)}\n`);
    w.write(0, `Status:\t${csrCondition(csr)}\n`);
    describeSubject(w, request);
    describeEvents(events, w, now);
  });
}

function describeSubject(w: PrefixWriter, request: CertificateRequest): void {
  const attribute = (oid: string): string[] => request.subjectAttributes[oid] ?? [];
  w.write(0, 'Subject:\n');
  w.write(0, `\tCommon Name:\t${request.commonName}\n`);
  w.write(0, `\tSerial Number:\t${attribute('2.5.4.5').at(-1) ?? ''}\n`);
  for (const [label, oid] of subjectLists) printList(w, label, attribute(oid));
  if (request.dnsNames.length + request.emailAddresses.length + request.ipAddresses.length + request.uris.length === 0) return;
  w.write(0, 'Subject Alternative Names:\n');
  printList(w, 'DNS Names', request.dnsNames);
  printList(w, 'Email Addresses', request.emailAddresses);
  printList(w, 'URIs', request.uris);
  printList(w, 'IP Addresses', request.ipAddresses);
}

/** printListHelper: the first value beside the label, the others on their own lines below it. */
function printList(w: PrefixWriter, label: string, values: readonly string[]): void {
  if (values.length === 0) return;
  w.write(0, `\t${label}:\t${values.join('\n\t\t')}\n`);
}

/**
 * Client-certificate authentication, kube-apiserver's x509 authenticator with --client-ca-file:
 * a certificate the TLS client presented that the cluster CA signed, within its validity (cluster
 * time, as the csrsigning controller issued it) and good for client auth is the user named by its
 * subject's CN, with its O values as groups (and system:authenticated), and the credential id
 * `X509SHA256=<fingerprint>` as extra; one without a CN is no user. The TLS layer only asks for a
 * certificate (requestCert, never rejectUnauthorized), so token clients carry on without one.
 * Unlike Go's chain verification, the CA's own extended key usage (serverAuth: it is also the
 * serving certificate) is not required to allow client auth.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { allAuthenticated, type UserInfo } from './user-info.js';

const clientAuth = '1.3.6.1.5.5.7.3.2';
const anyExtendedKeyUsage = '2.5.29.37.0';
const credentialIdKey = 'authentication.kubernetes.io/credential-id';

/** What one connection's certificate proved: its user and its validity, or nothing at all. */
interface Verified {
  user: UserInfo;
  validFrom: number;
  validTo: number;
}

export class ClientCertificateAuthenticator {
  /** Parsed on the first certificate: most clients never send one. */
  private ca: X509Certificate | undefined;
  /** Per connection: the peer certificate cannot change on it, so it is verified once. */
  private readonly verified = new WeakMap<TLSSocket, Verified | null>();

  constructor(
    private readonly caPem: string,
    private readonly now: () => number,
  ) {}

  /**
   * The user of the connection's certificate; undefined when it presented none, or one that does
   * not verify (which is no user, as a failed x509 check leaves the other authenticators to try).
   */
  authenticate(socket: TLSSocket | undefined): UserInfo | undefined {
    if (!socket || typeof socket.getPeerX509Certificate !== 'function') return undefined;
    let entry = this.verified.get(socket);
    if (entry === undefined) {
      entry = this.verify(socket.getPeerX509Certificate());
      this.verified.set(socket, entry);
    }
    if (!entry) return undefined;
    const now = this.now();
    return now >= entry.validFrom && now <= entry.validTo ? entry.user : undefined;
  }

  /** The chain to the cluster CA and the key usage; the time is checked per request. */
  verify(cert: X509Certificate | undefined): Verified | null {
    if (!cert) return null;
    this.ca ??= new X509Certificate(this.caPem);
    if (!cert.checkIssued(this.ca) || !cert.verify(this.ca.publicKey)) return null;
    const extended = cert.keyUsage;
    if (extended && !extended.includes(clientAuth) && !extended.includes(anyExtendedKeyUsage)) return null;
    const subject = parseSubject(cert.subject);
    const commonName = subject.get('CN')?.at(-1);
    if (!commonName) return null;
    const user: UserInfo = {
      username: commonName,
      groups: [...(subject.get('O') ?? []), allAuthenticated],
      extra: { [credentialIdKey]: [`X509SHA256=${cert.fingerprint256.replace(/:/g, '').toLowerCase()}`] },
    };
    return { user, validFrom: Date.parse(cert.validFrom), validTo: Date.parse(cert.validTo) };
  }
}

/** Node's subject text, one `KEY=value` per line (a repeated key, as `O=a\nO=b`, keeps each). */
function parseSubject(subject: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of subject.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    out.set(key, [...(out.get(key) ?? []), line.slice(at + 1)]);
  }
  return out;
}

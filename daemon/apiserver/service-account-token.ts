/**
 * The service-account token issuer of kube-apiserver (`pkg/serviceaccount` jwt.go and claims.go):
 * JWTs signed ES256 with the daemon's signing key, header `{"alg":"ES256","kid":…}` where the kid is
 * the base64url SHA-256 of the public key's DER form, and the claims a v1.32 apiserver writes
 * (aud, exp, iat, iss, jti, kubernetes.io {namespace, node, pod, secret, serviceaccount, warnafter},
 * nbf, sub), keys in alphabetical order as go-jose emits them.
 * The API server signs with the data dir's persisted P-256 key (its TLS key, kept across restarts
 * as kubeadm keeps sa.key), so tokens handed out survive a restart, as on a real cluster;
 * auth/authenticate.ts verifies them. Without a key (unit tests) one is made per process on first
 * use. node:crypto does the signing; a JWT library would be a dependency for one sign call and
 * two base64url encodings.
 * ES256 rather than kubeadm's RS256 (the apiserver accepts either key type): every pod start signs
 * a token, and an RSA-2048 signature costs ~0.9 ms against ~0.08 ms, 9 s of CPU for 10,000 pods.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomUUID, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

/** kind's and kubeadm's `--service-account-issuer`; the API audiences default to it. */
export const serviceAccountIssuer = 'https://kubernetes.default.svc.cluster.local';

export interface ObjectRef {
  name: string;
  uid: string;
}

export interface TokenClaimsInput {
  namespace: string;
  serviceAccount: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
  audiences: string[];
  /** Cluster time in ms. */
  issuedAt: number;
  expirationSeconds: number;
  /** Set for the year-long tokens that stand in for 3607 s ones: when clients should have renewed. */
  warnAfterSeconds?: number;
}

const generateEcKeyPair = promisify(generateKeyPair);
const signAsync = promisify(sign);
const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** The claims object, keys sorted as Go's JSON encoding of go-jose's merged map writes them. */
export function tokenClaims(input: TokenClaimsInput, jti: string = randomUUID()): Record<string, unknown> {
  const seconds = Math.floor(input.issuedAt / 1000);
  const kubernetes: Record<string, unknown> = { namespace: input.namespace };
  if (input.node) kubernetes.node = { name: input.node.name, uid: input.node.uid };
  if (input.pod) kubernetes.pod = { name: input.pod.name, uid: input.pod.uid };
  if (input.secret) kubernetes.secret = { name: input.secret.name, uid: input.secret.uid };
  kubernetes.serviceaccount = { name: input.serviceAccount.name, uid: input.serviceAccount.uid };
  if (input.warnAfterSeconds !== undefined) kubernetes.warnafter = seconds + input.warnAfterSeconds;
  return {
    aud: input.audiences,
    exp: seconds + input.expirationSeconds,
    iat: seconds,
    iss: serviceAccountIssuer,
    jti,
    'kubernetes.io': kubernetes,
    nbf: seconds,
    sub: `system:serviceaccount:${input.namespace}:${input.serviceAccount.name}`,
  };
}

export class ServiceAccountTokenIssuer {
  private key: Promise<{ privateKey: KeyObject; publicKey: KeyObject; kid: string }> | undefined;

  /** privateKeyPem: a P-256 key to sign with; any other key, or none, means a fresh one per process. */
  constructor(private readonly privateKeyPem?: string) {}

  /** The verification key (what a JWKS endpoint would publish), with its kid. */
  async publicKey(): Promise<{ key: KeyObject; kid: string }> {
    const { publicKey, kid } = await (this.key ??= this.makeKey());
    return { key: publicKey, kid };
  }

  /** A signed compact JWT carrying the claims. */
  async issue(claims: Record<string, unknown>): Promise<string> {
    const { privateKey, kid } = await (this.key ??= this.makeKey());
    const signingInput = `${base64url(JSON.stringify({ alg: 'ES256', kid }))}.${base64url(JSON.stringify(claims))}`;
    // JWS wants the raw r||s pair, not the DER sequence OpenSSL writes by default. Signed on
    // libuv's thread pool (the callback form): a kubelet asks one token per pod, and 10,000 pods
    // starting spent ~0.3 s of the daemon's main thread on these signatures.
    const signature = await signAsync('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${base64url(signature)}`;
  }

  private async makeKey(): Promise<{ privateKey: KeyObject; publicKey: KeyObject; kid: string }> {
    const given = this.privateKeyPem ? createPrivateKey(this.privateKeyPem) : undefined;
    // ES256 needs P-256 (OpenSSL's prime256v1); another key type cannot sign these tokens.
    const { privateKey, publicKey } =
      given?.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? { privateKey: given, publicKey: createPublicKey(given) } : await generateEcKeyPair('ec', { namedCurve: 'P-256' });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    return { privateKey, publicKey, kid: base64url(createHash('sha256').update(der).digest()) };
  }
}

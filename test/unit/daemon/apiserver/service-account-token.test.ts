import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, verify } from 'node:crypto';
import { ServiceAccountTokenIssuer, tokenClaims } from '../../../../daemon/apiserver/service-account-token.js';

const part = (jwt: string, i: number): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[i]!, 'base64url').toString());

test('claims are written in the order go-jose emits them, pod-bound with node and warnafter', () => {
  const claims = tokenClaims({
    namespace: 'default',
    serviceAccount: { name: 'default', uid: 'sa-uid' },
    pod: { name: 'web', uid: 'pod-uid' },
    node: { name: 'node1', uid: 'node-uid' },
    audiences: ['https://kubernetes.default.svc.cluster.local'],
    issuedAt: Date.UTC(2026, 0, 1, 0, 0, 0, 999),
    expirationSeconds: 31536000,
    warnAfterSeconds: 3607,
  }, 'jti-1');
  assert.equal(JSON.stringify(claims), JSON.stringify({
    aud: ['https://kubernetes.default.svc.cluster.local'],
    exp: 1767225600 + 31536000,
    iat: 1767225600,
    iss: 'https://kubernetes.default.svc.cluster.local',
    jti: 'jti-1',
    'kubernetes.io': { namespace: 'default', node: { name: 'node1', uid: 'node-uid' }, pod: { name: 'web', uid: 'pod-uid' }, serviceaccount: { name: 'default', uid: 'sa-uid' }, warnafter: 1767225600 + 3607 },
    nbf: 1767225600,
    sub: 'system:serviceaccount:default:default',
  }));
});

test('tokens are ES256 JWTs whose kid is the SHA-256 of the public key and whose signature verifies', async () => {
  const issuer = new ServiceAccountTokenIssuer();
  const jwt = await issuer.issue({ sub: 'system:serviceaccount:default:default' });
  assert.match(jwt, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  const { key, kid } = await issuer.publicKey();
  assert.deepEqual(part(jwt, 0), { alg: 'ES256', kid });
  assert.equal(kid, createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64url'));
  const [header, payload, signature] = jwt.split('.');
  assert.equal(Buffer.from(signature!, 'base64url').length, 64, 'r||s, 32 bytes each');
  assert.ok(verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url')));
  assert.equal((await issuer.publicKey()).kid, kid, 'one key per issuer');
});

test('an issuer given a P-256 key signs with it, so tokens outlive a restart; another key type is not used', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const before = await new ServiceAccountTokenIssuer(pem).publicKey();
  const after = await new ServiceAccountTokenIssuer(pem).publicKey();
  assert.equal(after.kid, before.kid);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.equal((await new ServiceAccountTokenIssuer(rsa).publicKey()).key.asymmetricKeyType, 'ec');
});

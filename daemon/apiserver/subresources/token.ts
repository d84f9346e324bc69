/**
 * `POST serviceaccounts/<name>/token` (kube-apiserver's TokenREST, `pkg/registry/core/serviceaccount/
 * storage/token.go`): validates an authentication.k8s.io/v1 TokenRequest, binds it to a Pod, Secret
 * or Node when asked, and answers with the request, its defaults filled and `status.token` a signed
 * JWT. This is what `kubectl create token` and the kubelet's projected token volumes call. Nothing
 * is stored. Pod-bound requests for 3607 s get a year-long token that warns after 3607 s, as with
 * `--service-account-extend-token-expiration` (on by default). Left out: `--service-account-max-token-expiration`.
 */
import { badRequest, conflict, field, invalid, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { findResource } from '../../../shared/api/resources.js';
import { rfc3339 } from '../../../shared/clock.js';
import type { GenericRegistry } from '../registry/generic-registry.js';
import { serviceAccountIssuer, ServiceAccountTokenIssuer, tokenClaims, type ObjectRef } from '../service-account-token.js';

const tokenRequestKind = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
const defaultExpirationSeconds = 3600;
const minExpirationSeconds = 10 * 60;
const maxExpirationSeconds = 2 ** 32;
/** The kubelet's request for the kube-api-access token; see admission/service-account.ts. */
const warnOnlyExpirationSeconds = 3607;
const extendedExpirationSeconds = 365 * 24 * 3600;
const apiAudiences = [serviceAccountIssuer];

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const serviceAccounts = findResource('', 'v1', 'serviceaccounts')!;
const boundKinds = { Pod: findResource('', 'v1', 'pods')!, Secret: findResource('', 'v1', 'secrets')!, Node: findResource('', 'v1', 'nodes')! };

// One signing key per API server (registry), made on first use.
const issuers = new WeakMap<GenericRegistry, ServiceAccountTokenIssuer>();

/**
 * The API server's signing key holder: token requests sign with it, authentication verifies with
 * it. The first caller's privateKeyPem (the API server's, at construction) is the one used.
 */
export function issuerFor(registry: GenericRegistry, privateKeyPem?: string): ServiceAccountTokenIssuer {
  let issuer = issuers.get(registry);
  if (!issuer) issuers.set(registry, (issuer = new ServiceAccountTokenIssuer(privateKeyPem)));
  return issuer;
}

export async function createServiceAccountToken(registry: GenericRegistry, namespace: string, name: string, body: unknown): Promise<KubeObject> {
  const request = (body ?? {}) as Json;
  if (request.kind !== undefined && request.kind !== '' && request.kind !== 'TokenRequest') {
    throw badRequest(`the kind in the data (${request.kind}) does not match the expected kind (TokenRequest)`);
  }
  const metadata: Json = { ...(request.metadata ?? {}) };
  if (metadata.name && metadata.name !== name) {
    throw invalid(tokenRequestKind, name, [field.invalid('metadata.name', metadata.name, 'must match the service account name if specified')]);
  }
  if (metadata.namespace && metadata.namespace !== namespace) {
    throw invalid(tokenRequestKind, name, [field.invalid('metadata.namespace', metadata.namespace, 'must match the service account namespace if specified')]);
  }
  const account = registry.get(serviceAccounts, namespace, name).object as KubeObject;
  const spec: Json = { ...(request.spec ?? {}) };
  if (!(spec.audiences?.length > 0)) spec.audiences = apiAudiences;
  spec.expirationSeconds ??= defaultExpirationSeconds;
  spec.boundObjectRef ??= null;
  const now = registry.options.clock.now();
  validateSpec(spec);

  const bound = boundObjects(registry, namespace, name, spec.boundObjectRef);
  let expirationSeconds: number = spec.expirationSeconds;
  let warnAfterSeconds: number | undefined;
  const isKubeAudience = spec.audiences.every((a: string) => apiAudiences.includes(a));
  if (bound.pod && expirationSeconds === warnOnlyExpirationSeconds && isKubeAudience) {
    warnAfterSeconds = expirationSeconds;
    expirationSeconds = extendedExpirationSeconds;
  }
  const claims = tokenClaims({
    namespace,
    serviceAccount: { name, uid: account.metadata.uid ?? '' },
    ...bound,
    audiences: spec.audiences,
    issuedAt: now,
    expirationSeconds,
    warnAfterSeconds,
  });
  const token = await issuerFor(registry).issue(claims);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { ...metadata, name, namespace, creationTimestamp: rfc3339(now) },
    spec,
    status: { token, expirationTimestamp: rfc3339(now + spec.expirationSeconds * 1000) },
  };
}

/** ValidateTokenRequest; the apiserver reports it with an empty name. */
function validateSpec(spec: Json): void {
  const errors: FieldError[] = [];
  if (typeof spec.expirationSeconds !== 'number' || spec.expirationSeconds < minExpirationSeconds) {
    errors.push(field.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 10 minutes'));
  }
  if (spec.expirationSeconds > maxExpirationSeconds) {
    errors.push(field.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  }
  if (errors.length) throw invalid(tokenRequestKind, '', errors);
}

/** The objects a bound token names; a pod-bound one also names the pod's node, when it still exists. */
function boundObjects(registry: GenericRegistry, namespace: string, account: string, ref: Json | null): { pod?: ObjectRef; secret?: ObjectRef; node?: ObjectRef } {
  if (!ref) return {};
  const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
  const version = String(ref.apiVersion ?? '').split('/').pop();
  const info = group === '' ? boundKinds[ref.kind as keyof typeof boundKinds] : undefined;
  if (!info) throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${ref.kind ?? ''}`);
  const object = registry.get(info, info.namespaced ? namespace : undefined, ref.name ?? '').object as KubeObject;
  const uid = object.metadata.uid ?? '';
  if (ref.uid && ref.uid !== uid) {
    const cause = `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`;
    throw conflict({ group: '', resource: ref.kind }, ref.name, cause);
  }
  const self = { name: object.metadata.name ?? '', uid };
  if (ref.kind === 'Secret') return { secret: self };
  if (ref.kind === 'Node') return { node: self };
  if (object.spec?.serviceAccountName !== account) {
    throw badRequest(`cannot bind token for serviceaccount "${account}" to pod running with different serviceaccount name.`);
  }
  const nodeName: string | undefined = object.spec?.nodeName;
  // A node that is gone only leaves its claim out: tokens are still issued for its pods.
  const node = nodeName ? registry.store.get(registry.key(boundKinds.Node, undefined, nodeName))?.object : undefined;
  return { pod: self, ...(node ? { node: { name: node.metadata.name ?? '', uid: node.metadata.uid ?? '' } } : {}) };
}

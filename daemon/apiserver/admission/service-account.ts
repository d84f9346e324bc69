/**
 * ServiceAccount admission (kube-apiserver's `ServiceAccount` plugin), on pod create only:
 * `spec.serviceAccountName` defaults to `default` (with its deprecated twin `serviceAccount`), the
 * account must exist (`pods "x" is forbidden: error looking up service account default/foo:
 * serviceaccount "foo" not found`), the account's imagePullSecrets are copied to a pod without
 * any, and unless `automountServiceAccountToken` says no (the pod's choice first, then the
 * account's) every container and init container gets the `kube-api-access-<5>` projected volume
 * at /var/run/secrets/kubernetes.io/serviceaccount (reference/k8s-behaviour.md §1.11). Mirror pods
 * are left untouched but may not reference accounts, secrets or token projections.
 * Left out: the deprecated `kubernetes.io/enforce-mountable-secrets` annotation.
 */
import { forbidden, notFound } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { Clock } from '../../../shared/clock.js';
import { storageKey } from '../../store/key-layout.js';
import type { Store, StoredEntry } from '../../store/store.js';
import { generateName } from '../registry/object-meta.js';
import { admitPodPriority } from './priority.js';

export const defaultServiceAccountName = 'default';
export const tokenMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
const tokenVolumePrefix = 'kube-api-access-';
/**
 * 3607 s, not 3600: the apiserver recognises this value and issues a year-long token that only
 * warns after an hour, so clients that never reload their token keep working (WarnOnlyBoundTokenExpirationSeconds).
 */
const tokenExpirationSeconds = 3607;
const mirrorPodAnnotation = 'kubernetes.io/config.mirror';
/**
 * How long a missing `default` account is waited for: the real plugin retries ten times,
 * 100–200 ms apart, because the serviceaccount controller creates it moments after the namespace.
 */
export const defaultAccountWaitMs = 2000;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Spec = Record<string, any>;

export interface ServiceAccountAdmissionDeps {
  store: Store;
  clock: Clock;
  /**
   * True when a serviceaccount controller runs: a missing `default` account is then waited for
   * and refused after the wait, as in a real cluster. Without one (unit tests of other parts)
   * nobody would ever create it, so the pod is admitted as if it existed.
   */
  enforceDefaultAccount: boolean;
}

/** The projected volume the plugin adds (its TokenVolumeSource), defaultMode set explicitly as 1.32 does. */
export function tokenVolumeSource(): Spec {
  return {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: tokenExpirationSeconds, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/**
 * Admits a pod being created in `namespace`, changing it in place; throws 403 Forbidden.
 * `requestName` is the name the request carried: a pod with only generateName is named by its
 * prefix in the message (`pods "web-7c5ddbdf54-" is forbidden: …`), since the name is generated later.
 */
export async function admitPodServiceAccount(deps: ServiceAccountAdmissionDeps, pod: KubeObject, namespace: string, requestName: string): Promise<void> {
  const spec: Spec = (pod.spec ??= {});
  const refuse = (cause: string): Error => forbidden({ group: '', resource: 'pods' }, requestName, cause);
  if (pod.metadata.annotations?.[mirrorPodAnnotation] !== undefined) {
    const problem = mirrorPodProblem(spec);
    if (problem) throw refuse(problem);
    admitPodPriority(deps.store, pod, requestName);
    return;
  }
  spec.serviceAccountName ||= defaultServiceAccountName;
  spec.serviceAccount = spec.serviceAccountName;
  const account = await findServiceAccount(deps, namespace, spec.serviceAccountName);
  if (!account) {
    const lookup = notFound({ group: '', resource: 'serviceaccount' }, spec.serviceAccountName);
    throw refuse(`error looking up service account ${namespace}/${spec.serviceAccountName}: ${lookup.message}`);
  }
  const accountSpec: Spec = account === 'assumed' ? {} : account.object;
  if (shouldAutomount(spec, accountSpec)) mountServiceAccountToken(spec);
  if (!(spec.imagePullSecrets?.length > 0) && accountSpec.imagePullSecrets?.length > 0) {
    spec.imagePullSecrets = accountSpec.imagePullSecrets.map((s: Spec) => ({ name: s.name }));
  }
  // Priority is the next plugin of kube-apiserver's chain; it runs here because this is the pod
  // admission the registry calls (admission/priority.ts).
  admitPodPriority(deps.store, pod, requestName);
}

/** The pod's preference wins, then the account's; the default is to mount. */
function shouldAutomount(spec: Spec, account: Spec): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof account.automountServiceAccountToken === 'boolean') return account.automountServiceAccountToken;
  return true;
}

/**
 * Adds the mount to every container (init containers first) that has nothing at the token path,
 * and the volume once if any container got the mount. A `kube-api-access-*` volume already in the
 * spec (a pod re-applied from `kubectl get -o yaml`) is reused rather than doubled.
 */
function mountServiceAccountToken(spec: Spec): void {
  const existing = (spec.volumes ?? []).find((v: Spec) => typeof v.name === 'string' && v.name.startsWith(tokenVolumePrefix));
  const volumeName: string = existing?.name ?? generateName(tokenVolumePrefix);
  let needsVolume = false;
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Spec[]) {
    if ((container.volumeMounts ?? []).some((m: Spec) => m.mountPath === tokenMountPath)) continue;
    container.volumeMounts = [...(container.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: tokenMountPath }];
    needsVolume = true;
  }
  if (!existing && needsVolume) spec.volumes = [...(spec.volumes ?? []), { name: volumeName, projected: tokenVolumeSource() }];
}

/** What a mirror (static) pod may not reference, as the plugin's Validate says it. */
function mirrorPodProblem(spec: Spec): string | undefined {
  if (spec.serviceAccountName) return 'a mirror pod may not reference service accounts';
  const containers: Spec[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  const usesSecret =
    (spec.imagePullSecrets ?? []).length > 0 ||
    containers.some((c) => (c.envFrom ?? []).some((e: Spec) => e.secretRef) || (c.env ?? []).some((e: Spec) => e.valueFrom?.secretKeyRef)) ||
    (spec.volumes ?? []).some((v: Spec) => v.secret || (v.projected?.sources ?? []).some((s: Spec) => s.secret));
  if (usesSecret) return 'a mirror pod may not reference secrets';
  if ((spec.volumes ?? []).some((v: Spec) => (v.projected?.sources ?? []).some((s: Spec) => s.serviceAccountToken))) {
    return 'a mirror pod may not use ServiceAccountToken volume projections';
  }
  return undefined;
}

/** The stored account, 'assumed' for a `default` nobody will create, or undefined. */
async function findServiceAccount(deps: ServiceAccountAdmissionDeps, namespace: string, name: string): Promise<StoredEntry | 'assumed' | undefined> {
  const key = storageKey('', 'serviceaccounts', namespace, name);
  const found = deps.store.get(key);
  if (found || name !== defaultServiceAccountName) return found;
  if (!deps.enforceDefaultAccount) return 'assumed';
  return waitForKey(deps, key, defaultAccountWaitMs);
}

/** Resolves with the entry once the key is written, or undefined after ms of cluster time. */
function waitForKey(deps: ServiceAccountAdmissionDeps, key: string, ms: number): Promise<StoredEntry | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let cancelWatch: (() => void) | undefined;
    let cancelTimer: (() => void) | undefined;
    const finish = (entry: StoredEntry | undefined): void => {
      if (settled) return;
      settled = true;
      cancelWatch?.();
      cancelTimer?.();
      resolve(entry);
    };
    const watch = deps.store.watch(key, deps.store.revision, (events) => {
      for (const event of events) if (event.key === key && event.type !== 'DELETED') finish(event.entry);
    });
    cancelWatch = () => watch.cancel();
    // A replay from inside watch() may already have settled it.
    if (settled) return watch.cancel();
    const timer = deps.clock.after(ms, () => finish(undefined));
    cancelTimer = () => timer.cancel();
    // Written between the first look and the watch: the in-memory image already has it.
    const now = deps.store.get(key);
    if (now) finish(now);
  });
}

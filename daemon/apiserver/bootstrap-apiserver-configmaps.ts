/**
 * The ConfigMaps kube-apiserver itself keeps in kube-system (1.32):
 * `extension-apiserver-authentication`, which its cluster-authentication-trust controller fills
 * with the client CA and the request-header settings of its flags, for aggregated API servers to
 * read; and `kube-apiserver-legacy-service-account-token-tracking`, whose `since` is the UTC date
 * its legacy-token-tracking controller started (the cluster's creation day). Created once, kept
 * across restarts like the other bootstrap objects. kubelab has one CA, its serving certificate
 * (what kubeconfig and kube-root-ca.crt trust): it stands for kubeadm's ca.crt and, since kubelab
 * has no aggregation layer and so no front proxy to verify, for front-proxy-ca.crt too. Left out:
 * both controllers' upkeep (re-creating a deleted ConfigMap, rewriting a changed one) until the
 * next daemon start, and requestheader-uid-headers (alpha in 1.32, off by default).
 */
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { ensure } from './bootstrap.js';
import { rfc3339 } from '../../shared/clock.js';

const configMaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };

export interface ApiserverConfigMapSettings {
  /** The cluster's CA (PEM). */
  caPem: string;
  /** Now, in ms: the day the cluster is created, if these do not exist yet. */
  now: number;
}

/**
 * The data of extension-apiserver-authentication as kube-apiserver writes it for kubeadm's flags:
 * the CA bundles as PEM, each list of the --requestheader-* flags as a JSON array.
 */
export function extensionApiserverAuthentication(caPem: string): Record<string, string> {
  const bundle = caPem.endsWith('\n') ? caPem : `${caPem}\n`;
  return {
    'client-ca-file': bundle,
    'requestheader-allowed-names': JSON.stringify(['front-proxy-client']),
    'requestheader-client-ca-file': bundle,
    'requestheader-extra-headers-prefix': JSON.stringify(['X-Remote-Extra-']),
    'requestheader-group-headers': JSON.stringify(['X-Remote-Group']),
    'requestheader-username-headers': JSON.stringify(['X-Remote-User']),
  };
}

/** Go's `2006-01-02` of a time in UTC. */
export function utcDate(ms: number): string {
  return rfc3339(ms).slice(0, 10);
}

export async function bootstrapApiserverConfigMaps(client: ApiClient, settings: ApiserverConfigMapSettings): Promise<void> {
  const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system' }, data });
  await ensure(client, configMaps, 'kube-system', configMap('extension-apiserver-authentication', extensionApiserverAuthentication(settings.caPem)));
  await ensure(client, configMaps, 'kube-system', configMap('kube-apiserver-legacy-service-account-token-tracking', { since: utcDate(settings.now) }));
}

/**
 * After the bad-input campaign: every object in the fuzzed namespace (and every namespace) is whole
 * (name, uid, resourceVersion, creationTimestamp; a GET by name returns the same revision) and was
 * acknowledged by a 2xx answer, the prepared objects, or a controller (owner references, or the
 * objects Kubernetes itself creates in every namespace). Anything else was half-written by a
 * request that was refused.
 */
import { Agent } from 'node:https';
import { fuzzNamespace, fuzzObjectName } from './fuzz-requests.js';
import { sendRaw, type FuzzTarget } from './fuzz-campaign.js';

interface Item {
  metadata?: { name?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string; ownerReferences?: unknown[] };
}

const collections = [
  `/api/v1/namespaces/${fuzzNamespace}/configmaps`,
  `/api/v1/namespaces/${fuzzNamespace}/secrets`,
  `/api/v1/namespaces/${fuzzNamespace}/pods`,
  `/api/v1/namespaces/${fuzzNamespace}/services`,
  `/api/v1/namespaces/${fuzzNamespace}/serviceaccounts`,
  `/apis/apps/v1/namespaces/${fuzzNamespace}/deployments`,
  '/api/v1/namespaces',
];
/** What the cluster itself creates: namespaces at bootstrap, the default ServiceAccount and root CA ConfigMap per namespace. */
const createdByCluster = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage', 'kube-root-ca.crt', fuzzNamespace, fuzzObjectName, 'fuzz-ns-a']);

/** Problems found, one line each; empty when everything is whole and acknowledged. */
export async function verifyFuzzedObjects(target: FuzzTarget, acknowledged: Set<string>): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, ca: target.ca, maxSockets: 4 });
  const problems: string[] = [];
  try {
    for (const path of collections) {
      const list = await sendRaw(target, agent, { method: 'GET', path });
      if (list.code !== 200) {
        problems.push(`GET ${path}: ${list.code} ${list.text.slice(0, 200)}`);
        continue;
      }
      for (const item of (JSON.parse(list.text) as { items: Item[] }).items) {
        const m = item.metadata ?? {};
        const at = `${path}/${m.name}`;
        if (!m.name || !m.uid || !m.resourceVersion || !m.creationTimestamp) problems.push(`${at}: metadata incomplete: ${JSON.stringify(m).slice(0, 200)}`);
        const owned = (m.ownerReferences?.length ?? 0) > 0;
        if (!owned && !createdByCluster.has(m.name ?? '') && !acknowledged.has(m.name ?? '')) problems.push(`${at}: present, but no request that named it was acknowledged`);
        const one = await sendRaw(target, agent, { method: 'GET', path: `${path}/${encodeURIComponent(m.name ?? '')}` });
        // The object may have changed or gone since the list (a controller, a graceful delete): only a broken read is a problem.
        if (one.code !== 200 && one.code !== 404) problems.push(`GET ${at}: ${one.code} ${one.text.slice(0, 200)}`);
      }
    }
  } finally {
    agent.destroy();
  }
  return problems;
}

/**
 * The objects every cluster has (reference/kubectl-compat.md §14): the four system namespaces
 * with their `default` ServiceAccounts,
 * the `kubernetes` Service on 10.96.0.1:443 with its Endpoints and EndpointSlice pointing at this
 * API server, a default StorageClass and the two system PriorityClasses. Created through the client, so they are defaulted and
 * validated like anything else; what exists already is left alone.
 */
import { isAlreadyExists, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { systemPriorityClasses } from './registry/priorityclasses.js';

const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
const services: ResourceRef = { group: '', version: 'v1', resource: 'services' };
const serviceAccounts: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts' };
const endpoints: ResourceRef = { group: '', version: 'v1', resource: 'endpoints' };
const endpointSlices: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const storageClasses: ResourceRef = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' };
const priorityClasses: ResourceRef = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' };

/** Creates obj unless it exists (what exists is left alone). */
/** A v1 resource of a group, as the addons (CoreDNS, kube-proxy) name what they create. */
export const v1Ref = (group: string, resource: string): ResourceRef => ({ group, version: 'v1', resource });

export async function ensure(client: ApiClient, ref: ResourceRef, namespace: string | undefined, obj: KubeObject): Promise<void> {
  try {
    await client.create(ref, namespace, obj);
  } catch (err) {
    if (!isAlreadyExists(err)) throw new Error(`bootstrap ${ref.resource}/${obj.metadata.name}: ${(err as Error).message}`);
  }
}

/** Creates obj, or brings the stored one to it: used for what points at this apiserver's port. */
async function reconcile(client: ApiClient, ref: ResourceRef, namespace: string | undefined, obj: KubeObject): Promise<void> {
  try {
    const current = await client.get(ref, namespace, obj.metadata.name!);
    const wanted = { ...current, ...obj, metadata: { ...current.metadata, labels: obj.metadata.labels } };
    if (JSON.stringify(wanted) !== JSON.stringify(current)) await client.update(ref, wanted);
  } catch (err) {
    if (!isNotFound(err)) throw new Error(`bootstrap ${ref.resource}/${obj.metadata.name}: ${(err as Error).message}`);
    await ensure(client, ref, namespace, obj);
  }
}

export async function bootstrapCluster(client: ApiClient, apiserver: { address: string; port: number }): Promise<void> {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    await ensure(client, namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    // The serviceaccount controller would make it moments later; made here, a pod created right
    // after start-up never has to wait for it in ServiceAccount admission.
    await ensure(client, serviceAccounts, name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
  }
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  await ensure(client, services, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiserver.port }], type: 'ClusterIP' },
  });
  await reconcile(client, endpoints, 'default', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: apiserver.address }], ports: [{ name: 'https', port: apiserver.port, protocol: 'TCP' }] }],
  });
  await reconcile(client, endpointSlices, 'default', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [apiserver.address], conditions: { ready: true } }],
    ports: [{ name: 'https', port: apiserver.port, protocol: 'TCP' }],
  });
  // The class kind ships, so PVCs in the labs bind as they would on a kind cluster.
  await ensure(client, storageClasses, undefined, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  // The apiserver's scheduling post-start hook creates these in every cluster.
  for (const pc of systemPriorityClasses) {
    await ensure(client, priorityClasses, undefined, {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: pc.name },
      value: pc.value,
      description: pc.description,
    });
  }
}

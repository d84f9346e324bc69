/**
 * describeObject(): the exact text `kubectl describe <kind> <name>` (v1.32) prints, computed
 * client-side from API objects through an ApiClient, as kubectl's describers do (kubectl
 * pkg/describe). Dispatches on the resource to the describer of its kind; kinds kubectl has no
 * describer for, and those kubelab has not written yet, get kubectl's generic describer.
 * Errors are the client's StatusErrors (a missing object rejects with NotFound), except for a
 * missing pod that still has events, which kubectl describes as `Pod 'x': error '…', but found events.`
 */
import type { KubeObject } from '../api/meta.js';
import { isStatusError } from '../api/errors.js';
import { findResource } from '../api/resources.js';
import type { ApiClient, ResourceRef } from '../client/client.js';
import { wallNow } from '../clock.js';
import { describeConfigMapObject } from './configmap.js';
import { describeCronJobObject } from './cronjob.js';
import { describeDaemonSetObject } from './daemonset.js';
import { describeDeploymentObject } from './deployment.js';
import { describeEndpointsObject } from './endpoints.js';
import { describeEndpointSliceObject } from './endpointslice.js';
import { describeEvents, eventsFor, searchEvents } from './events.js';
import { describeGeneric } from './generic.js';
import { describeHorizontalPodAutoscalerObject } from './horizontalpodautoscaler.js';
import { describeIngressObject } from './ingress.js';
import { describeJobObject } from './job.js';
import { describeLimitRange, describeNamespaceObject, describeResourceQuota } from './namespace.js';
import { describeNetworkPolicy } from './networkpolicy.js';
import { describeNodeObject } from './node.js';
import { describePersistentVolumeObject } from './persistentvolume.js';
import { describePersistentVolumeClaimObject } from './persistentvolumeclaim.js';
import { describePodObject } from './pod.js';
import { describePodDisruptionBudgetObject } from './poddisruptionbudget.js';
import { describeReplicaSetObject } from './replicaset.js';
import { describeReplicationControllerObject } from './replicationcontroller.js';
import { describeSecretObject } from './secret.js';
import { describeServiceObject } from './service.js';
import { describeServiceAccountObject } from './serviceaccount.js';
import { describeStatefulSetObject } from './statefulset.js';
import { describeStorageClassObject } from './storageclass.js';
import { describeIngressClassObject } from './ingressclass.js';
import { describePriorityClassObject } from './priorityclass.js';
import { describeCertificateSigningRequestObject } from './certificatesigningrequest.js';
import { describeRole, describeRoleBinding } from './rbac.js';
import { tabbedString } from './writer.js';

export interface DescribeTarget {
  ref: ResourceRef;
  namespace?: string;
  name: string;
}

export interface DescribeOptions {
  /** The time ages are computed against (ms since the epoch); defaults to the wall clock. */
  now?: number;
}

type Describer = (client: ApiClient, obj: KubeObject, now: number) => Promise<string> | string;

/** Describers by `group/resource`; the version does not change what kubectl prints. */
const describers: Record<string, Describer> = {
  '/pods': describePodObject,
  '/nodes': describeNodeObject,
  '/services': describeServiceObject,
  '/endpoints': describeEndpointsObject,
  '/namespaces': (client, obj) => describeNamespaceObject(client, obj),
  '/configmaps': describeConfigMapObject,
  '/secrets': (_client, obj) => describeSecretObject(obj),
  '/serviceaccounts': describeServiceAccountObject,
  '/persistentvolumes': describePersistentVolumeObject,
  '/persistentvolumeclaims': describePersistentVolumeClaimObject,
  '/replicationcontrollers': describeReplicationControllerObject,
  '/resourcequotas': (_client, obj) => describeResourceQuota(obj),
  '/limitranges': (_client, obj) => describeLimitRange(obj),
  'apps/deployments': describeDeploymentObject,
  'apps/replicasets': describeReplicaSetObject,
  'apps/statefulsets': describeStatefulSetObject,
  'apps/daemonsets': describeDaemonSetObject,
  'batch/jobs': describeJobObject,
  'batch/cronjobs': describeCronJobObject,
  'certificates.k8s.io/certificatesigningrequests': describeCertificateSigningRequestObject,
  'storage.k8s.io/storageclasses': describeStorageClassObject,
  'discovery.k8s.io/endpointslices': describeEndpointSliceObject,
  'networking.k8s.io/ingresses': describeIngressObject,
  'networking.k8s.io/networkpolicies': (_client, obj) => describeNetworkPolicy(obj),
  'networking.k8s.io/ingressclasses': describeIngressClassObject,
  'rbac.authorization.k8s.io/roles': (_client, obj) => describeRole(obj),
  'rbac.authorization.k8s.io/clusterroles': (_client, obj) => describeRole(obj),
  'rbac.authorization.k8s.io/rolebindings': (_client, obj) => describeRoleBinding(obj),
  'rbac.authorization.k8s.io/clusterrolebindings': (_client, obj) => describeRoleBinding(obj),
  'scheduling.k8s.io/priorityclasses': describePriorityClassObject,
  'policy/poddisruptionbudgets': describePodDisruptionBudgetObject,
  'autoscaling/horizontalpodautoscalers': describeHorizontalPodAutoscalerObject,
};

/** Whether describeObject has a kind-specific describer for this resource (else the generic one). */
export function hasDescriber(ref: ResourceRef): boolean {
  return `${ref.group}/${ref.resource}` in describers;
}

async function describeGenericObject(client: ApiClient, ref: ResourceRef, obj: KubeObject, now: number): Promise<string> {
  const kind = obj.kind ?? findResource(ref.group, ref.version, ref.resource)?.kind;
  return describeGeneric(obj, await eventsFor(client, obj, kind), now);
}

/** kubectl's answer for a pod that is gone but still has events. */
async function describeMissingPod(client: ApiClient, target: DescribeTarget, err: unknown, now: number): Promise<string | undefined> {
  let events: KubeObject[];
  try {
    events = await searchEvents(client, { name: target.name, namespace: target.namespace ?? '' });
  } catch (searchErr) {
    void searchErr; // the original error is the one to report
    return undefined;
  }
  if (events.length === 0) return undefined;
  return tabbedString((w) => {
    w.write(0, `Pod '${target.name}': error '${err instanceof Error ? err.message : String(err)}', but found events.\n`);
    describeEvents(events, w, now);
  });
}

export async function describeObject(client: ApiClient, target: DescribeTarget, options: DescribeOptions = {}): Promise<string> {
  const now = options.now ?? wallNow();
  const key = `${target.ref.group}/${target.ref.resource}`;
  let obj: KubeObject;
  try {
    obj = await client.get(target.ref, target.namespace, target.name);
  } catch (err) {
    if (key === '/pods' && isStatusError(err)) {
      const text = await describeMissingPod(client, target, err, now);
      if (text !== undefined) return text;
    }
    throw err;
  }
  const describer = describers[key];
  return describer ? describer(client, obj, now) : describeGenericObject(client, target.ref, obj, now);
}

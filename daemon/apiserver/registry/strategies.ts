/**
 * The strategy of every served resource, keyed `'<group>/<resource>'` (`'/pods'`,
 * `'apps/deployments'`). Kinds without rules of their own get the generic metadata checks, plus the
 * status/generation bookkeeping their real strategies do. The registry calls prepareForCreate
 * after it has set metadata.uid and creationTimestamp: the Job selector and PV status use them.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { apiServiceStrategy } from './apiservices.js';
import { validatingAdmissionPolicyBindingStrategy, validatingAdmissionPolicyStrategy } from './admission-policies.js';
import { mutatingWebhookConfigurationStrategy, validatingWebhookConfigurationStrategy } from './webhook-configurations.js';
import { certificateSigningRequestStrategy } from './certificatesigningrequests.js';
import { configMapStrategy } from './configmaps.js';
import { cronJobStrategy } from './cronjobs.js';
import { csiDriverStrategy, csiNodeStrategy, csiStorageCapacityStrategy, volumeAttachmentStrategy } from './csi.js';
import { flowSchemaStrategy, priorityLevelConfigurationStrategy } from './flowcontrol.js';
import { daemonSetStrategy } from './daemonsets.js';
import { deploymentStrategy } from './deployments.js';
import { endpointSliceStrategy } from './endpointslices.js';
import { endpointsStrategy } from './endpoints.js';
import { eventStrategy, eventsV1Strategy } from './events.js';
import { ingressClassStrategy } from './ingressclasses.js';
import { jobStrategy } from './jobs.js';
import { leaseStrategy } from './leases.js';
import { validateObjectMetaUpdate } from './metadata.js';
import { namespaceStrategy } from './namespaces.js';
import { nodeStrategy } from './nodes.js';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaims.js';
import { persistentVolumeStrategy } from './persistentvolumes.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-template.js';
import { podStrategy } from './pods.js';
import { priorityClassStrategy } from './priorityclasses.js';
import { clusterRoleBindingStrategy, clusterRoleStrategy, roleBindingStrategy, roleStrategy } from './rbac.js';
import { replicaSetStrategy } from './replicasets.js';
import { replicationControllerStrategy } from './replicationcontrollers.js';
import { runtimeClassStrategy } from './runtimeclasses.js';
import { secretStrategy } from './secrets.js';
import { serviceAccountStrategy } from './serviceaccounts.js';
import { serviceStrategy } from './services.js';
import { statefulSetStrategy } from './statefulsets.js';
import { storageClassStrategy } from './storageclasses.js';
import { customResourceDefinitionStrategy } from '../crd/crd-strategy.js';
import { customResourceStrategy } from '../crd/custom-resource-strategy.js';
import type { Strategy } from './strategy.js';
import { keepStatusAndBumpGeneration, startGeneration } from './strategy-helpers.js';

/** Only the generic rules: a DNS-1123 subdomain name and the metadata update checks. */
export const minimalStrategy: Strategy = {
  nameRule: 'subdomain',
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};

/** Kinds whose real strategy sets generation 1, resets status on create and bumps on spec changes. */
function generationStrategy(initialStatus?: () => Record<string, unknown>): Strategy {
  return {
    ...minimalStrategy,
    prepareForCreate: (obj: KubeObject) => {
      if (initialStatus) startGeneration(obj, initialStatus());
      else obj.metadata.generation = 1;
    },
    prepareForUpdate: (obj: KubeObject, old: KubeObject) => {
      const status = old.status;
      keepStatusAndBumpGeneration(obj, old);
      if (status === undefined) delete obj.status;
    },
    validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
  };
}

/** PodTemplates: the pod-template defaults and ValidatePodTemplateSpec at `template`. */
const podTemplateStrategy: Strategy = {
  ...minimalStrategy,
  defaults: (obj) => defaultPodTemplateSpec(obj.template, obj),
  validate: (obj) => validatePodTemplateSpec(obj.template, 'template'),
};

/** Keeps status from the stored object on update and resets it on create (status subresource only). */
const statusOnlyStrategy: Strategy = {
  ...minimalStrategy,
  prepareForCreate: (obj) => {
    obj.status = {};
  },
  prepareForUpdate: (obj, old) => {
    obj.status = structuredClone(old.status);
  },
};

export const strategies: Readonly<Record<string, Strategy>> = {
  '/configmaps': configMapStrategy,
  '/endpoints': endpointsStrategy,
  '/events': eventStrategy,
  '/limitranges': minimalStrategy,
  '/namespaces': namespaceStrategy,
  '/nodes': nodeStrategy,
  '/persistentvolumeclaims': persistentVolumeClaimStrategy,
  '/persistentvolumes': persistentVolumeStrategy,
  '/pods': podStrategy,
  '/podtemplates': podTemplateStrategy,
  '/replicationcontrollers': replicationControllerStrategy,
  '/resourcequotas': statusOnlyStrategy,
  '/secrets': secretStrategy,
  '/serviceaccounts': serviceAccountStrategy,
  '/services': serviceStrategy,
  'apiregistration.k8s.io/apiservices': apiServiceStrategy,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': mutatingWebhookConfigurationStrategy,
  'admissionregistration.k8s.io/validatingadmissionpolicies': validatingAdmissionPolicyStrategy,
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': validatingAdmissionPolicyBindingStrategy,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': validatingWebhookConfigurationStrategy,
  'apps/controllerrevisions': minimalStrategy,
  'apps/daemonsets': daemonSetStrategy,
  'apps/deployments': deploymentStrategy,
  'apps/replicasets': replicaSetStrategy,
  'apps/statefulsets': statefulSetStrategy,
  'events.k8s.io/events': eventsV1Strategy,
  'autoscaling/horizontalpodautoscalers': generationStrategy(() => ({ currentReplicas: 0, desiredReplicas: 0 })),
  'batch/cronjobs': cronJobStrategy,
  'batch/jobs': jobStrategy,
  'certificates.k8s.io/certificatesigningrequests': certificateSigningRequestStrategy,
  'networking.k8s.io/ingressclasses': ingressClassStrategy,
  'networking.k8s.io/ingresses': generationStrategy(() => ({ loadBalancer: {} })),
  'networking.k8s.io/networkpolicies': generationStrategy(),
  'policy/poddisruptionbudgets': generationStrategy(() => ({ currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 })),
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingStrategy,
  'rbac.authorization.k8s.io/clusterroles': clusterRoleStrategy,
  'rbac.authorization.k8s.io/rolebindings': roleBindingStrategy,
  'rbac.authorization.k8s.io/roles': roleStrategy,
  'storage.k8s.io/csidrivers': csiDriverStrategy,
  'storage.k8s.io/csinodes': csiNodeStrategy,
  'storage.k8s.io/csistoragecapacities': csiStorageCapacityStrategy,
  'storage.k8s.io/storageclasses': storageClassStrategy,
  'storage.k8s.io/volumeattachments': volumeAttachmentStrategy,
  'apiextensions.k8s.io/customresourcedefinitions': customResourceDefinitionStrategy,
  'scheduling.k8s.io/priorityclasses': priorityClassStrategy,
  'coordination.k8s.io/leases': leaseStrategy,
  'node.k8s.io/runtimeclasses': runtimeClassStrategy,
  'discovery.k8s.io/endpointslices': endpointSliceStrategy,
  'flowcontrol.apiserver.k8s.io/flowschemas': flowSchemaStrategy,
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations': priorityLevelConfigurationStrategy,
};

/** The strategy of a resource (a custom resource's comes from its CRD); the minimal one for anything without an entry. */
export function strategyFor(group: string, resource: string): Strategy {
  return strategies[`${group}/${resource}`] ?? customResourceStrategy(group, resource) ?? minimalStrategy;
}

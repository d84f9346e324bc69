/**
 * The `system:controller:*` ClusterRoles and ClusterRoleBindings kube-apiserver bootstraps for
 * kube-controller-manager's controllers, each bound to the ServiceAccount of the same name in
 * kube-system (facts from plugin/pkg/auth/authorizer/rbac/bootstrappolicy testdata
 * controller-roles.yaml and controller-role-bindings.yaml). A data table, created by
 * bootstrap-rbac.ts. Left out, as a v1.32 cluster with default feature gates has none of them:
 * resource-claim-controller and device-taint-eviction-controller (DRA), service-cidrs-controller
 * (MultiCIDRServiceAllocator), selinux-warning-controller and volumeattributesclass-protection-controller.
 */
import type { BootstrapClusterRole, BootstrapClusterRoleBinding, PolicyRule } from './bootstrap-rbac-policy.js';

const read = ['get', 'list', 'watch'];
const listWatch = ['list', 'watch'];
const crudNoPatch = ['create', 'delete', 'get', 'list', 'update', 'watch'];
const crud = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const patchUpdate = ['patch', 'update'];

function rule(apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule {
  return resourceNames ? { apiGroups, resourceNames, resources, verbs } : { apiGroups, resources, verbs };
}

/** Every controller may record Events; the rule comes last in each role, as eventsRule() is appended. */
const events = rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']);
const appsExt = ['apps', 'extensions'];

const controllers: [string, PolicyRule[]][] = [
  [
    'attachdetach-controller',
    [
      rule([''], ['persistentvolumeclaims', 'persistentvolumes'], listWatch),
      rule([''], ['nodes'], read),
      rule([''], ['nodes/status'], patchUpdate),
      rule([''], ['pods'], listWatch),
      events,
      rule(['storage.k8s.io'], ['volumeattachments'], ['create', 'delete', 'get', 'list', 'watch']),
      rule(['storage.k8s.io'], ['csidrivers'], read),
      rule(['storage.k8s.io'], ['csinodes'], read),
    ],
  ],
  [
    'certificate-controller',
    [
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['delete', 'get', 'list', 'watch']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests/approval', 'certificatesigningrequests/status'], ['update']),
      rule(['certificates.k8s.io'], ['signers'], ['approve'], ['kubernetes.io/kube-apiserver-client-kubelet']),
      rule(
        ['certificates.k8s.io'],
        ['signers'],
        ['sign'],
        ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving', 'kubernetes.io/legacy-unknown'],
      ),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
      events,
    ],
  ],
  ['clusterrole-aggregation-controller', [rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['escalate', 'get', 'list', 'patch', 'update', 'watch'])]],
  [
    'cronjob-controller',
    [
      rule(['batch'], ['cronjobs'], ['get', 'list', 'update', 'watch']),
      rule(['batch'], ['jobs'], crud),
      rule(['batch'], ['cronjobs/status'], ['update']),
      rule(['batch'], ['cronjobs/finalizers'], ['update']),
      rule([''], ['pods'], ['delete', 'list', 'watch']),
      events,
    ],
  ],
  [
    'daemon-set-controller',
    [
      rule(appsExt, ['daemonsets'], read),
      rule(appsExt, ['daemonsets/status'], ['update']),
      rule(appsExt, ['daemonsets/finalizers'], ['update']),
      rule([''], ['nodes'], listWatch),
      rule([''], ['pods'], ['create', 'delete', 'list', 'patch', 'watch']),
      rule([''], ['pods/binding'], ['create']),
      rule(['apps'], ['controllerrevisions'], crud),
      events,
    ],
  ],
  [
    'deployment-controller',
    [
      rule(appsExt, ['deployments'], ['get', 'list', 'update', 'watch']),
      rule(appsExt, ['deployments/status'], ['update']),
      rule(appsExt, ['deployments/finalizers'], ['update']),
      rule(appsExt, ['replicasets'], crud),
      rule([''], ['pods'], ['get', 'list', 'update', 'watch']),
      events,
    ],
  ],
  [
    'disruption-controller',
    [
      rule(appsExt, ['deployments'], read),
      rule(appsExt, ['replicasets'], read),
      rule([''], ['replicationcontrollers'], read),
      rule(['policy'], ['poddisruptionbudgets'], read),
      rule(['apps'], ['statefulsets'], read),
      rule(['policy'], ['poddisruptionbudgets/status'], ['update']),
      rule([''], ['pods/status'], patchUpdate),
      rule(['*'], ['*/scale'], ['get']),
      events,
    ],
  ],
  [
    'endpoint-controller',
    [rule([''], ['pods', 'services'], read), rule([''], ['endpoints'], crudNoPatch), rule([''], ['endpoints/restricted'], ['create']), events],
  ],
  [
    'endpointslice-controller',
    [
      rule([''], ['nodes', 'pods', 'services'], read),
      rule([''], ['services/finalizers'], ['update']),
      rule(['discovery.k8s.io'], ['endpointslices'], crudNoPatch),
      events,
    ],
  ],
  [
    'endpointslicemirroring-controller',
    [
      rule([''], ['endpoints', 'services'], read),
      rule([''], ['services/finalizers'], ['update']),
      rule([''], ['endpoints/finalizers'], ['update']),
      rule(['discovery.k8s.io'], ['endpointslices'], crudNoPatch),
      events,
    ],
  ],
  [
    'ephemeral-volume-controller',
    [rule([''], ['pods'], read), rule([''], ['pods/finalizers'], ['update']), rule([''], ['persistentvolumeclaims'], ['create', 'get', 'list', 'watch']), events],
  ],
  [
    'expand-controller',
    [
      rule([''], ['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']),
      rule([''], ['persistentvolumeclaims/status'], patchUpdate),
      rule([''], ['persistentvolumeclaims'], read),
      events,
    ],
  ],
  ['generic-garbage-collector', [rule(['*'], ['*'], ['delete', 'get', 'list', 'patch', 'update', 'watch']), events]],
  [
    'horizontal-pod-autoscaler',
    [
      rule(['autoscaling'], ['horizontalpodautoscalers'], read),
      rule(['autoscaling'], ['horizontalpodautoscalers/status'], ['update']),
      rule(['*'], ['*/scale'], ['get', 'update']),
      rule([''], ['pods'], listWatch),
      rule(['metrics.k8s.io'], ['pods'], listWatch),
      rule(['custom.metrics.k8s.io'], ['*'], read),
      rule(['external.metrics.k8s.io'], ['*'], read),
      events,
    ],
  ],
  [
    'job-controller',
    [
      rule(['batch'], ['jobs'], ['get', 'list', 'patch', 'update', 'watch']),
      rule(['batch'], ['jobs/status'], ['update']),
      rule(['batch'], ['jobs/finalizers'], ['update']),
      rule([''], ['pods'], ['create', 'delete', 'list', 'patch', 'watch']),
      events,
    ],
  ],
  [
    'legacy-service-account-token-cleaner',
    [rule([''], ['configmaps'], ['get'], ['kube-apiserver-legacy-service-account-token-tracking']), rule([''], ['secrets'], ['delete', 'patch'])],
  ],
  [
    'namespace-controller',
    [
      rule([''], ['namespaces'], ['delete', 'get', 'list', 'watch']),
      rule([''], ['namespaces/finalize', 'namespaces/status'], ['update']),
      rule(['*'], ['*'], ['delete', 'deletecollection', 'get', 'list', 'watch']),
    ],
  ],
  [
    'node-controller',
    [
      rule([''], ['nodes'], ['delete', 'get', 'list', 'patch', 'update', 'watch']),
      rule([''], ['nodes/status'], patchUpdate),
      rule([''], ['pods/status'], patchUpdate),
      rule([''], ['pods'], ['delete', 'get', 'list', 'watch']),
      events,
    ],
  ],
  [
    'persistent-volume-binder',
    [
      rule([''], ['persistentvolumes'], crudNoPatch),
      rule([''], ['persistentvolumes/status'], ['update']),
      rule([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']),
      rule([''], ['persistentvolumeclaims/status'], ['update']),
      rule([''], ['pods'], ['create', 'delete', 'get', 'list', 'watch']),
      rule(['storage.k8s.io'], ['storageclasses'], read),
      rule([''], ['nodes'], listWatch),
      events,
      rule([''], ['events'], ['watch']),
    ],
  ],
  ['pod-garbage-collector', [rule([''], ['pods'], ['delete', 'list', 'watch']), rule([''], ['nodes'], read), rule([''], ['pods/status'], ['patch'])]],
  ['pv-protection-controller', [rule([''], ['persistentvolumes'], ['get', 'list', 'update', 'watch']), events]],
  [
    'pvc-protection-controller',
    [rule([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']), rule([''], ['persistentvolumeclaims/status'], ['update']), rule([''], ['pods'], read), events],
  ],
  [
    'replicaset-controller',
    [
      rule(appsExt, ['replicasets'], ['get', 'list', 'update', 'watch']),
      rule(appsExt, ['replicasets/status'], ['update']),
      rule(appsExt, ['replicasets/finalizers'], ['update']),
      rule([''], ['pods'], ['create', 'delete', 'list', 'patch', 'watch']),
      events,
    ],
  ],
  [
    'replication-controller',
    [
      rule([''], ['replicationcontrollers'], ['get', 'list', 'update', 'watch']),
      rule([''], ['replicationcontrollers/status'], ['update']),
      rule([''], ['replicationcontrollers/finalizers'], ['update']),
      rule([''], ['pods'], ['create', 'delete', 'list', 'patch', 'watch']),
      events,
    ],
  ],
  ['resourcequota-controller', [rule(['*'], ['*'], listWatch), rule([''], ['resourcequotas/status'], ['update']), events]],
  ['root-ca-cert-publisher', [rule([''], ['configmaps'], ['create', 'update']), events]],
  ['route-controller', [rule([''], ['nodes'], listWatch), rule([''], ['nodes/status'], ['patch']), events]],
  ['service-account-controller', [rule([''], ['serviceaccounts'], ['create']), events]],
  ['service-controller', [rule([''], ['services'], read), rule([''], ['services/status'], patchUpdate), rule([''], ['nodes'], listWatch), events]],
  [
    'statefulset-controller',
    [
      rule([''], ['pods'], listWatch),
      rule(['apps'], ['statefulsets'], read),
      rule(['apps'], ['statefulsets/status'], ['update']),
      rule(['apps'], ['statefulsets/finalizers'], ['update']),
      rule([''], ['pods'], ['create', 'delete', 'get', 'patch', 'update']),
      rule(['apps'], ['controllerrevisions'], crud),
      rule([''], ['persistentvolumeclaims'], ['create', 'get', 'list', 'watch']),
      rule([''], ['persistentvolumeclaims'], ['delete', 'update']),
      rule([''], ['pods/finalizers'], ['update']),
      events,
    ],
  ],
  ['ttl-after-finished-controller', [rule(['batch'], ['jobs'], ['delete', 'get', 'list', 'watch']), events]],
  ['ttl-controller', [rule([''], ['nodes'], ['list', 'patch', 'update', 'watch']), events]],
  [
    'validatingadmissionpolicy-status-controller',
    [
      rule(['admissionregistration.k8s.io'], ['validatingadmissionpolicies'], read),
      rule(['admissionregistration.k8s.io'], ['validatingadmissionpolicies/status'], ['get', 'patch', 'update']),
      events,
    ],
  ],
];

export const controllerClusterRoles: readonly BootstrapClusterRole[] = controllers.map(([name, rules]) => ({ name: `system:controller:${name}`, rules }));

export const controllerClusterRoleBindings: readonly BootstrapClusterRoleBinding[] = controllers.map(([name]) => ({
  name: `system:controller:${name}`,
  role: `system:controller:${name}`,
  subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }],
}));

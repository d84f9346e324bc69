/**
 * The RBAC objects a kubeadm v1.32 cluster starts with: the apiserver's bootstrap policy (facts
 * from plugin/pkg/auth/authorizer/rbac/bootstrappolicy, testdata cluster-roles.yaml,
 * cluster-role-bindings.yaml, namespace-roles.yaml and namespace-role-bindings.yaml, default
 * feature gates) plus the objects kubeadm and CoreDNS add. A data table: bootstrap-rbac.ts creates it.
 * The `system:controller:*` roles and bindings are in bootstrap-rbac-controller-roles.ts.
 * Left out: the feature-gated rules (DRA, ClusterTrustBundles, …) off by default in 1.32.
 */

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

export interface BootstrapClusterRole {
  name: string;
  rules: PolicyRule[];
  /** The aggregate-to-* labels beyond kubernetes.io/bootstrapping. */
  labels?: Record<string, string>;
  /** For admin/edit/view: the aggregate-to-* label whose roles fill this one. */
  aggregateFrom?: string;
  /** kubeadm's and CoreDNS's objects carry no bootstrapping label or autoupdate annotation. */
  external?: boolean;
}

export interface BootstrapSubject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

export interface BootstrapClusterRoleBinding {
  name: string;
  role: string;
  subjects: BootstrapSubject[];
  external?: boolean;
}

const read = ['get', 'list', 'watch'];
const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const readWrite = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const eventWrite = ['create', 'patch', 'update'];

function rule(apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule {
  return resourceNames ? { apiGroups, resourceNames, resources, verbs } : { apiGroups, resources, verbs };
}

function urls(nonResourceURLs: string[], verbs: string[]): PolicyRule {
  return { nonResourceURLs, verbs };
}

const toAdmin = { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' };
const toEdit = { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' };
const toView = { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' };

function approver(signer: string): BootstrapClusterRole {
  return { name: `system:certificates.k8s.io:${signer.replace('kubernetes.io/', '')}-approver`, rules: [rule(['certificates.k8s.io'], ['signers'], ['approve'], [signer])] };
}

export const bootstrapClusterRoles: readonly BootstrapClusterRole[] = [
  { name: 'admin', rules: [], aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-admin' },
  { name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])] },
  { name: 'edit', rules: [], labels: toAdmin, aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-edit' },
  {
    name: 'system:aggregate-to-admin',
    labels: toAdmin,
    rules: [rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']), rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], readWrite)],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: toEdit,
    rules: [
      rule([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], read),
      rule([''], ['serviceaccounts'], ['impersonate']),
      rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], write),
      rule([''], ['pods/eviction'], ['create']),
      rule(
        [''],
        ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
        write,
      ),
      rule([''], ['serviceaccounts/token'], ['create']),
      rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], write),
      rule(['autoscaling'], ['horizontalpodautoscalers'], write),
      rule(['batch'], ['cronjobs', 'jobs'], write),
      rule(
        ['extensions'],
        ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'],
        write,
      ),
      rule(['policy'], ['poddisruptionbudgets'], write),
      rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], write),
      rule(['coordination.k8s.io'], ['leases'], readWrite),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: toView,
    rules: [
      rule(
        [''],
        ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'],
        read,
      ),
      rule(
        [''],
        ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'],
        read,
      ),
      rule([''], ['namespaces'], read),
      rule(['discovery.k8s.io'], ['endpointslices'], read),
      rule(
        ['apps'],
        [
          'controllerrevisions',
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'statefulsets',
          'statefulsets/scale',
          'statefulsets/status',
        ],
        read,
      ),
      rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], read),
      rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], read),
      rule(
        ['extensions'],
        [
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'ingresses',
          'ingresses/status',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'replicationcontrollers/scale',
        ],
        read,
      ),
      rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], read),
      rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], read),
    ],
  },
  { name: 'system:auth-delegator', rules: [rule(['authentication.k8s.io'], ['tokenreviews'], ['create']), rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])] },
  {
    name: 'system:basic-user',
    rules: [rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']), rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create'])],
  },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'], ['create'])] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'], ['create'])] },
  approver('kubernetes.io/kube-apiserver-client'),
  approver('kubernetes.io/kube-apiserver-client-kubelet'),
  approver('kubernetes.io/kubelet-serving'),
  approver('kubernetes.io/legacy-unknown'),
  {
    name: 'system:coredns',
    external: true,
    rules: [rule([''], ['endpoints', 'services', 'pods', 'namespaces'], ['list', 'watch']), rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch'])],
  },
  { name: 'system:discovery', rules: [urls(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], ['get'])] },
  { name: 'system:heapster', rules: [rule([''], ['events', 'namespaces', 'nodes', 'pods'], read), rule(['extensions'], ['deployments'], read)] },
  { name: 'system:kube-aggregator', rules: [rule([''], ['endpoints', 'services'], read)] },
  {
    name: 'system:kube-controller-manager',
    rules: [
      rule(['', 'events.k8s.io'], ['events'], eventWrite),
      rule(['coordination.k8s.io'], ['leases'], ['create']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-controller-manager']),
      rule([''], ['secrets', 'serviceaccounts'], ['create']),
      rule([''], ['secrets'], ['delete']),
      rule([''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts'], ['get']),
      rule([''], ['secrets', 'serviceaccounts'], ['update']),
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
      rule(['*'], ['*'], ['list', 'watch']),
      rule([''], ['serviceaccounts/token'], ['create']),
    ],
  },
  { name: 'system:kube-dns', rules: [rule([''], ['endpoints', 'services'], ['list', 'watch'])] },
  {
    name: 'system:kube-scheduler',
    rules: [
      rule(['', 'events.k8s.io'], ['events'], eventWrite),
      rule(['coordination.k8s.io'], ['leases'], ['create']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler']),
      rule([''], ['nodes'], read),
      rule([''], ['pods'], ['delete', 'get', 'list', 'watch']),
      rule([''], ['bindings', 'pods/binding'], ['create']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule([''], ['replicationcontrollers', 'services'], read),
      rule(['apps', 'extensions'], ['replicasets'], read),
      rule(['apps'], ['statefulsets'], read),
      rule(['policy'], ['poddisruptionbudgets'], read),
      rule([''], ['persistentvolumeclaims', 'persistentvolumes'], read),
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
      rule(['storage.k8s.io'], ['csinodes'], read),
      rule([''], ['namespaces'], read),
      rule(['storage.k8s.io'], ['csidrivers'], read),
      rule(['storage.k8s.io'], ['csistoragecapacities'], read),
    ],
  },
  { name: 'system:kubelet-api-admin', rules: [rule([''], ['nodes'], read), rule([''], ['nodes'], ['proxy']), rule([''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], ['*'])] },
  { name: 'system:monitoring', rules: [urls(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'], ['get'])] },
  {
    name: 'system:node',
    rules: [
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews'], ['create']),
      rule([''], ['services'], read),
      rule([''], ['nodes'], ['create', 'get', 'list', 'watch']),
      rule([''], ['nodes/status'], ['patch', 'update']),
      rule([''], ['nodes'], ['patch', 'update']),
      rule([''], ['events'], eventWrite),
      rule([''], ['pods'], read),
      rule([''], ['pods'], ['create', 'delete']),
      rule([''], ['pods/status'], ['patch', 'update']),
      rule([''], ['pods/eviction'], ['create']),
      rule([''], ['configmaps', 'secrets'], read),
      rule([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get']),
      rule([''], ['endpoints'], ['get']),
      rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
      rule(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']),
      rule(['storage.k8s.io'], ['volumeattachments'], ['get']),
      rule([''], ['serviceaccounts/token'], ['create']),
      rule([''], ['persistentvolumeclaims/status'], ['get', 'patch', 'update']),
      rule(['storage.k8s.io'], ['csidrivers'], read),
      rule(['storage.k8s.io'], ['csinodes'], ['create', 'delete', 'get', 'patch', 'update']),
      rule(['node.k8s.io'], ['runtimeclasses'], read),
    ],
  },
  { name: 'system:node-bootstrapper', rules: [rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch'])] },
  { name: 'system:node-problem-detector', rules: [rule([''], ['nodes'], ['get']), rule([''], ['nodes/status'], ['patch']), rule(['', 'events.k8s.io'], ['events'], eventWrite)] },
  {
    name: 'system:node-proxier',
    rules: [
      rule([''], ['endpoints', 'services'], ['list', 'watch']),
      rule([''], ['nodes'], read),
      rule(['', 'events.k8s.io'], ['events'], eventWrite),
      rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']),
    ],
  },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [
      rule([''], ['persistentvolumes'], ['create', 'delete', 'get', 'list', 'watch']),
      rule([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']),
      rule(['storage.k8s.io'], ['storageclasses'], read),
      rule([''], ['events'], ['watch']),
      rule(['', 'events.k8s.io'], ['events'], eventWrite),
    ],
  },
  { name: 'system:public-info-viewer', rules: [urls(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get'])] },
  { name: 'system:service-account-issuer-discovery', rules: [urls(['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'], ['get'])] },
  {
    name: 'system:volume-scheduler',
    rules: [
      rule([''], ['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']),
      rule(['storage.k8s.io'], ['storageclasses'], read),
      rule([''], ['persistentvolumeclaims'], ['get', 'list', 'patch', 'update', 'watch']),
    ],
  },
  { name: 'view', rules: [], labels: toEdit, aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-view' },
  // kubeadm's: lets the kubelet's bootstrap token read Nodes during `kubeadm join`.
  { name: 'kubeadm:get-nodes', external: true, rules: [rule([''], ['nodes'], ['get'])] },
];

const group = (name: string): BootstrapSubject => ({ kind: 'Group', name });
const user = (name: string): BootstrapSubject => ({ kind: 'User', name });

export const bootstrapClusterRoleBindings: readonly BootstrapClusterRoleBinding[] = [
  { name: 'cluster-admin', role: 'cluster-admin', subjects: [group('system:masters')] },
  { name: 'system:basic-user', role: 'system:basic-user', subjects: [group('system:authenticated')] },
  { name: 'system:discovery', role: 'system:discovery', subjects: [group('system:authenticated')] },
  { name: 'system:kube-controller-manager', role: 'system:kube-controller-manager', subjects: [user('system:kube-controller-manager')] },
  { name: 'system:kube-dns', role: 'system:kube-dns', subjects: [{ kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' }] },
  { name: 'system:kube-scheduler', role: 'system:kube-scheduler', subjects: [user('system:kube-scheduler')] },
  { name: 'system:monitoring', role: 'system:monitoring', subjects: [group('system:monitoring')] },
  { name: 'system:node', role: 'system:node', subjects: [] },
  { name: 'system:node-proxier', role: 'system:node-proxier', subjects: [user('system:kube-proxy')] },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', subjects: [group('system:authenticated'), group('system:unauthenticated')] },
  { name: 'system:service-account-issuer-discovery', role: 'system:service-account-issuer-discovery', subjects: [group('system:serviceaccounts')] },
  { name: 'system:volume-scheduler', role: 'system:volume-scheduler', subjects: [user('system:kube-scheduler')] },
  // kubeadm's: the admin.conf user is in group kubeadm:cluster-admins, not system:masters, since 1.29.
  { name: 'kubeadm:cluster-admins', role: 'cluster-admin', subjects: [group('kubeadm:cluster-admins')], external: true },
  { name: 'kubeadm:get-nodes', role: 'kubeadm:get-nodes', subjects: [group('system:bootstrappers:kubeadm:default-node-token')], external: true },
  // kubeadm's TLS bootstrap: join tokens may create node-client CSRs, which the csrapproving
  // controller approves, and nodes may renew their own client certificates.
  { name: 'kubeadm:kubelet-bootstrap', role: 'system:node-bootstrapper', subjects: [group('system:bootstrappers:kubeadm:default-node-token')], external: true },
  { name: 'kubeadm:node-autoapprove-bootstrap', role: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', subjects: [group('system:bootstrappers:kubeadm:default-node-token')], external: true },
  { name: 'kubeadm:node-autoapprove-certificate-rotation', role: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', subjects: [group('system:nodes')], external: true },
  // kubeadm's kube-proxy addon: the DaemonSet's ServiceAccount gets the node proxier's rights.
  { name: 'kubeadm:node-proxier', role: 'system:node-proxier', subjects: [{ kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' }], external: true },
  { name: 'system:coredns', role: 'system:coredns', subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }], external: true },
];

export interface BootstrapRole {
  namespace: string;
  name: string;
  rules: PolicyRule[];
  external?: boolean;
}

export interface BootstrapRoleBinding {
  namespace: string;
  name: string;
  role: string;
  subjects: BootstrapSubject[];
  external?: boolean;
}

const leaderLocking = [
  rule(['coordination.k8s.io'], ['leases'], ['create', 'get', 'list', 'update', 'watch']),
  rule(['coordination.k8s.io'], ['leasecandidates'], ['create', 'get', 'list', 'update', 'watch']),
];
const kubeSystemAccount = (name: string): BootstrapSubject => ({ kind: 'ServiceAccount', name, namespace: 'kube-system' });
const bootstrapTokens = group('system:bootstrappers:kubeadm:default-node-token');
const readConfigMap = (name: string): PolicyRule[] => [rule([''], ['configmaps'], ['get'], [name])];

export const bootstrapRoles: readonly BootstrapRole[] = [
  {
    namespace: 'kube-public',
    name: 'system:controller:bootstrap-signer',
    rules: [rule([''], ['configmaps'], read), rule([''], ['configmaps'], ['update'], ['cluster-info']), rule(['', 'events.k8s.io'], ['events'], eventWrite)],
  },
  { namespace: 'kube-system', name: 'extension-apiserver-authentication-reader', rules: [rule([''], ['configmaps'], read, ['extension-apiserver-authentication'])] },
  { namespace: 'kube-system', name: 'system::leader-locking-kube-controller-manager', rules: leaderLocking },
  { namespace: 'kube-system', name: 'system::leader-locking-kube-scheduler', rules: leaderLocking },
  { namespace: 'kube-system', name: 'system:controller:bootstrap-signer', rules: [rule([''], ['secrets'], read)] },
  { namespace: 'kube-system', name: 'system:controller:cloud-provider', rules: [rule([''], ['configmaps'], ['create', 'get', 'list', 'watch'])] },
  { namespace: 'kube-system', name: 'system:controller:token-cleaner', rules: [rule([''], ['secrets'], ['delete', 'get', 'list', 'watch']), rule(['', 'events.k8s.io'], ['events'], eventWrite)] },
  // kubeadm's: what joining nodes and kube-proxy read.
  { namespace: 'kube-public', name: 'kubeadm:bootstrap-signer-clusterinfo', rules: readConfigMap('cluster-info'), external: true },
  { namespace: 'kube-system', name: 'kube-proxy', rules: readConfigMap('kube-proxy'), external: true },
  { namespace: 'kube-system', name: 'kubeadm:kubelet-config', rules: readConfigMap('kubelet-config'), external: true },
  { namespace: 'kube-system', name: 'kubeadm:nodes-kubeadm-config', rules: readConfigMap('kubeadm-config'), external: true },
];

export const bootstrapRoleBindings: readonly BootstrapRoleBinding[] = [
  { namespace: 'kube-public', name: 'system:controller:bootstrap-signer', role: 'system:controller:bootstrap-signer', subjects: [kubeSystemAccount('bootstrap-signer')] },
  {
    namespace: 'kube-system',
    name: 'system::extension-apiserver-authentication-reader',
    role: 'extension-apiserver-authentication-reader',
    subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler')],
  },
  {
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-controller-manager',
    role: 'system::leader-locking-kube-controller-manager',
    subjects: [user('system:kube-controller-manager'), kubeSystemAccount('kube-controller-manager'), kubeSystemAccount('leader-election-controller')],
  },
  {
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-scheduler',
    role: 'system::leader-locking-kube-scheduler',
    subjects: [user('system:kube-scheduler'), kubeSystemAccount('kube-scheduler')],
  },
  { namespace: 'kube-system', name: 'system:controller:bootstrap-signer', role: 'system:controller:bootstrap-signer', subjects: [kubeSystemAccount('bootstrap-signer')] },
  { namespace: 'kube-system', name: 'system:controller:cloud-provider', role: 'system:controller:cloud-provider', subjects: [kubeSystemAccount('cloud-provider')] },
  { namespace: 'kube-system', name: 'system:controller:token-cleaner', role: 'system:controller:token-cleaner', subjects: [kubeSystemAccount('token-cleaner')] },
  { namespace: 'kube-public', name: 'kubeadm:bootstrap-signer-clusterinfo', role: 'kubeadm:bootstrap-signer-clusterinfo', subjects: [user('system:anonymous')], external: true },
  { namespace: 'kube-system', name: 'kube-proxy', role: 'kube-proxy', subjects: [bootstrapTokens], external: true },
  { namespace: 'kube-system', name: 'kubeadm:kubelet-config', role: 'kubeadm:kubelet-config', subjects: [group('system:nodes'), bootstrapTokens], external: true },
  { namespace: 'kube-system', name: 'kubeadm:nodes-kubeadm-config', role: 'kubeadm:nodes-kubeadm-config', subjects: [bootstrapTokens, group('system:nodes')], external: true },
];

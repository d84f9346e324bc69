/**
 * The table of served resources: what discovery advertises, how REST paths map to kinds, and the
 * order `kubectl get all` walks (discovery order: core first, then the groups as a real v1.32
 * apiserver lists them; resources sorted by name inside a group-version).
 */

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface SubresourceInfo {
  name: string;
  /** Response kind, when it differs from the parent's (scale → autoscaling/v1 Scale). */
  kind?: GroupVersionKind;
  verbs: string[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural, lower-case: `pods`. */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources: SubresourceInfo[];
  /**
   * Served from another resource's storage (events.k8s.io Events, autoscaling/v1 HPAs): the same
   * objects as the stored one, so whoever walks every resource (namespace deletion, the garbage
   * collector) skips it.
   */
  isView?: boolean;
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const statusVerbs = ['get', 'patch', 'update'];
const scaleKind: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

function r(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<Pick<ResourceInfo, 'shortNames' | 'categories' | 'verbs' | 'isView'>> & { sub?: (string | SubresourceInfo)[] } = {},
): ResourceInfo {
  const subresources = (extra.sub ?? []).map((s) => (typeof s === 'string' ? { name: s, verbs: statusVerbs } : s));
  return {
    group,
    version,
    resource,
    kind,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: extra.verbs ?? allVerbs,
    shortNames: extra.shortNames,
    categories: extra.categories,
    subresources,
    ...(extra.isView ? { isView: true } : {}),
  };
}

const scale: SubresourceInfo = { name: 'scale', kind: scaleKind, verbs: statusVerbs };
const core = (kind: string, version = 'v1'): GroupVersionKind => ({ group: '', version, kind });

/** Every served resource, in discovery order. */
export const resources: readonly ResourceInfo[] = [
  // core/v1
  // The pre-subresource way to bind a pod (POST a Binding named after the pod); create only.
  r('', 'v1', 'bindings', 'Binding', true, { verbs: ['create'] }),
  // Deprecated since v1.19 but still served, with a warning (handlers/component-statuses.ts).
  r('', 'v1', 'componentstatuses', 'ComponentStatus', false, { shortNames: ['cs'], verbs: ['get', 'list'] }),
  r('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  r('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'] }),
  r('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  r('', 'v1', 'limitranges', 'LimitRange', true, { shortNames: ['limits'] }),
  r('', 'v1', 'namespaces', 'Namespace', false, {
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    sub: [{ name: 'finalize', verbs: ['update'] }, 'status'],
  }),
  r('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'], sub: [{ name: 'proxy', kind: core('NodeProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] }, 'status'] }),
  r('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, { shortNames: ['pvc'], sub: ['status'] }),
  r('', 'v1', 'persistentvolumes', 'PersistentVolume', false, { shortNames: ['pv'], sub: ['status'] }),
  r('', 'v1', 'pods', 'Pod', true, {
    shortNames: ['po'],
    categories: ['all'],
    sub: [
      { name: 'attach', kind: core('PodAttachOptions'), verbs: ['create', 'get'] },
      { name: 'binding', kind: core('Binding'), verbs: ['create'] },
      { name: 'ephemeralcontainers', verbs: statusVerbs },
      { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
      { name: 'exec', kind: core('PodExecOptions'), verbs: ['create', 'get'] },
      { name: 'log', verbs: ['get'] },
      { name: 'portforward', kind: core('PodPortForwardOptions'), verbs: ['create', 'get'] },
      { name: 'proxy', kind: core('PodProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      'status',
    ],
  }),
  r('', 'v1', 'podtemplates', 'PodTemplate', true),
  r('', 'v1', 'replicationcontrollers', 'ReplicationController', true, { shortNames: ['rc'], categories: ['all'], sub: [scale, 'status'] }),
  r('', 'v1', 'resourcequotas', 'ResourceQuota', true, { shortNames: ['quota'], sub: ['status'] }),
  r('', 'v1', 'secrets', 'Secret', true),
  r('', 'v1', 'serviceaccounts', 'ServiceAccount', true, {
    shortNames: ['sa'],
    sub: [{ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }],
  }),
  r('', 'v1', 'services', 'Service', true, {
    shortNames: ['svc'],
    categories: ['all'],
    sub: [{ name: 'proxy', kind: core('ServiceProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] }, 'status'],
  }),
  // apiregistration.k8s.io/v1: the aggregator lists its own group first (priority 20001, above
  // every APIService's groupPriorityMinimum); the APIServices themselves (apiservice-autoregister.ts).
  r('apiregistration.k8s.io', 'v1', 'apiservices', 'APIService', false, { categories: ['api-extensions'], sub: ['status'] }),
  // apps/v1
  r('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  r('apps', 'v1', 'daemonsets', 'DaemonSet', true, { shortNames: ['ds'], categories: ['all'], sub: ['status'] }),
  r('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], sub: [scale, 'status'] }),
  r('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'], sub: [scale, 'status'] }),
  r('apps', 'v1', 'statefulsets', 'StatefulSet', true, { shortNames: ['sts'], categories: ['all'], sub: [scale, 'status'] }),
  // events.k8s.io/v1
  r('events.k8s.io', 'v1', 'events', 'Event', true, { shortNames: ['ev'], isView: true }),
  // authentication.k8s.io/v1 and authorization.k8s.io/v1: the create-only reviews (`kubectl auth
  // whoami`, `kubectl auth can-i`, and the delegated ones webhooks and aggregated servers send),
  // answered without storing (handlers/auth-reviews.ts).
  r('authentication.k8s.io', 'v1', 'selfsubjectreviews', 'SelfSubjectReview', false, { verbs: ['create'] }),
  r('authentication.k8s.io', 'v1', 'tokenreviews', 'TokenReview', false, { verbs: ['create'] }),
  r('authorization.k8s.io', 'v1', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true, { verbs: ['create'] }),
  r('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, { verbs: ['create'] }),
  r('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, { verbs: ['create'] }),
  r('authorization.k8s.io', 'v1', 'subjectaccessreviews', 'SubjectAccessReview', false, { verbs: ['create'] }),
  // autoscaling/v2
  r('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, { shortNames: ['hpa'], categories: ['all'], sub: ['status'] }),
  // autoscaling/v1: what `kubectl autoscale` (v1.32) writes through; stored as v2 (shared/api/hpa-conversion.ts).
  r('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, { shortNames: ['hpa'], categories: ['all'], sub: ['status'], isView: true }),
  // batch/v1
  r('batch', 'v1', 'cronjobs', 'CronJob', true, { shortNames: ['cj'], categories: ['all'], sub: ['status'] }),
  r('batch', 'v1', 'jobs', 'Job', true, { categories: ['all'], sub: ['status'] }),
  // certificates.k8s.io/v1: CSRs, approved through their approval subresource and signed by the
  // csrsigning controller (daemon/controllers/csr-signing.ts).
  r('certificates.k8s.io', 'v1', 'certificatesigningrequests', 'CertificateSigningRequest', false, { shortNames: ['csr'], sub: [{ name: 'approval', verbs: statusVerbs }, 'status'] }),
  // networking.k8s.io/v1
  r('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  r('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, { shortNames: ['ing'], sub: ['status'] }),
  r('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, { shortNames: ['netpol'] }),
  // policy/v1
  r('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, { shortNames: ['pdb'], sub: ['status'] }),
  // rbac.authorization.k8s.io/v1: stored and listed; authorization itself allows everything (README).
  r('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  r('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  r('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  // storage.k8s.io/v1
  r('storage.k8s.io', 'v1', 'csidrivers', 'CSIDriver', false),
  r('storage.k8s.io', 'v1', 'csinodes', 'CSINode', false),
  r('storage.k8s.io', 'v1', 'csistoragecapacities', 'CSIStorageCapacity', true),
  r('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, { shortNames: ['sc'] }),
  r('storage.k8s.io', 'v1', 'volumeattachments', 'VolumeAttachment', false, { sub: ['status'] }),
  // admissionregistration.k8s.io/v1: admission policies and webhook configurations
  // (registry/admission-policies.ts, registry/webhook-configurations.ts); the policies are enforced
  // by admission/validating-admission-policy.ts, the webhooks by admission/admission-webhooks.ts.
  // v1beta1 and v1alpha1 are off by default in v1.32, so only v1 is served.
  r('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false, { categories: ['api-extensions'] }),
  r('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false, { categories: ['api-extensions'], sub: ['status'] }),
  r('admissionregistration.k8s.io', 'v1', 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false, { categories: ['api-extensions'] }),
  r('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false, { categories: ['api-extensions'] }),
  // apiextensions.k8s.io/v1: CRDs; the kinds they define are added at run time (registerResources).
  r('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, { shortNames: ['crd', 'crds'], categories: ['api-extensions'], sub: ['status'] }),
  // scheduling.k8s.io/v1
  r('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, { shortNames: ['pc'] }),
  // coordination.k8s.io/v1
  r('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  // node.k8s.io/v1
  r('node.k8s.io', 'v1', 'runtimeclasses', 'RuntimeClass', false),
  // discovery.k8s.io/v1
  r('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  // flowcontrol.apiserver.k8s.io/v1: API Priority and Fairness objects, stored and listed only
  // (bootstrap-flowcontrol.ts); kubelab throttles no request.
  r('flowcontrol.apiserver.k8s.io', 'v1', 'flowschemas', 'FlowSchema', false, { sub: ['status'] }),
  r('flowcontrol.apiserver.k8s.io', 'v1', 'prioritylevelconfigurations', 'PriorityLevelConfiguration', false, { sub: ['status'] }),
];

const byPath = new Map<string, ResourceInfo>();
const byKind = new Map<string, ResourceInfo>();
for (const info of resources) {
  byPath.set(`${info.group}/${info.version}/${info.resource}`, info);
  byKind.set(`${info.group}/${info.version}/${info.kind}`, info);
}

/**
 * Resources added at run time: the kinds of established CustomResourceDefinitions, keyed by the
 * owner that registered them (the CRD's name). The apiserver's CRD controller keeps this in step
 * with the store; the namespace controller and discovery read it through servedResources().
 * One table per process: kubelab runs one cluster per process (tests that start several in-process
 * APIs give their CRDs distinct groups).
 */
const dynamic = new Map<string, readonly ResourceInfo[]>();
let dynamicPath = new Map<string, ResourceInfo>();
let dynamicKind = new Map<string, ResourceInfo>();
let served: readonly ResourceInfo[] = resources;
const servedListeners = new Set<() => void>();

function rebuildDynamic(): void {
  dynamicPath = new Map();
  dynamicKind = new Map();
  // Custom groups come after the built-in ones, sorted by name, as discovery lists equal-priority groups.
  const infos = [...dynamic.values()].flat().sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  for (const info of infos) {
    dynamicPath.set(`${info.group}/${info.version}/${info.resource}`, info);
    dynamicKind.set(`${info.group}/${info.version}/${info.kind}`, info);
  }
  served = infos.length === 0 ? resources : [...resources, ...infos];
  for (const listener of servedListeners) listener();
}

/**
 * Calls `listener` after every change of the served resources (a CRD served, changed or gone), as
 * the aggregator's CRD registration controller follows CRDs; returns the unsubscribe function.
 */
export function onServedResourcesChange(listener: () => void): () => void {
  servedListeners.add(listener);
  return () => servedListeners.delete(listener);
}

/** Serves `infos` (one per served version, in discovery order) under `owner`, replacing what it had. */
export function registerResources(owner: string, infos: readonly ResourceInfo[]): void {
  dynamic.set(owner, infos);
  rebuildDynamic();
}

/** Stops serving what `owner` registered. */
export function unregisterResources(owner: string): void {
  if (dynamic.delete(owner)) rebuildDynamic();
}

/**
 * True for a resource registered at run time (a custom resource). Compared by path, not by
 * identity: every change of a CRD registers new ResourceInfos, and a watch or informer opened
 * before holds the old one.
 */
export function isDynamicResource(info: ResourceInfo): boolean {
  // On every registry read and write: no string built while no CRD is served.
  if (dynamicPath.size === 0) return false;
  const key = `${info.group}/${info.version}/${info.resource}`;
  return !byPath.has(key) && dynamicPath.has(key);
}

/** Every served resource, built-in and registered, in discovery order. */
export function servedResources(): readonly ResourceInfo[] {
  return served;
}

export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  const key = `${group}/${version}/${resource}`;
  return byPath.get(key) ?? dynamicPath.get(key);
}

export function findResourceForKind(group: string, version: string, kind: string): ResourceInfo | undefined {
  const key = `${group}/${version}/${kind}`;
  return byKind.get(key) ?? dynamicKind.get(key);
}

/** The group-versions in discovery order, e.g. `['v1', 'apps/v1', …]`. */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Set<string>();
  const out: { group: string; version: string }[] = [];
  for (const info of served) {
    const key = `${info.group}/${info.version}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ group: info.group, version: info.version });
    }
  }
  return out;
}

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/**
 * The strategic-merge-patch metadata of the built-in kinds: for each Go struct type, the fields
 * whose lists merge (by a merge key, or as sets of primitives) and the struct type of nested
 * values. It mirrors the `patchStrategy`/`patchMergeKey` tags of k8s.io/api v0.32 core, apps and
 * batch v1 (reference/kubectl-compat.md §5). Fields absent from the table behave as in a JSON
 * merge patch: maps merge key by key, lists are replaced whole.
 */

/** How one field of a struct is patched. */
export interface FieldPatchMeta {
  /** The struct type of a map value, or of each element of a list. */
  type?: string;
  /** `merge`: the list is merged (by mergeKey, or as a set of primitives). Otherwise it is replaced. */
  strategy?: 'merge' | 'replace';
  mergeKey?: string;
}

export type StructPatchMeta = Readonly<Record<string, FieldPatchMeta>>;

export type PatchMetaTable = Readonly<Record<string, StructPatchMeta>>;

const byName = (type?: string): FieldPatchMeta => ({ strategy: 'merge', mergeKey: 'name', type });
const byKey = (mergeKey: string, type?: string): FieldPatchMeta => ({ strategy: 'merge', mergeKey, type });
const primitiveSet: FieldPatchMeta = { strategy: 'merge' };
const metadata: FieldPatchMeta = { type: 'ObjectMeta' };
const conditionsStatus: FieldPatchMeta = { type: 'ConditionsStatus' };
const templateSpec: FieldPatchMeta = { type: 'TemplateSpec' };

/**
 * Patch metadata by Go type name. `volumes` and `resourceClaims` are `merge,retainKeys` and
 * `DeploymentSpec.strategy` is `retainKeys` upstream; retainKeys only changes how a *client* builds
 * a patch, and the server honours any `$retainKeys` directive it finds, so the table leaves it out.
 */
export const builtinPatchMeta: PatchMetaTable = {
  ObjectMeta: { finalizers: primitiveSet, ownerReferences: byKey('uid') },
  /** Any kind without its own entry: only its metadata has merge semantics. */
  Object: { metadata },
  /** Every `status` whose only merging list is `conditions` (keyed by `type`). */
  ConditionsStatus: { conditions: byKey('type') },

  // core/v1
  Pod: { metadata, spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  PodSpec: {
    containers: byName('Container'),
    initContainers: byName('Container'),
    // EphemeralContainerCommon carries the same merging lists as Container.
    ephemeralContainers: byName('Container'),
    volumes: byName(),
    imagePullSecrets: byName(),
    hostAliases: byKey('ip'),
    topologySpreadConstraints: byKey('topologyKey'),
    schedulingGates: byName(),
    resourceClaims: byName(),
  },
  Container: {
    ports: byKey('containerPort'),
    env: byName(),
    volumeMounts: byKey('mountPath'),
    volumeDevices: byKey('devicePath'),
  },
  PodStatus: { conditions: byKey('type'), hostIPs: byKey('ip'), podIPs: byKey('ip'), resourceClaimStatuses: byName() },
  PodTemplateSpec: { metadata, spec: { type: 'PodSpec' } },
  PodTemplate: { metadata, template: { type: 'PodTemplateSpec' } },
  /** The spec of every workload that embeds a pod template (ReplicaSet, Job, …). */
  TemplateSpec: { template: { type: 'PodTemplateSpec' } },
  ReplicationController: { metadata, spec: templateSpec, status: conditionsStatus },
  // Service ports merge on `port`, container ports on `containerPort` (k8s.io/api tags).
  Service: { metadata, spec: { type: 'ServiceSpec' }, status: conditionsStatus },
  ServiceSpec: { ports: byKey('port') },
  Node: { metadata, spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  NodeSpec: { podCIDRs: primitiveSet },
  NodeStatus: { conditions: byKey('type'), addresses: byKey('type') },
  Namespace: { metadata, status: conditionsStatus },
  ServiceAccount: { metadata, secrets: byName() },
  PersistentVolumeClaim: { metadata, status: conditionsStatus },

  // apps/v1 and batch/v1
  Deployment: { metadata, spec: templateSpec, status: conditionsStatus },
  ReplicaSet: { metadata, spec: templateSpec, status: conditionsStatus },
  DaemonSet: { metadata, spec: templateSpec, status: conditionsStatus },
  StatefulSet: { metadata, spec: templateSpec, status: conditionsStatus },
  Job: { metadata, spec: templateSpec, status: conditionsStatus },
  CronJob: { metadata, spec: { type: 'CronJobSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  JobTemplateSpec: { metadata, spec: templateSpec },
  // admissionregistration.k8s.io/v1: `webhooks`, their `matchConditions` and a policy's
  // `matchConditions` and `variables` are patchStrategy=merge, patchMergeKey=name.
  ValidatingWebhookConfiguration: { metadata, webhooks: byName('AdmissionWebhook') },
  MutatingWebhookConfiguration: { metadata, webhooks: byName('AdmissionWebhook') },
  AdmissionWebhook: { matchConditions: byName() },
  ValidatingAdmissionPolicy: { metadata, spec: { type: 'ValidatingAdmissionPolicySpec' } },
  ValidatingAdmissionPolicySpec: { matchConditions: byName(), variables: byName() },
};

/** Kinds with their own entry, by `group/Kind` (core group ""). */
const rootTypes: ReadonlySet<string> = new Set([
  '/Pod',
  '/PodTemplate',
  '/ReplicationController',
  '/Service',
  '/Node',
  '/Namespace',
  '/ServiceAccount',
  '/PersistentVolumeClaim',
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/DaemonSet',
  'apps/StatefulSet',
  'batch/Job',
  'batch/CronJob',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
]);

/**
 * The root type name for a kind. ConfigMap, Secret and every kind not listed fall back to
 * `Object`, whose only merge semantics are those of ObjectMeta.
 */
export function patchMetaRootType(kind: { group: string; kind: string }): string {
  return rootTypes.has(`${kind.group}/${kind.kind}`) ? kind.kind : 'Object';
}

/**
 * API Priority and Fairness as kube-apiserver v1.32 configures it at start-up (the apiserver's
 * `priority-and-fairness-config-producer` post-start hook, from k8s.io/apiserver's
 * flowcontrol/bootstrap): the mandatory `exempt` and `catch-all` FlowSchemas and priority levels
 * and the suggested ones, each annotated `apf.kubernetes.io/autoupdate-spec: "true"` (whose spec is
 * put back at every start while the annotation stays "true"); the config controller's Dangling
 * condition is flowcontrol-status.ts.
 * Priority and fairness are NOT enforced: kubelab queues, throttles and rejects no request; these
 * objects are there to be read and edited, as on a real cluster.
 */
import { isConflict } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { ensure } from './bootstrap.js';
import { deepEqual } from './registry/strategy-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const group = 'flowcontrol.apiserver.k8s.io';
export const flowSchemas: ResourceRef = { group, version: 'v1', resource: 'flowschemas' };
export const priorityLevels: ResourceRef = { group, version: 'v1', resource: 'prioritylevelconfigurations' };
const autoUpdate = { 'apf.kubernetes.io/autoupdate-spec': 'true' };

const everything = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }];
const everyUrl = [{ verbs: ['*'], nonResourceURLs: ['*'] }];
const groups = (...names: string[]): Json[] => names.map((name) => ({ kind: 'Group', group: { name } }));
const users = (...names: string[]): Json[] => names.map((name) => ({ kind: 'User', user: { name } }));
const kubeSystemAccounts = (...names: string[]): Json[] => names.map((name) => ({ kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name } }));
const getCreateUpdate = (apiGroup: string, resources: string[], namespaces: string[]): Json => ({ verbs: ['get', 'create', 'update'], apiGroups: [apiGroup], resources, namespaces });

/** A schema over every request of its subjects. */
const all = (subjects: Json[]): Json => ({ subjects, resourceRules: everything, nonResourceRules: everyUrl });

/** [name, priority level, matching precedence, distinguisher method, rules], as bootstrap/default.go lists them. */
const schemaTable: [string, string, number, string | undefined, Json][] = [
  ['exempt', 'exempt', 1, undefined, all(groups('system:masters'))],
  ['catch-all', 'catch-all', 10000, 'ByUser', all(groups('system:unauthenticated', 'system:authenticated'))],
  ['system-nodes', 'system', 500, 'ByUser', all(groups('system:nodes'))],
  [
    'system-node-high',
    'node-high',
    400,
    'ByUser',
    {
      subjects: groups('system:nodes'),
      resourceRules: [
        { verbs: ['*'], apiGroups: [''], resources: ['nodes', 'nodes/status'], clusterScope: true, namespaces: ['*'] },
        { verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] },
      ],
    },
  ],
  ['probes', 'exempt', 2, undefined, { subjects: groups('system:unauthenticated', 'system:authenticated'), nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }] }],
  [
    'system-leader-election',
    'leader-election',
    100,
    'ByUser',
    { subjects: [...users('system:kube-controller-manager', 'system:kube-scheduler'), ...kubeSystemAccounts('*')], resourceRules: [getCreateUpdate('coordination.k8s.io', ['leases'], ['*'])] },
  ],
  [
    'workload-leader-election',
    'leader-election',
    200,
    'ByUser',
    { subjects: kubeSystemAccounts('*'), resourceRules: [getCreateUpdate('', ['endpoints', 'configmaps'], ['*']), getCreateUpdate('coordination.k8s.io', ['leases'], ['*'])] },
  ],
  [
    'endpoint-controller',
    'workload-high',
    150,
    'ByUser',
    { subjects: [...users('system:kube-controller-manager'), ...kubeSystemAccounts('endpoint-controller', 'endpointslicemirroring-controller')], resourceRules: [getCreateUpdate('', ['endpoints'], ['*'])] },
  ],
  ['kube-controller-manager', 'workload-high', 800, 'ByNamespace', all(users('system:kube-controller-manager'))],
  ['kube-scheduler', 'workload-high', 800, 'ByNamespace', all(users('system:kube-scheduler'))],
  ['kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', all(kubeSystemAccounts('*'))],
  ['service-accounts', 'workload-low', 9000, 'ByUser', all(groups('system:serviceaccounts'))],
  ['global-default', 'global-default', 9900, 'ByUser', all(groups('system:unauthenticated', 'system:authenticated'))],
];

/** [name, nominalConcurrencyShares, lendablePercent, queues, handSize, queueLengthLimit] of the Limited levels. */
const queuedLevels: [string, number, number, number, number, number][] = [
  ['system', 30, 33, 64, 6, 50],
  ['node-high', 40, 25, 64, 6, 50],
  ['leader-election', 10, 0, 16, 4, 50],
  ['workload-high', 40, 50, 128, 6, 50],
  ['workload-low', 100, 90, 128, 6, 50],
  ['global-default', 20, 50, 128, 6, 50],
];

/** The FlowSchemas as the apiserver creates them. */
export function bootstrapFlowSchemas(): KubeObject[] {
  return schemaTable.map(([name, level, matchingPrecedence, method, rules]) => {
    const spec: Json = { priorityLevelConfiguration: { name: level }, matchingPrecedence };
    if (method) spec.distinguisherMethod = { type: method };
    spec.rules = [rules];
    return { apiVersion: `${group}/v1`, kind: 'FlowSchema', metadata: { name, annotations: { ...autoUpdate } }, spec };
  });
}

/** The PriorityLevelConfigurations as the apiserver creates them. */
export function bootstrapPriorityLevels(): KubeObject[] {
  const level = (name: string, spec: Json): KubeObject => ({ apiVersion: `${group}/v1`, kind: 'PriorityLevelConfiguration', metadata: { name, annotations: { ...autoUpdate } }, spec });
  return [
    level('catch-all', { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } }),
    level('exempt', { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } }),
    ...queuedLevels.map(([name, shares, lendable, queues, handSize, queueLengthLimit]) =>
      level(name, { type: 'Limited', limited: { nominalConcurrencyShares: shares, lendablePercent: lendable, limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit } } } }),
    ),
  ];
}

/**
 * Creates what is missing and puts back the spec of those still annotated
 * `apf.kubernetes.io/autoupdate-spec: "true"` (the configuration ensurer at every start; a user
 * who sets the annotation to "false" keeps their edits). All writes at once: the store puts
 * concurrent writes in shared batches.
 */
export async function bootstrapFlowControl(client: ApiClient): Promise<void> {
  const [levels, schemas] = await Promise.all([client.list(priorityLevels, undefined), client.list(flowSchemas, undefined)]);
  await Promise.all([...ensureAll(client, priorityLevels, levels.items, bootstrapPriorityLevels()), ...ensureAll(client, flowSchemas, schemas.items, bootstrapFlowSchemas())]);
}

function ensureAll(client: ApiClient, ref: ResourceRef, existing: readonly KubeObject[], wanted: readonly KubeObject[]): Promise<unknown>[] {
  const byName = new Map(existing.map((obj) => [obj.metadata.name, obj]));
  return wanted.map((obj) => {
    const current = byName.get(obj.metadata.name);
    if (!current) return ensure(client, ref, undefined, obj);
    if (current.metadata.annotations?.['apf.kubernetes.io/autoupdate-spec'] !== 'true' || deepEqual(current.spec, obj.spec)) return Promise.resolve();
    return client.update(ref, { ...current, spec: obj.spec }).catch((err: unknown) => {
      // Changed meanwhile: the next start looks again, as the ensurer's next round would.
      if (!isConflict(err)) throw new Error(`bootstrap ${ref.resource}/${obj.metadata.name}: ${(err as Error).message}`);
    });
  });
}

/**
 * Server-side Table output (meta.k8s.io/v1 Table), which is all kubectl's `get` prints from
 * (reference/kubectl-compat.md §6). A Printer per kind supplies the columns and the cells of one
 * row; buildTable assembles the Table the way the apiserver's TableConvertor and response
 * writer do. The server always prints the wide columns: kubectl hides priority > 0 itself.
 */
import { v1EventToCore } from '../api/event-conversion.js';
import type { KubeObject } from '../api/meta.js';
import { apiServicePrinter } from './apiservices.js';
import { certificateSigningRequestPrinter } from './certificatesigningrequests.js';
import { validatingAdmissionPolicyBindingPrinter, validatingAdmissionPolicyPrinter, webhookConfigurationPrinter } from './admissionregistration.js';
import { controllerRevisionPrinter } from './controllerrevisions.js';
import { csiDriverPrinter, csiNodePrinter, csiStorageCapacityPrinter, volumeAttachmentPrinter } from './csi.js';
import { flowSchemaPrinter, priorityLevelConfigurationPrinter } from './flowcontrol.js';
import { configMapPrinter } from './configmaps.js';
import { cronJobPrinter } from './cronjobs.js';
import { daemonSetPrinter } from './daemonsets.js';
import { defaultPrinter } from './default.js';
import { deploymentPrinter } from './deployments.js';
import { endpointSlicePrinter } from './endpointslices.js';
import { endpointsPrinter } from './endpoints.js';
import { eventPrinter } from './events.js';
import { horizontalPodAutoscalerPrinter } from './horizontalpodautoscalers.js';
import { ingressClassPrinter } from './ingressclasses.js';
import { ingressPrinter } from './ingresses.js';
import { jobPrinter } from './jobs.js';
import { leasePrinter } from './leases.js';
import { componentStatusPrinter } from './componentstatuses.js';
import { namespacePrinter } from './namespaces.js';
import { networkPolicyPrinter } from './networkpolicies.js';
import { nodePrinter } from './nodes.js';
import { persistentVolumeClaimPrinter } from './persistentvolumeclaims.js';
import { persistentVolumePrinter } from './persistentvolumes.js';
import { podDisruptionBudgetPrinter } from './poddisruptionbudgets.js';
import { podPrinter } from './pods.js';
import { podTemplatePrinter } from './podtemplates.js';
import { priorityClassPrinter } from './priorityclasses.js';
import { replicaSetPrinter } from './replicasets.js';
import { replicationControllerPrinter } from './replicationcontrollers.js';
import { resourceQuotaPrinter } from './resourcequotas.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rolebindings.js';
import { runtimeClassPrinter } from './runtimeclasses.js';
import { secretPrinter } from './secrets.js';
import { serviceAccountPrinter } from './serviceaccounts.js';
import { servicePrinter } from './services.js';
import { statefulSetPrinter } from './statefulsets.js';
import { storageClassPrinter } from './storageclasses.js';

/** metav1.TableColumnDefinition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** metav1.TableRowCondition; printers.go marks finished pods `Completed`. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** How one kind is printed: its columns and, for one object, the cells in column order. */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  /** The row's cells at `now` (ms since the epoch; AGE and friends are computed from it). */
  cells(obj: KubeObject, now: number): unknown[];
  /** The row order, when the list printer sorts (printFlowSchemaList); the store's order otherwise. */
  sortRows?(objects: readonly KubeObject[]): KubeObject[];
  /** Optional row conditions (pods: Completed for Succeeded/Failed). */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

/** meta.k8s.io/v1 Table as kubectl receives it. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions?: TableColumnDefinition[];
  rows: TableRow[];
}

export interface BuildTableOptions {
  now: number;
  /** What each row carries in `object` (the `includeObject` query parameter; default Metadata). */
  includeObject: 'None' | 'Metadata' | 'Object';
  resourceVersion?: string;
  continue?: string;
  /** `TableOptions.noHeaders`: leave out the column definitions. */
  noHeaders?: boolean;
  /** apiVersion and kind stamped on full objects with includeObject=Object, e.g. `apps/v1`, `Deployment`. */
  apiVersion: string;
  kind: string;
}

const printers = new Map<string, Printer>([
  ['/componentstatuses', componentStatusPrinter],
  ['/configmaps', configMapPrinter],
  ['/endpoints', endpointsPrinter],
  ['/events', eventPrinter],
  ['/namespaces', namespacePrinter],
  ['/nodes', nodePrinter],
  ['/persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['/persistentvolumes', persistentVolumePrinter],
  ['/pods', podPrinter],
  ['/podtemplates', podTemplatePrinter],
  ['/replicationcontrollers', replicationControllerPrinter],
  ['/resourcequotas', resourceQuotaPrinter],
  ['/secrets', secretPrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['/services', servicePrinter],
  ['apiregistration.k8s.io/apiservices', apiServicePrinter],
  ['admissionregistration.k8s.io/mutatingwebhookconfigurations', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/validatingadmissionpolicies', validatingAdmissionPolicyPrinter],
  ['admissionregistration.k8s.io/validatingadmissionpolicybindings', validatingAdmissionPolicyBindingPrinter],
  ['admissionregistration.k8s.io/validatingwebhookconfigurations', webhookConfigurationPrinter],
  ['apps/controllerrevisions', controllerRevisionPrinter],
  ['apps/daemonsets', daemonSetPrinter],
  ['apps/deployments', deploymentPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['apps/statefulsets', statefulSetPrinter],
  ['autoscaling/horizontalpodautoscalers', horizontalPodAutoscalerPrinter],
  ['batch/cronjobs', cronJobPrinter],
  ['batch/jobs', jobPrinter],
  ['certificates.k8s.io/certificatesigningrequests', certificateSigningRequestPrinter],
  ['coordination.k8s.io/leases', leasePrinter],
  ['discovery.k8s.io/endpointslices', endpointSlicePrinter],
  // events.k8s.io Events are stored as core Events upstream and printed by the same handler.
  ['flowcontrol.apiserver.k8s.io/flowschemas', flowSchemaPrinter],
  ['flowcontrol.apiserver.k8s.io/prioritylevelconfigurations', priorityLevelConfigurationPrinter],
  ['events.k8s.io/events', { ...eventPrinter, cells: (obj, now) => eventPrinter.cells(v1EventToCore(obj), now) }],
  ['networking.k8s.io/ingressclasses', ingressClassPrinter],
  ['networking.k8s.io/ingresses', ingressPrinter],
  ['networking.k8s.io/networkpolicies', networkPolicyPrinter],
  ['node.k8s.io/runtimeclasses', runtimeClassPrinter],
  ['policy/poddisruptionbudgets', podDisruptionBudgetPrinter],
  ['rbac.authorization.k8s.io/clusterrolebindings', clusterRoleBindingPrinter],
  ['rbac.authorization.k8s.io/rolebindings', roleBindingPrinter],
  ['scheduling.k8s.io/priorityclasses', priorityClassPrinter],
  ['storage.k8s.io/csidrivers', csiDriverPrinter],
  ['storage.k8s.io/csinodes', csiNodePrinter],
  ['storage.k8s.io/csistoragecapacities', csiStorageCapacityPrinter],
  ['storage.k8s.io/storageclasses', storageClassPrinter],
  ['storage.k8s.io/volumeattachments', volumeAttachmentPrinter],
]);

/**
 * The printer for a group and plural resource (`''`/`pods`, `apps`/`deployments`). Kinds without
 * a printer in printers.go (limitranges, roles, …) get the apiserver's default table, NAME and
 * CREATED AT, exactly as a real cluster prints them.
 */
export function printerFor(group: string, resource: string): Printer {
  return printers.get(`${group}/${resource}`) ?? defaultPrinter;
}

/** Builds the Table for a list (or a single object, as a one-element list). */
export function buildTable(printer: Printer, objects: readonly KubeObject[], opts: BuildTableOptions): Table {
  const metadata: Table['metadata'] = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  const table: Table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, rows: [] };
  if (!opts.noHeaders) table.columnDefinitions = printer.columns.map((c) => ({ ...c }));
  for (const obj of printer.sortRows ? printer.sortRows(objects) : objects) {
    const row: TableRow = { cells: printer.cells(obj, opts.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, opts);
    if (object !== undefined) row.object = object;
    table.rows.push(row);
  }
  return table;
}

function rowObject(obj: KubeObject, opts: BuildTableOptions): unknown {
  switch (opts.includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      // Stored items may omit their type meta; a full object in a Table row must carry it.
      return Object.assign({ apiVersion: opts.apiVersion, kind: opts.kind }, obj, { apiVersion: opts.apiVersion, kind: opts.kind });
    case 'Metadata':
      // The full ObjectMeta: kubectl reads labels (-L, --show-labels) and namespace (-A) from it.
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}

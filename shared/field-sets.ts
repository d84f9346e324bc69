/**
 * The selectable fields of each kind: the field map a field selector is matched against, as the
 * registries' `ToSelectableFields` functions build it in k8s 1.32 (pkg/registry/<group>/<kind>/
 * strategy.go). Which fields a request may name is decided earlier, by convertFieldSelector in
 * fields.ts; the two lists differ on purpose, as they do upstream.
 */
import type { KubeObject } from './api/meta.js';

type FieldSet = Record<string, string>;
/** How one selectable field reads from the object. */
type Getter = (obj: KubeObject) => string;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const int = (value: unknown): string => String(typeof value === 'number' ? value : 0);
// Go's strconv.FormatBool of a bool that defaults to false.
const bool = (value: unknown): string => (value === true ? 'true' : 'false');

const podFields: Record<string, Getter> = {
  'spec.nodeName': (pod) => str(pod.spec?.nodeName),
  'spec.restartPolicy': (pod) => str(pod.spec?.restartPolicy),
  'spec.schedulerName': (pod) => str(pod.spec?.schedulerName),
  'spec.serviceAccountName': (pod) => str(pod.spec?.serviceAccountName),
  'spec.hostNetwork': (pod) => bool(pod.spec?.hostNetwork),
  'status.phase': (pod) => str(pod.status?.phase),
  // The registry reads podIPs[0]; podIP is its v1 mirror, filled in by conversion when alone.
  'status.podIP': (pod) => str(pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP),
  'status.nominatedNodeName': (pod) => str(pod.status?.nominatedNodeName),
};

/** Core and events.k8s.io Events share storage, so both shapes map to the core field names. */
const involved = (event: KubeObject): Record<string, unknown> => event.involvedObject ?? event.regarding ?? {};
const reportingComponent = (event: KubeObject): string => str(event.reportingComponent) || str(event.reportingController);
const eventFields: Record<string, Getter> = {
  'involvedObject.kind': (event) => str(involved(event).kind),
  'involvedObject.namespace': (event) => str(involved(event).namespace),
  'involvedObject.name': (event) => str(involved(event).name),
  'involvedObject.uid': (event) => str(involved(event).uid),
  'involvedObject.apiVersion': (event) => str(involved(event).apiVersion),
  'involvedObject.resourceVersion': (event) => str(involved(event).resourceVersion),
  'involvedObject.fieldPath': (event) => str(involved(event).fieldPath),
  reason: (event) => str(event.reason),
  reportingComponent,
  // An event written through events.k8s.io has no source: the reporting controller stands in.
  source: (event) => str((event.source ?? event.deprecatedSource ?? {}).component) || reportingComponent(event),
  type: (event) => str(event.type),
};

const specificFields: Record<string, Record<string, Getter>> = {
  pods: podFields,
  events: eventFields,
  nodes: { 'spec.unschedulable': (node) => bool(node.spec?.unschedulable) },
  // The bare `name` key is kept upstream for compatibility; no conversion lets a request reach it.
  namespaces: { 'status.phase': (ns) => str(ns.status?.phase), name: (ns) => str(ns.metadata.name) },
  secrets: { type: (secret) => str(secret.type) },
  services: { 'spec.clusterIP': (svc) => str(svc.spec?.clusterIP), 'spec.type': (svc) => str(svc.spec?.type) },
  replicationcontrollers: { 'status.replicas': (rc) => int(rc.status?.replicas) },
  replicasets: { 'status.replicas': (rs) => int(rs.status?.replicas) },
  jobs: { 'status.successful': (job) => int(job.status?.succeeded) },
};

const metadataFields: Record<string, Getter> = {
  'metadata.name': (obj) => str(obj.metadata.name),
  'metadata.namespace': (obj) => str(obj.metadata.namespace),
};

/**
 * The selectable fields of an object of the given resource (plural, e.g. `pods`):
 * metadata.name and metadata.namespace plus the kind's own fields (reference/kubectl-compat.md §5).
 * Values are strings as the registry formats them (`"true"`, `"3"`). Cluster-scoped kinds get an
 * empty metadata.namespace, which matches exactly what upstream's missing key does.
 */
export function fieldsOf(resource: string, obj: KubeObject): Record<string, string> {
  const fields: FieldSet = {};
  const own = Object.hasOwn(specificFields, resource) ? specificFields[resource] : {};
  for (const [name, get] of Object.entries(own)) fields[name] = get(obj);
  for (const [name, get] of Object.entries(metadataFields)) fields[name] = get(obj);
  return fields;
}

/**
 * One selectable field of the object, as fieldsOf() would give it ('' for a field the kind does
 * not have). Watches match with this: a kubelet's `spec.nodeName=` watch reads one field of each
 * pod version instead of building the whole map (40,000 of them when 10,000 pods start).
 */
export function fieldOf(resource: string, obj: KubeObject, field: string): string {
  const own = Object.hasOwn(specificFields, resource) ? specificFields[resource] : undefined;
  const get = own && Object.hasOwn(own, field) ? own[field] : Object.hasOwn(metadataFields, field) ? metadataFields[field] : undefined;
  return get ? get(obj) : '';
}

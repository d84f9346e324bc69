/**
 * The selectable fields of each kind: the field map a field selector is matched against, as the
 * registries' `ToSelectableFields` functions build it in k8s 1.32 (pkg/registry/<group>/<kind>/
 * strategy.go). Which fields a request may name is decided earlier, by convertFieldSelector in
 * fields.ts; the two lists differ on purpose, as they do upstream.
 */
import type { KubeObject } from './api/meta.js';

type FieldSet = Record<string, string>;
type SpecificFields = (obj: KubeObject) => FieldSet;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const int = (value: unknown): string => String(typeof value === 'number' ? value : 0);
// Go's strconv.FormatBool of a bool that defaults to false.
const bool = (value: unknown): string => (value === true ? 'true' : 'false');

const podFields: SpecificFields = (pod) => {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  return {
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': bool(spec.hostNetwork),
    'status.phase': str(status.phase),
    // The registry reads podIPs[0]; podIP is its v1 mirror, filled in by conversion when alone.
    'status.podIP': str(status.podIPs?.[0]?.ip ?? status.podIP),
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
};

/** Core and events.k8s.io Events share storage, so both shapes map to the core field names. */
const eventFields: SpecificFields = (event) => {
  const involved = event.involvedObject ?? event.regarding ?? {};
  const reportingComponent = str(event.reportingComponent) || str(event.reportingController);
  const source = event.source ?? event.deprecatedSource ?? {};
  return {
    'involvedObject.kind': str(involved.kind),
    'involvedObject.namespace': str(involved.namespace),
    'involvedObject.name': str(involved.name),
    'involvedObject.uid': str(involved.uid),
    'involvedObject.apiVersion': str(involved.apiVersion),
    'involvedObject.resourceVersion': str(involved.resourceVersion),
    'involvedObject.fieldPath': str(involved.fieldPath),
    reason: str(event.reason),
    reportingComponent,
    // An event written through events.k8s.io has no source: the reporting controller stands in.
    source: str(source.component) || reportingComponent,
    type: str(event.type),
  };
};

const specificFields: Record<string, SpecificFields> = {
  pods: podFields,
  events: eventFields,
  nodes: (node) => ({ 'spec.unschedulable': bool(node.spec?.unschedulable) }),
  // The bare `name` key is kept upstream for compatibility; no conversion lets a request reach it.
  namespaces: (ns) => ({ 'status.phase': str(ns.status?.phase), name: str(ns.metadata.name) }),
  secrets: (secret) => ({ type: str(secret.type) }),
  services: (svc) => ({ 'spec.clusterIP': str(svc.spec?.clusterIP), 'spec.type': str(svc.spec?.type) }),
  replicationcontrollers: (rc) => ({ 'status.replicas': int(rc.status?.replicas) }),
  replicasets: (rs) => ({ 'status.replicas': int(rs.status?.replicas) }),
  jobs: (job) => ({ 'status.successful': int(job.status?.succeeded) }),
};

/**
 * The selectable fields of an object of the given resource (plural, e.g. `pods`):
 * metadata.name and metadata.namespace plus the kind's own fields (reference/kubectl-compat.md §5).
 * Values are strings as the registry formats them (`"true"`, `"3"`). Cluster-scoped kinds get an
 * empty metadata.namespace, which matches exactly what upstream's missing key does.
 */
export function fieldsOf(resource: string, obj: KubeObject): Record<string, string> {
  // One object, not two spread together: every pod version a watch with a field selector sees
  // (each kubelet's spec.nodeName) builds this once, 40,000 times when 10,000 pods start.
  const fields: FieldSet = specificFields[resource]?.(obj) ?? {};
  fields['metadata.name'] = str(obj.metadata.name);
  fields['metadata.namespace'] = str(obj.metadata.namespace);
  return fields;
}

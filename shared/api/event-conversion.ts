/**
 * events.k8s.io/v1 Events are the core/v1 Events seen through the newer API: Kubernetes keeps
 * one storage for both and converts field by field (note ↔ message, regarding ↔ involvedObject,
 * deprecatedCount ↔ count, …). kubelab does the same, so an event a kubelet records through
 * core/v1 is listed by both `kubectl get events` and `kubectl get events.events.k8s.io`.
 */
import type { KubeObject } from './meta.js';

/** [events.k8s.io/v1 field, core/v1 field] */
const renamed: [string, string][] = [
  ['note', 'message'],
  ['regarding', 'involvedObject'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];
const shared = ['eventTime', 'series', 'reportingInstance', 'action', 'reason', 'type', 'related'];

function move(from: KubeObject, to: KubeObject, pairs: [string, string][]): void {
  for (const [source, target] of pairs) if (from[source] !== undefined && from[source] !== null) to[target] = from[source];
}

export function coreEventToV1(core: KubeObject): KubeObject {
  const out: KubeObject = { kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata: core.metadata };
  move(core, out, shared.map((f) => [f, f]));
  move(core, out, renamed.map(([v1, c]) => [c, v1]));
  // eventTime is required in events.k8s.io/v1; legacy events show it as null, as the apiserver does.
  if (out.eventTime === undefined) out.eventTime = null;
  return out;
}

export function v1EventToCore(v1: KubeObject): KubeObject {
  const out: KubeObject = { kind: 'Event', apiVersion: 'v1', metadata: v1.metadata };
  move(v1, out, shared.map((f) => [f, f]));
  move(v1, out, renamed);
  if (out.eventTime === null) delete out.eventTime;
  return out;
}

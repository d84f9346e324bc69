/**
 * `kubectl describe deployment` (describe.go `describeDeployment`): replicas summary, strategy,
 * the pod template, conditions, the old and new ReplicaSets, events. The new ReplicaSet is the
 * oldest one controlled by the Deployment whose template equals the Deployment's ignoring the
 * pod-template-hash label (kubectl deploymentutil FindNewReplicaSet); every other one is old.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { selectorFromLabelSelector } from '../labels.js';
import { eventsFor, describeEvents } from './events.js';
import { byteOrder, controllerRef, int, intOrStringText, rfc1123z, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './pod-template.js';
import { semanticEqual } from './semantic-equal.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const replicaSetsRef = { group: 'apps', version: 'v1', resource: 'replicasets' };
const hashLabel = 'pod-template-hash';

export async function describeDeploymentObject(client: ApiClient, deployment: KubeObject, now: number): Promise<string> {
  const events = await eventsFor(client, deployment, 'Deployment');
  let replicaSets: { old: KubeObject[]; current: KubeObject[] } = { old: [], current: [] };
  try {
    const selector = selectorFromLabelSelector(deployment.spec?.selector);
    const list = await client.list(replicaSetsRef, deployment.metadata.namespace, { labelSelector: selector.toString() });
    replicaSets = splitReplicaSets(deployment, list.items);
  } catch (err) {
    void err; // kubectl prints no ReplicaSet lines when it cannot list them
  }
  return describeDeployment(deployment, replicaSets, events, now);
}

function withoutHash(template: Json): Json {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[hashLabel];
  return copy;
}

/** The ReplicaSets the Deployment controls, split into the new one and the old ones. */
export function splitReplicaSets(deployment: KubeObject, replicaSets: readonly KubeObject[]): { old: KubeObject[]; current: KubeObject[] } {
  const owned = replicaSets
    .filter((rs) => controllerRef(rs)?.uid === deployment.metadata.uid)
    .sort((a, b) => {
      const at = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
      const bt = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
      return at - bt || byteOrder(a.metadata.name ?? '', b.metadata.name ?? '');
    });
  const template = withoutHash(deployment.spec?.template);
  const current = owned.find((rs) => semanticEqual(withoutHash(rs.spec?.template), template));
  return { old: owned.filter((rs) => rs !== current), current: current ? [current] : [] };
}

function replicaSetList(replicaSets: readonly KubeObject[]): string {
  const text = replicaSets.map((rs) => `${rs.metadata.name} (${int(rs.status?.replicas)}/${int(rs.spec?.replicas)} replicas created)`).join(', ');
  return text || '<none>';
}

export function describeDeployment(deployment: Json, replicaSets: { old: KubeObject[]; current: KubeObject[] }, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = deployment.spec ?? {};
    const status = deployment.status ?? {};
    w.write(0, `Name:\t${deployment.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(deployment.metadata.namespace)}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(deployment.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', deployment.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', deployment.metadata.annotations);
    w.write(0, `Selector:\t${selectorFromLabelSelector(spec.selector).toString()}\n`);
    w.write(
      0,
      `Replicas:\t${int(spec.replicas)} desired | ${int(status.updatedReplicas)} updated | ${int(status.replicas)} total | ${int(status.availableReplicas)} available | ${int(status.unavailableReplicas)} unavailable\n`,
    );
    w.write(0, `StrategyType:\t${str(spec.strategy?.type)}\n`);
    w.write(0, `MinReadySeconds:\t${int(spec.minReadySeconds)}\n`);
    const rolling = spec.strategy?.rollingUpdate;
    if (rolling) w.write(0, `RollingUpdateStrategy:\t${intOrStringText(rolling.maxUnavailable)} max unavailable, ${intOrStringText(rolling.maxSurge)} max surge\n`);
    describePodTemplate(spec.template, w);
    const conditions: Json[] = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(1, '----\t------\t------\n');
      for (const c of conditions) w.write(1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`);
    }
    if (replicaSets.old.length > 0 || replicaSets.current.length > 0) {
      w.write(0, `OldReplicaSets:\t${replicaSetList(replicaSets.old)}\n`);
      w.write(0, `NewReplicaSet:\t${replicaSetList(replicaSets.current)}\n`);
    }
    describeEvents(events, w, now);
  });
}

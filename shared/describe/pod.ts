/**
 * `kubectl describe pod` (describe.go `describePod`; reference/k8s-behaviour.md §1.9): the top
 * block (node/host IP, start time, labels, annotations, status or `Terminating (lasts …)`, IPs,
 * controller), init containers, containers, ephemeral containers, readiness gates, conditions,
 * volumes, QoS class, node selectors, tolerations, topology spread constraints and events. Events
 * are searched without a kind and by the pod's uid (a mirror pod's by its mirror annotation).
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { translateTimestampSince } from '../duration.js';
import { describeContainers, describeResources } from './containers.js';
import { describeEvents, searchEvents } from './events.js';
import { controllerOf, int, rfc1123z, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './multiline.js';
import { podQosClass } from './pod-resources.js';
import { describeTopologySpreadConstraints } from './pod-template.js';
import { describeVolumes } from './volumes.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const mirrorPodAnnotation = 'kubernetes.io/config.mirror';

export async function describePodObject(client: ApiClient, pod: KubeObject, now: number): Promise<string> {
  let events: KubeObject[] = [];
  try {
    const uid = pod.metadata.annotations?.[mirrorPodAnnotation] ?? pod.metadata.uid;
    events = await searchEvents(client, { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '', uid });
  } catch (err) {
    void err; // kubectl ignores a failed event search and describes the pod without events
  }
  return describePod(pod, events, now);
}

function describePodIps(pod: Json, w: PrefixWriter): void {
  const ips: Json[] = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(0, 'IPs:\t<none>\n');
    return;
  }
  w.write(0, 'IPs:\n');
  for (const ip of ips) w.write(1, `IP:\t${str(ip.ip)}\n`);
}

/** The describe text of a pod and its events (pure: tests call it directly). */
export function describePod(pod: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    w.write(0, `Name:\t${pod.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(pod.metadata.namespace)}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(0, `Priority:\t${int(spec.priority)}\n`);
    if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${str(status.hostIP)}\n` : 'Node:\t<none>\n');
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(pod.metadata.deletionTimestamp, now)})\n`);
      w.write(0, `Termination Grace Period:\t${int(pod.metadata.deletionGracePeriodSeconds)}s\n`);
    } else {
      w.write(0, `Status:\t${str(status.phase)}\n`);
    }
    if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(0, `SeccompProfile:\t${str(seccomp.type)}\n`);
      if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
    }
    w.write(0, `IP:\t${str(status.podIP)}\n`);
    describePodIps(pod, w);
    const controlledBy = controllerOf(pod);
    if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(0, 'Resources:\n');
      describeResources(spec.resources, w, 1);
    }
    if ((spec.initContainers ?? []).length > 0) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses ?? [], pod, w, '');
    describeContainers('Containers', spec.containers, status.containerStatuses ?? [], pod, w, '');
    if ((spec.ephemeralContainers ?? []).length > 0) describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses ?? [], pod, w, '');
    describeConditions(pod, w);
    describeVolumes(spec.volumes, w, '');
    w.write(0, `QoS Class:\t${podQosClass(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    describeEvents(events, w, now);
  });
}

function describeConditions(pod: Json, w: PrefixWriter): void {
  const conditions: Json[] = pod.status?.conditions ?? [];
  const gates: Json[] = pod.spec?.readinessGates ?? [];
  if (gates.length > 0) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const gate of gates) {
      const condition = conditions.find((c) => c.type === gate.conditionType);
      w.write(1, `${str(gate.conditionType)} \t${condition ? str(condition.status) : '<none>'} \n`);
    }
  }
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(1, `${str(c.type)} \t${str(c.status)} \n`);
  }
}

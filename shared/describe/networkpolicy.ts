/**
 * `kubectl describe networkpolicy` (describe.go `describeNetworkPolicy`): creation time in Go's
 * time.String() form, the pod selector, then what ingress and egress traffic the policy allows,
 * rule by rule (ports, peers by pod/namespace selector or IP block), and the policy types. kubectl
 * looks up no events for NetworkPolicies.
 */
import { formatLabelSelector } from '../labels.js';
import { orNone } from '../printers/columns.js';
import { str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Go's time.Time.String() in the local zone: `2026-01-05 01:16:00 +0000 UTC`. */
export function goTimeString(timestamp: string | undefined | null): string {
  const ms = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms)) return '0001-01-01 00:00:00 +0000 UTC';
  const at = new Date(ms);
  const offset = -at.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(offset) / 60))}${pad2(Math.abs(offset) % 60)}`;
  const name = offset === 0 ? 'UTC' : (new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? zone);
  return `${at.getFullYear()}-${pad2(at.getMonth() + 1)}-${pad2(at.getDate())} ${pad2(at.getHours())}:${pad2(at.getMinutes())}:${pad2(at.getSeconds())} ${zone} ${name}`;
}

function printPorts(ports: readonly Json[] | undefined, indent: string, w: PrefixWriter): void {
  if (!ports || ports.length === 0) {
    w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const port of ports) {
    const protocol = port.protocol ?? 'TCP';
    // A port left out is a nil pointer, which Go's fmt prints as <nil>.
    const number = port.port === undefined || port.port === null ? '<nil>' : String(port.port);
    if (port.endPort === undefined || port.endPort === null) w.write(0, `${indent}To Port: ${number}/${protocol}\n`);
    else w.write(0, `${indent}To Port Range: ${number}-${port.endPort}/${protocol}\n`);
  }
}

function printPeers(title: 'From' | 'To', peers: readonly Json[] | undefined, indent: string, w: PrefixWriter): void {
  if (!peers || peers.length === 0) {
    w.write(0, title === 'From' ? `${indent}From: <any> (traffic not restricted by source)\n` : `${indent}To: <any> (traffic not restricted by destination)\n`);
    return;
  }
  for (const peer of peers) {
    w.write(0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    else if (peer.namespaceSelector) w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    else if (peer.ipBlock) {
      w.write(1, `${indent}IPBlock:\n`);
      w.write(2, `${indent}CIDR: ${str(peer.ipBlock.cidr)}\n`);
      w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function printRules(direction: 'ingress' | 'egress', rules: readonly Json[] | undefined, w: PrefixWriter): void {
  const indent = '    ';
  if (!rules || rules.length === 0) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    printPorts(rule.ports, indent, w);
    if (direction === 'ingress') printPeers('From', rule.from, indent, w);
    else printPeers('To', rule.to, indent, w);
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicy(policy: Json): string {
  return tabbedString((w) => {
    const spec = policy.spec ?? {};
    w.write(0, `Name:\t${policy.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(policy.metadata.namespace)}\n`);
    w.write(0, `Created on:\t${goTimeString(policy.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', policy.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', policy.metadata.annotations);
    w.write(0, 'Spec:\n');
    w.write(1, 'PodSelector: ');
    const selector = spec.podSelector ?? {};
    if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
      w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    } else {
      w.write(2, `${formatLabelSelector(selector)}\n`);
    }
    const types: string[] = spec.policyTypes ?? [];
    if (types.includes('Ingress')) {
      w.write(1, 'Allowing ingress traffic:\n');
      printRules('ingress', spec.ingress, w);
    } else w.write(1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(1, 'Allowing egress traffic:\n');
      printRules('egress', spec.egress, w);
    } else w.write(1, 'Not affecting egress traffic\n');
    w.write(1, `Policy Types: ${orNone(types.join(', '))}\n`);
  });
}

/**
 * Node objects as a kubelet registers them (labels, capacity/allocatable, Ready=True), for tests
 * that run without kubelets: the default lab cluster is a tainted `control-plane` plus `node1..3`.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient } from '../../shared/client/client.js';

export const nodesRef = { group: '', version: 'v1', resource: 'nodes' };

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  controlPlane?: boolean;
}

export function nodeObject(name: string, options: NodeOptions = {}): KubeObject {
  const resources = { cpu: options.cpu ?? '2', memory: options.memory ?? '8Gi', pods: options.pods ?? '110', 'ephemeral-storage': '100Gi' };
  const labels: Record<string, string> = { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...options.labels };
  const taints = [...(options.taints ?? [])];
  if (options.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
  }
  const now = '2026-01-01T00:00:00Z';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: { ...(taints.length > 0 ? { taints } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
    },
  };
}

/** The default lab cluster: `control-plane` (tainted NoSchedule) and workers node1..node<workers>. */
export async function createLabNodes(client: ApiClient, workers = 3, options: NodeOptions = {}): Promise<void> {
  await client.create(nodesRef, undefined, nodeObject('control-plane', { ...options, controlPlane: true }));
  for (let i = 1; i <= workers; i++) await client.create(nodesRef, undefined, nodeObject(`node${i}`, options));
}

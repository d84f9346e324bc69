/** Builders of the objects the TUI model tests feed in: nodes and pods as the API returns them. */
import type { KubeObject } from '../../../shared/api/meta.js';

export function node(name: string, options: { ready?: boolean; unschedulable?: boolean; taints?: object[]; cpu?: string; memory?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}` },
    spec: { unschedulable: options.unschedulable, taints: options.taints },
    status: {
      allocatable: { cpu: options.cpu ?? '2', memory: options.memory ?? '4Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: options.ready === false ? 'Unknown' : 'True' }],
    },
  };
}

export type PodState = 'running' | 'pending' | 'crash' | 'terminating' | 'completed';

export function pod(name: string, nodeName: string | undefined, state: PodState = 'running', requests: { cpu?: string; memory?: string } = { cpu: '100m', memory: '128Mi' }, owner?: string): KubeObject {
  const statuses: Record<PodState, object> = {
    running: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] },
    pending: { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
    crash: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    terminating: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] },
    completed: { phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      ...(state === 'terminating' ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true }] } : {}),
    },
    spec: { nodeName, containers: [{ name: 'app', image: 'nginx', resources: { requests } }] },
    status: statuses[state],
  };
}

/**
 * Lab progress, kept in the cluster's own store as the ConfigMap kube-system/kubelab-labs: the
 * active lab and, per lab, the steps passed and when the current step began. In the store rather
 * than a file of the CLI, because the daemon's LevelDB survives its restarts and every client (the
 * CLI, a TUI in another terminal) then sees the same progress; kube-system, because learners never
 * delete it and a lab's reset (which deletes the lab's namespace) cannot take it along.
 * Written with the resourceVersion: two clients ticking at once retry on the Conflict.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import type { ApiClient, ResourceRef } from '../client/client.js';
import type { Lab } from './lab-types.js';

export const progressNamespace = 'kube-system';
export const progressName = 'kubelab-labs';
const configMaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };
const maxAttempts = 5;

export interface LabProgress {
  /** Ids of the steps whose check has passed, in the order they passed. */
  passed: string[];
  /** When the current step became current (ms of the cluster's clock): hints come after a while. */
  stepSince: number;
}

export interface ProgressState {
  active?: string;
  labs: Record<string, LabProgress>;
}

const labKey = (id: string): string => `lab.${id}`;

export function progressFromConfigMap(cm: Readonly<KubeObject> | undefined): ProgressState {
  const data = (cm?.data ?? {}) as Record<string, string>;
  const state: ProgressState = { active: data.active || undefined, labs: {} };
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith('lab.')) continue;
    try {
      const parsed = JSON.parse(value) as Partial<LabProgress>;
      state.labs[key.slice(4)] = { passed: Array.isArray(parsed.passed) ? parsed.passed.map(String) : [], stepSince: Number(parsed.stepSince) || 0 };
    } catch {
      state.labs[key.slice(4)] = { passed: [], stepSince: 0 }; // edited by hand into nonsense: start that lab over
    }
  }
  return state;
}

function dataOf(state: ProgressState): Record<string, string> {
  const data: Record<string, string> = {};
  if (state.active) data.active = state.active;
  for (const [id, progress] of Object.entries(state.labs)) data[labKey(id)] = JSON.stringify(progress);
  return data;
}

export async function readProgress(client: ApiClient): Promise<ProgressState> {
  try {
    return progressFromConfigMap(await client.get(configMaps, progressNamespace, progressName));
  } catch (err) {
    if (isNotFound(err)) return { labs: {} };
    throw err;
  }
}

/** Reads, changes and writes the progress; retries when another client wrote in between. */
export async function updateProgress(client: ApiClient, change: (state: ProgressState) => void): Promise<ProgressState> {
  for (let attempt = 1; ; attempt++) {
    let current: KubeObject | undefined;
    try {
      current = await client.get(configMaps, progressNamespace, progressName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const state = progressFromConfigMap(current);
    change(state);
    try {
      if (current) await client.update(configMaps, { ...current, data: dataOf(state) });
      else await client.create(configMaps, progressNamespace, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: progressName, namespace: progressNamespace, labels: { 'app.kubernetes.io/managed-by': 'kubelab' } }, data: dataOf(state) });
      return state;
    } catch (err) {
      if (attempt >= maxAttempts || !(isConflict(err) || isAlreadyExists(err))) throw err;
    }
  }
}

/** The index of the first step not yet passed; steps.length when the lab is done. */
export function currentStepIndex(lab: Lab, progress: LabProgress | undefined): number {
  const passed = new Set(progress?.passed ?? []);
  const index = lab.steps.findIndex((step) => !passed.has(step.id));
  return index < 0 ? lab.steps.length : index;
}

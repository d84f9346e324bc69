/**
 * Starting, advancing and resetting a lab through the ApiClient, shared by `kubelab lab` and the
 * TUI's lab panel. Start creates the lab's namespace labelled kubelab.dev/lab=<id> and makes the
 * lab the active one; advance evaluates the current step's check and ticks every step that passes,
 * in order; reset deletes what the lab made (its labelled namespace, or the namespace its own
 * steps create, with everything in it) and forgets its progress, nothing else. Node-level changes
 * a lab asks for (a killed or cordoned node) are left to the learner to undo.
 */
import { isAlreadyExists, isNotFound } from '../api/errors.js';
import type { Clock } from '../clock.js';
import type { ResourceRef } from '../client/client.js';
import { evaluateCheck, type CheckEnvironment } from './lab-checks.js';
import { currentStepIndex, updateProgress, type ProgressState } from './lab-progress.js';
import { labLabel, type CheckResult, type Lab } from './lab-types.js';

const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };

export interface AdvanceResult {
  progress: ProgressState;
  /** Index of the current step; lab.steps.length when every step has passed. */
  current: number;
  /** What the current step's check found (undefined when the lab is done). */
  result?: CheckResult;
  /** Ids of the steps ticked by this call. */
  ticked: string[];
}

/** Creates the lab's namespace (when it is not a step of the lab) and makes the lab active. Resolves with what it created. */
export async function startLab(lab: Lab, env: Pick<CheckEnvironment, 'client'>, clock: Clock): Promise<{ createdNamespace: boolean }> {
  let createdNamespace = false;
  if (lab.createNamespace) {
    try {
      await env.client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: lab.namespace, labels: { [labLabel]: lab.id } } });
      createdNamespace = true;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
  await updateProgress(env.client, (state) => {
    state.active = lab.id;
    state.labs[lab.id] ??= { passed: [], stepSince: clock.now() };
  });
  return { createdNamespace };
}

/** Evaluates the current step and, while checks pass, the ones after it; records what passed. */
export async function advanceLab(lab: Lab, env: CheckEnvironment, clock: Clock, progress: ProgressState): Promise<AdvanceResult> {
  let current = currentStepIndex(lab, progress.labs[lab.id]);
  const ticked: string[] = [];
  let result: CheckResult | undefined;
  while (current < lab.steps.length) {
    result = await evaluateCheck(lab.steps[current]!.check, env);
    if (result.state !== 'passed') break;
    ticked.push(lab.steps[current]!.id);
    result = undefined;
    current++;
  }
  if (ticked.length === 0) return { progress, current, result, ticked };
  const saved = await updateProgress(env.client, (state) => {
    const entry = (state.labs[lab.id] ??= { passed: [], stepSince: clock.now() });
    for (const id of ticked) if (!entry.passed.includes(id)) entry.passed.push(id);
    entry.stepSince = clock.now();
  });
  return { progress: saved, current: currentStepIndex(lab, saved.labs[lab.id]), result, ticked };
}

/** Deletes what the lab created and forgets its progress. Resolves with one line per deletion. */
export async function resetLab(lab: Lab, env: Pick<CheckEnvironment, 'client'>): Promise<string[]> {
  const done: string[] = [];
  try {
    const ns = await env.client.get(namespaces, undefined, lab.namespace);
    // A namespace of the same name the learner made for something else is left alone.
    const ours = ns.metadata.labels?.[labLabel] === lab.id || !lab.createNamespace;
    if (ours && !ns.metadata.deletionTimestamp) {
      await env.client.delete(namespaces, undefined, lab.namespace);
      done.push(`namespace "${lab.namespace}" deleted`);
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await updateProgress(env.client, (state) => {
    delete state.labs[lab.id];
    if (state.active === lab.id) state.active = undefined;
  });
  return done;
}

/**
 * What kube-scheduler v1.32 does once preemption has chosen a node (Evaluator.prepareCandidate):
 * for each victim, the `DisruptionTarget` condition (reason PreemptionByScheduler) through
 * `pods/status`, a graceful delete (the pod's own terminationGracePeriodSeconds), and a Normal
 * `Preempted` event on the victim naming the preemptor's UID and the node; then the
 * lower-priority pods nominated to that node lose their nomination, so they look elsewhere.
 * Left out: waiting pods of Permit plugins (kubelab has none), async preemption (alpha in 1.32).
 */
import { isNotFound, isStatusError } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { logger } from '../../shared/log.js';
import type { SeriesEventRecorder } from './event-recorder.js';
import { schedulerName } from './messages.js';
import type { PodInfo } from './pod-info.js';

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
const log = logger('scheduler-preemption');

export const reasonPreempted = 'Preempted';
export const actionPreempting = 'Preempting';
/** v1.PodReasonPreemptionByScheduler. */
export const reasonPreemptionByScheduler = 'PreemptionByScheduler';

/** The DisruptionTarget message: the preemptor's scheduler name, then the fixed text. */
export function preemptingMessage(preemptor: Readonly<KubeObject>): string {
  return `${preemptor.spec?.schedulerName ?? schedulerName}: preempting to accommodate a higher priority pod`;
}

/** The victim's event: the preemptor by UID (v1.32 does not name it), then the node. */
export function preemptedMessage(preemptor: Readonly<KubeObject>, nodeName: string): string {
  return `Preempted by pod ${preemptor.metadata.uid ?? ''} on node ${nodeName}`;
}

interface Condition {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface PreemptionExecutorOptions {
  client: ApiClient;
  clock: Clock;
  recorder: SeriesEventRecorder;
}

export class PreemptionExecutor {
  constructor(private readonly options: PreemptionExecutorOptions) {}

  /** prepareCandidate: every victim at once; the first error stops it (the pod retries later). */
  async prepareCandidate(preemptor: Readonly<KubeObject>, nodeName: string, victims: readonly PodInfo[], lowerPriorityNominated: readonly PodInfo[]): Promise<void> {
    await Promise.all(victims.map((victim) => this.preemptPod(preemptor, nodeName, victim.pod)));
    // ClearNominatedNodeName: an error here is logged, not returned — the preemption stands.
    await Promise.all(
      lowerPriorityNominated.map((info) =>
        this.clearNominatedNodeName(info.pod).catch((err) => log.error('cannot clear NominatedNodeName', { pod: info.key, error: (err as Error).message })),
      ),
    );
  }

  /** PreemptPod: the condition (unless it is there already), the delete, then the event. */
  private async preemptPod(preemptor: Readonly<KubeObject>, nodeName: string, victim: Readonly<KubeObject>): Promise<void> {
    const { namespace, name } = victim.metadata;
    try {
      await this.addDisruptionCondition(victim, preemptingMessage(preemptor));
      await this.options.client.delete(pods, namespace, name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      log.debug('victim pod is already deleted', { preemptor: preemptor.metadata.name, victim: `${namespace}/${name}` });
      return;
    }
    log.info('preemptor pod preempted victim pod', { preemptor: `${preemptor.metadata.namespace}/${preemptor.metadata.name}`, victim: `${namespace}/${name}`, node: nodeName });
    this.options.recorder.event(victim, 'Normal', reasonPreempted, actionPreempting, preemptedMessage(preemptor, nodeName), preemptor);
  }

  /**
   * PatchPodStatus with the condition. A JSON patch, because merge patches drop
   * `lastProbeTime: null`; its test ops guard the index, and a pod that changed under the
   * cached copy is read again once.
   */
  private async addDisruptionCondition(victim: Readonly<KubeObject>, message: string, retried = false): Promise<void> {
    const condition = this.disruptionCondition(victim, message);
    if (!condition) return;
    const conditions = (victim.status?.conditions ?? []) as Condition[];
    const index = conditions.findIndex((c) => c.type === condition.type);
    const patch =
      index >= 0
        ? [{ op: 'test', path: `/status/conditions/${index}/type`, value: condition.type }, { op: 'replace', path: `/status/conditions/${index}`, value: condition }]
        : conditions.length > 0
          ? [{ op: 'test', path: `/status/conditions/${conditions.length - 1}/type`, value: conditions[conditions.length - 1]!.type }, { op: 'add', path: '/status/conditions/-', value: condition }]
          : [{ op: 'test', path: '/status/conditions', value: null }, { op: 'add', path: '/status/conditions', value: [condition] }];
    try {
      await this.options.client.patch(pods, victim.metadata.namespace, victim.metadata.name!, 'json', patch, { subresource: 'status' });
    } catch (err) {
      if (retried || !isStatusError(err) || err.code !== 422) throw err;
      const fresh = await this.options.client.get(pods, victim.metadata.namespace, victim.metadata.name!);
      return this.addDisruptionCondition(fresh, message, true);
    }
  }

  /** UpdatePodCondition: the new condition, or undefined when the pod has it already. */
  private disruptionCondition(victim: Readonly<KubeObject>, message: string): Condition | undefined {
    const current = ((victim.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'DisruptionTarget');
    if (current?.status === 'True' && current.reason === reasonPreemptionByScheduler && current.message === message) return undefined;
    // The transition time moves only when the status does.
    const lastTransitionTime = current?.status === 'True' && current.lastTransitionTime ? current.lastTransitionTime : rfc3339(this.options.clock.now());
    return { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime, reason: reasonPreemptionByScheduler, message };
  }

  private async clearNominatedNodeName(pod: Readonly<KubeObject>): Promise<void> {
    if (!pod.status?.nominatedNodeName) return;
    try {
      await this.options.client.patch(pods, pod.metadata.namespace, pod.metadata.name!, 'merge', { status: { nominatedNodeName: null } }, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err; // deleted meanwhile: nothing to clear
    }
  }
}

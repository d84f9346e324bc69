/**
 * The status half of kube-apiserver's API Priority and Fairness config controller: every
 * FlowSchema carries a `Dangling` condition that says whether the priority level it names exists
 * (`False`/`Found`, or `True`/`NotFound`), rewritten when FlowSchemas or priority levels change.
 * Nothing else of that controller runs: kubelab dispatches every request at once.
 */
import { isConflict, isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient, WatchHandle } from '../../shared/client/client.js';
import { rfc3339, type Clock } from '../../shared/clock.js';
import { logger } from '../../shared/log.js';
import { flowSchemas, priorityLevels } from './bootstrap-flowcontrol.js';

const log = logger('apf-config-controller');

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** The Dangling condition a FlowSchema should carry (presyncFlowSchemaStatus), without its time. */
export function danglingCondition(levelName: string, levelExists: boolean): Omit<Condition, 'lastTransitionTime'> {
  const quoted = JSON.stringify(levelName);
  return levelExists
    ? { type: 'Dangling', status: 'False', reason: 'Found', message: `This FlowSchema references the PriorityLevelConfiguration object named ${quoted} and it exists` }
    : { type: 'Dangling', status: 'True', reason: 'NotFound', message: `This FlowSchema references the PriorityLevelConfiguration object named ${quoted} but there is no such object` };
}

export class FlowControlStatus {
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  private readonly watches: WatchHandle[] = [];
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
  ) {}

  /** One pass now, then one after every change of either kind. */
  async start(): Promise<void> {
    await this.syncAll();
    for (const ref of [flowSchemas, priorityLevels]) {
      const from = (await this.client.list(ref, undefined, { limit: 1 })).metadata.resourceVersion;
      this.watches.push(await this.client.watch(ref, undefined, { resourceVersion: from }, () => this.enqueue()));
    }
  }

  /** Resolves when every pass queued so far has run (tests wait on it). */
  settled(): Promise<void> {
    return this.chain;
  }

  stop(): Promise<void> {
    this.stopped = true;
    for (const watch of this.watches) watch.stop();
    return this.chain;
  }

  private enqueue(): void {
    // Events in a burst share one pass: its own status writes come back as events too.
    if (this.stopped || this.pending) return;
    this.pending = true;
    this.chain = this.chain
      .then(() => {
        this.pending = false;
        return this.syncAll();
      })
      .catch((err: unknown) => log.error('status sync failed', { error: String((err as Error)?.stack ?? err) }));
  }

  /** Writes the Dangling condition of every FlowSchema whose condition is out of date, all at once. */
  async syncAll(): Promise<void> {
    const [schemas, levels] = await Promise.all([this.client.list(flowSchemas, undefined), this.client.list(priorityLevels, undefined)]);
    const levelNames = new Set(levels.items.map((pl) => pl.metadata.name));
    await Promise.all(schemas.items.map((fs) => this.writeCondition(fs, levelNames)));
  }

  private async writeCondition(fs: KubeObject, levelNames: Set<string | undefined>): Promise<void> {
    const levelName: string = fs.spec?.priorityLevelConfiguration?.name ?? '';
    const wanted = danglingCondition(levelName, levelNames.has(levelName));
    const conditions: Condition[] = fs.status?.conditions ?? [];
    const current = conditions.find((c) => c.type === 'Dangling');
    if (current && current.status === wanted.status && current.reason === wanted.reason && current.message === wanted.message) return;
    const condition: Condition = { type: 'Dangling', status: wanted.status, lastTransitionTime: rfc3339(this.clock.now()), reason: wanted.reason, message: wanted.message };
    const next = { ...fs, status: { ...fs.status, conditions: [...conditions.filter((c) => c.type !== 'Dangling'), condition] } } as KubeObject;
    try {
      await this.client.update(flowSchemas, next, { subresource: 'status' });
    } catch (err) {
      // Changed or gone meanwhile: the change's own event brings another pass.
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }
}

/**
 * The ClusterRole aggregation controller (kube-controller-manager's clusterrole-aggregation): a
 * ClusterRole with an `aggregationRule` has as its rules those of every ClusterRole its
 * `clusterRoleSelectors` select, selector by selector and each one's roles in name order, each rule once, and keeps them as those roles come,
 * change and go. This is how `admin`, `edit` and `view` grow when a learner labels a role
 * `rbac.authorization.k8s.io/aggregate-to-view: "true"` (the way CRD authors extend them), and how
 * a learner's own aggregated ClusterRole gets its rules. Any change to any ClusterRole queues every
 * aggregating one, as the real controller does; a role whose selector does not parse is left as it
 * is. It records no Events, as the real one does not.
 * Left out: the real controller writes with server-side apply (field manager
 * `clusterrole-aggregation-controller`); kubelab's ApiClient has no apply, so it writes an update
 * with that field manager, which leaves the same rules.
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject, LabelSelector } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { selectorFromLabelSelector, type Selector } from '../../shared/labels.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

const componentName = 'clusterrole-aggregation-controller';
const clusterRoles: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' };
const log = logger(componentName);

export interface ClusterRoleAggregationOptions {
  client: ApiClient;
  clock: Clock;
  clusterRoles: SharedInformer;
}

export class ClusterRoleAggregationController implements Controller {
  readonly name = componentName;
  /** Names of aggregating ClusterRoles. */
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: ClusterRoleAggregationOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    const enqueueAll = (): void => {
      for (const role of options.clusterRoles.list()) if (role.aggregationRule) this.queue.add(role.metadata.name!);
    };
    options.clusterRoles.addEventHandler({ onAdd: enqueueAll, onUpdate: enqueueAll, onDelete: enqueueAll });
  }

  static fromContext(context: ControllerContext): ClusterRoleAggregationController {
    return new ClusterRoleAggregationController({ client: context.client, clock: context.clock, clusterRoles: context.informers.informerFor(clusterRoles) });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (!(await this.options.clusterRoles.waitForSync(signal))) return;
    await runWorkers({ queue: this.queue, sync: (name) => this.sync(name), workers: 1, signal, log });
  }

  /** syncClusterRole: the aggregated rules, written when they differ from the stored ones. */
  async sync(name: string): Promise<void> {
    const role = this.options.clusterRoles.get(name);
    const rule = role?.aggregationRule as { clusterRoleSelectors?: LabelSelector[] } | undefined;
    if (!role || !rule) return;
    const rules = aggregatedRules(name, rule.clusterRoleSelectors ?? [], this.options.clusterRoles.list());
    if (rules === undefined || sameRules(role.rules as unknown[] | undefined, rules)) return;
    const updated = structuredClone(role) as KubeObject;
    updated.rules = rules;
    try {
      // A Conflict means the cache was behind: the worker retries with the newer copy.
      await this.options.client.update(clusterRoles, updated, { fieldManager: componentName });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }
}

/**
 * The rules of the roles the selectors pick (the role itself excepted), sorted by role name, each
 * rule once; undefined when a selector does not parse (the real controller gives up on the role).
 */
export function aggregatedRules(self: string, selectors: readonly LabelSelector[], roles: readonly Readonly<KubeObject>[]): unknown[] | undefined {
  let parsed: Selector[];
  try {
    // metav1.LabelSelectorAsSelector: an empty selector selects every ClusterRole.
    parsed = selectors.map((s) => selectorFromLabelSelector(s, 'everything'));
  } catch (err) {
    log.info('invalid clusterRoleSelector', { clusterRole: self, error: String(err) });
    return undefined;
  }
  const rules: unknown[] = [];
  const seen = new Set<string>();
  // Selector by selector, each one's roles in name order: a second selector's roles come after the first's.
  for (const selector of parsed) {
    const selected = roles.filter((role) => role.metadata.name !== self && selector.matches(role.metadata.labels));
    selected.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
    for (const role of selected) {
      for (const rule of (role.rules as unknown[] | undefined) ?? []) {
        const key = canonical(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(structuredClone(rule));
      }
    }
  }
  return rules;
}

function sameRules(stored: readonly unknown[] | undefined, wanted: readonly unknown[]): boolean {
  const have = stored ?? [];
  return have.length === wanted.length && have.every((rule, i) => canonical(rule) === canonical(wanted[i]));
}

/** JSON with object keys sorted: two rules are the same rule whatever order their fields came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Where the learner is: the view stack (enter drills in, esc goes back), the history of `:`
 * commands (`[` and `]`, as k9s), the current namespace and the favourite namespaces (`0` all,
 * `1`–`9`), and what enter on a row opens (deployment → its pods by selector, node → its pods by
 * spec.nodeName, service → its endpoints). Plain data: the app re-renders from `current`.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ResourceInfo } from '../../shared/api/resources.js';
import type { ResourceRef } from '../../shared/client/client.js';
import { formatLabelSelector, selectorFromSet } from '../../shared/labels.js';
import type { ObjectTarget } from '../views/view-props.js';
import { resourceByPath } from './aliases.js';

export interface TableView {
  type: 'table';
  resource: ResourceInfo;
  /** undefined: every namespace (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export type ViewSpec =
  | TableView
  | { type: 'describe'; target: ObjectTarget }
  | { type: 'yaml'; target: ObjectTarget }
  | { type: 'decode'; target: ObjectTarget }
  | { type: 'logs'; target: ObjectTarget; container?: string; previous?: boolean }
  | { type: 'map' }
  | { type: 'xray'; ref: ResourceRef; namespace?: string }
  | { type: 'rules'; node: string }
  | { type: 'lab' }
  | { type: 'help' };

/** k9s keeps up to nine favourite namespaces on keys 1–9. */
const maxFavourites = 9;

export function refOf(info: ResourceInfo): ResourceRef {
  return { group: info.group, version: info.version, resource: info.resource };
}

export function targetOf(view: TableView, obj: Readonly<KubeObject>): ObjectTarget {
  return { ref: refOf(view.resource), namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

/** A short title: `pods(default)`, `pods(all)[app=web]`, `nodes`, `describe pods/web-1`. */
export function titleOf(view: ViewSpec): string {
  switch (view.type) {
    case 'table': {
      const scope = view.resource.namespaced ? `(${view.namespace ?? 'all'})` : '';
      const filter = [view.labelSelector, view.fieldSelector].filter(Boolean).join(',');
      return `${view.resource.resource}${scope}${filter ? `[${filter}]` : ''}`;
    }
    case 'describe':
    case 'yaml':
    case 'decode':
    case 'logs':
      return `${view.type} ${view.target.ref.resource}/${view.target.name}${view.type === 'logs' && view.previous ? ' (previous)' : ''}`;
    case 'map':
      return 'cluster map';
    case 'xray':
      return `xray ${view.ref.resource}`;
    case 'rules':
      return `rules ${view.node}`;
    case 'lab':
      return 'lab';
    case 'help':
      return 'help';
  }
}

/** The pods a workload selects, as a label selector string, or undefined when it selects none. */
function workloadSelector(obj: Readonly<KubeObject>): string | undefined {
  const selector = obj.spec?.selector;
  if (!selector) return undefined;
  // ReplicationControllers select with a plain map; the others with a LabelSelector.
  const text = obj.kind === 'ReplicationController' || (!selector.matchLabels && !selector.matchExpressions) ? selectorFromSet(selector).toString() : formatLabelSelector(selector);
  return text && text !== '<none>' && text !== '<error>' ? text : undefined;
}

const podsInfo = (): ResourceInfo => resourceByPath('', 'pods')!;

/** What enter on a row opens: a related table, or undefined (the caller describes the object). */
export function drillIn(view: TableView, obj: Readonly<KubeObject>): ViewSpec | undefined {
  const name = obj.metadata.name ?? '';
  const namespace = obj.metadata.namespace;
  switch (view.resource.resource) {
    case 'deployments':
    case 'replicasets':
    case 'statefulsets':
    case 'daemonsets':
    case 'jobs':
    case 'replicationcontrollers': {
      const labelSelector = workloadSelector(obj);
      return labelSelector ? { type: 'table', resource: podsInfo(), namespace, labelSelector } : undefined;
    }
    case 'nodes':
      return { type: 'table', resource: podsInfo(), fieldSelector: `spec.nodeName=${name}` };
    case 'services':
      return { type: 'table', resource: resourceByPath('', 'endpoints')!, namespace, fieldSelector: `metadata.name=${name}` };
    case 'namespaces':
      return { type: 'table', resource: podsInfo(), namespace: name };
    default:
      return undefined;
  }
}

export class Navigation {
  private stack: ViewSpec[];
  private history: ViewSpec[];
  private historyIndex = 0;
  /** The namespace tables open in; undefined means all namespaces. */
  namespace: string | undefined;
  favourites: string[];

  constructor(first: ViewSpec, namespace: string | undefined) {
    this.stack = [first];
    this.history = [first];
    this.namespace = namespace;
    this.favourites = namespace ? [namespace] : ['default'];
  }

  get current(): ViewSpec {
    return this.stack[this.stack.length - 1]!;
  }

  /** The view under the current one, if any (help shows its keys). */
  get underneath(): ViewSpec | undefined {
    return this.stack[this.stack.length - 2];
  }

  /** Titles from the root of the stack to the current view, for the crumbs bar. */
  crumbs(): string[] {
    return this.stack.map(titleOf);
  }

  /** Opens a view above the current one (drill-in, describe, logs…): esc comes back. */
  push(view: ViewSpec): void {
    this.stack.push(view);
  }

  /** Leaves the current view; false when it is the root (nothing to go back to). */
  back(): boolean {
    if (this.stack.length <= 1) return false;
    this.stack.pop();
    return true;
  }

  /** A `:` command: the view replaces the stack and joins the history (forward entries dropped). */
  goTo(view: ViewSpec): void {
    this.stack = [view];
    this.history = [...this.history.slice(0, this.historyIndex + 1), view];
    this.historyIndex = this.history.length - 1;
    if (view.type === 'table' && view.resource.namespaced && view.namespace) this.remember(view.namespace);
  }

  /** `[`: the previous command's view; false at the oldest. */
  historyBack(): boolean {
    if (this.historyIndex === 0) return false;
    this.stack = [this.history[--this.historyIndex]!];
    return true;
  }

  /** `]`: the next command's view; false at the newest. */
  historyForward(): boolean {
    if (this.historyIndex >= this.history.length - 1) return false;
    this.stack = [this.history[++this.historyIndex]!];
    return true;
  }

  /** `0` (undefined: all) or a favourite: the current table, if namespaced, follows. */
  switchNamespace(namespace: string | undefined): void {
    this.namespace = namespace;
    if (namespace) this.remember(namespace);
    const top = this.current;
    if (top.type === 'table' && top.resource.namespaced) this.stack[this.stack.length - 1] = { ...top, namespace };
  }

  /** The namespace behind key `1`–`9`, or undefined. */
  favourite(index: number): string | undefined {
    return this.favourites[index - 1];
  }

  /** As k9s: a namespace not yet a favourite goes first; known ones keep their key. */
  private remember(namespace: string): void {
    if (this.favourites.includes(namespace)) return;
    this.favourites = [namespace, ...this.favourites].slice(0, maxFavourites);
  }
}

/**
 * The admission configuration the API server enforces, kept in memory as kube-apiserver keeps it
 * in its informers: ValidatingAdmissionPolicies with their bindings, and validating / mutating
 * webhook configurations. The cache follows the store through watches on those prefixes and
 * rebuilds its snapshot lazily on the first request after a change (they change rarely).
 *
 * The snapshot indexes hooks by the `group/resource` their rules name, so that a request for a
 * resource no policy or webhook names costs one map lookup (two with the `*` wildcard list);
 * with no policies and no webhooks at all, `empty` short-cuts even that.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { resourcePrefix } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';
import { WatchedSnapshot } from '../watched-snapshot.js';

const group = 'admissionregistration.k8s.io';
const prefixes = {
  policies: resourcePrefix(group, 'validatingadmissionpolicies'),
  bindings: resourcePrefix(group, 'validatingadmissionpolicybindings'),
  validatingWebhooks: resourcePrefix(group, 'validatingwebhookconfigurations'),
  mutatingWebhooks: resourcePrefix(group, 'mutatingwebhookconfigurations'),
};

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** One policy and the bindings that name it (sorted by name, as the informer lists them). */
export interface PolicyHook {
  policy: KubeObject;
  bindings: KubeObject[];
}

/** One webhook of a configuration. */
export interface WebhookHook {
  configuration: KubeObject;
  webhook: Json;
  mutating: boolean;
}

/** Hooks keyed by the `group/resource` their rules name; `*` holds the wildcard ones. */
export class HookIndex<T> {
  private readonly byResource = new Map<string, T[]>();
  size = 0;

  add(hook: T, rules: Json[] | undefined): void {
    let keys = new Set<string>();
    for (const rule of rules ?? []) {
      const groups: string[] = rule?.apiGroups ?? [];
      const resources: string[] = rule?.resources ?? [];
      for (const g of groups) for (const r of resources) keys.add(g === '*' || r.startsWith('*') ? '*' : `${g}/${r.split('/')[0]}`);
    }
    // Equivalent matching may reach a resource through another group (events, HPAs): index those too.
    for (const key of [...keys]) if (key === 'events.k8s.io/events' || key === '/events') keys.add(key === '/events' ? 'events.k8s.io/events' : '/events');
    // A hook under `*` is a candidate for every request: also listing it under a resource would
    // run it twice for that resource (two warnings from one Warn binding).
    if (keys.has('*')) keys = new Set(['*']);
    for (const key of keys) {
      const list = this.byResource.get(key);
      if (list) list.push(hook);
      else this.byResource.set(key, [hook]);
    }
    this.size++;
  }

  /** The hooks whose rules may match a request for `group/resource` (in the order they were added). */
  candidates(groupName: string, resource: string): T[] {
    const own = this.byResource.get(`${groupName}/${resource}`);
    const wildcard = this.byResource.get('*');
    if (!own) return wildcard ?? [];
    if (!wildcard) return own;
    return [...wildcard, ...own];
  }
}

export interface AdmissionSnapshot {
  empty: boolean;
  policies: HookIndex<PolicyHook>;
  validatingWebhooks: HookIndex<WebhookHook>;
  mutatingWebhooks: HookIndex<WebhookHook>;
}

const byName = (a: KubeObject, b: KubeObject): number => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1);

export class AdmissionConfigCache {
  private readonly snapshot: WatchedSnapshot<AdmissionSnapshot>;

  constructor(private readonly store: Store) {
    this.snapshot = new WatchedSnapshot(store, Object.values(prefixes), () => this.build(), 'admission configuration');
  }

  current(): AdmissionSnapshot {
    return this.snapshot.current();
  }

  close(): void {
    this.snapshot.close();
  }

  private build(): AdmissionSnapshot {
    const list = (prefix: string): KubeObject[] => this.store.list(prefix).map((e) => e.object as KubeObject);
    const bindings = new Map<string, KubeObject[]>();
    for (const binding of list(prefixes.bindings).sort(byName)) {
      const name: string = binding.spec?.policyName ?? '';
      const forPolicy = bindings.get(name);
      if (forPolicy) forPolicy.push(binding);
      else bindings.set(name, [binding]);
    }
    const policies = new HookIndex<PolicyHook>();
    for (const policy of list(prefixes.policies).sort(byName)) {
      const hook = { policy, bindings: bindings.get(policy.metadata.name ?? '') ?? [] };
      // A policy without bindings does nothing: not indexed.
      if (hook.bindings.length) policies.add(hook, policy.spec?.matchConstraints?.resourceRules);
    }
    const webhooks = (prefix: string, mutating: boolean): HookIndex<WebhookHook> => {
      const index = new HookIndex<WebhookHook>();
      for (const configuration of list(prefix).sort(byName)) {
        for (const webhook of (configuration as Json).webhooks ?? []) index.add({ configuration, webhook, mutating }, webhook.rules);
      }
      return index;
    };
    const validatingWebhooks = webhooks(prefixes.validatingWebhooks, false);
    const mutatingWebhooks = webhooks(prefixes.mutatingWebhooks, true);
    return { empty: policies.size + validatingWebhooks.size + mutatingWebhooks.size === 0, policies, validatingWebhooks, mutatingWebhooks };
  }
}

const caches = new WeakMap<Store, AdmissionConfigCache>();

/** The cache of `store`'s admission configuration (one per API server). */
export function admissionConfigFor(store: Store): AdmissionConfigCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new AdmissionConfigCache(store)));
  return cache;
}

/** Whether any policy (with a binding) or webhook is configured: the registry's one check per write. */
export function admissionConfigured(store: Store): boolean {
  return !admissionConfigFor(store).current().empty;
}

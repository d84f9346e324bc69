/**
 * The MutatingAdmissionWebhook and ValidatingAdmissionWebhook admission plugins, as far as a
 * cluster without webhook servers goes: kubelab runs no container that could answer an
 * AdmissionReview, so every call to a matching webhook fails, as kube-apiserver's call fails when
 * the webhook's service is missing or has nothing listening behind its ClusterIP. A webhook
 * matches by its rules, namespaceSelector, objectSelector (policy-matching.ts) and matchConditions
 * (policy-cel.ts; one that errors under Fail refuses with 403 `<resource> "<name>" is forbidden: …`);
 * a failed call with failurePolicy Ignore admits, with Fail refuses the request with
 * `Internal error occurred: failed calling webhook "<name>": failed to call webhook: Post
 * "https://<svc>.<ns>.svc:<port><path>?timeout=<t>s": <dial error>` (500 InternalError).
 * Requests for admissionregistration.k8s.io objects are never sent to webhooks (so a broken
 * webhook can always be deleted), as in kube-apiserver.
 *
 * Approximated: the dial error is `service "<svc>" not found` for a missing service and
 * `dial tcp <clusterIP>:<port>: connect: connection refused` otherwise (also when the service has
 * ready endpoints, which in kubelab never speak HTTPS); a `url` webhook reports that its host does
 * not resolve. Left out: reinvocation, the webhook's own timeout (calls fail at once).
 */
import { forbidden, internalError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { storageKey } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';
import type { RequestContext } from '../request-context.js';
import { admissionConfigFor, type WebhookHook } from './policy-cache.js';
import { conditionsMatch, policyInputs, type PolicyInputs } from './policy-cel.js';
import { namespaceMatches, objectMatches, rulesMatch, type AdmissionAttributes } from './policy-matching.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** The URL the apiserver posts to, with its timeout query, as Go's url.URL prints it. */
function webhookUrl(webhook: Json): string {
  const timeout = `?timeout=${webhook.timeoutSeconds ?? 10}s`;
  const config: Json = webhook.clientConfig ?? {};
  if (config.url) return `${config.url}${timeout}`;
  const service: Json = config.service ?? {};
  return `https://${service.name}.${service.namespace}.svc:${service.port ?? 443}${service.path ?? ''}${timeout}`;
}

/** Why the call fails: the dial error Go reports for this webhook's endpoint. */
function dialError(store: Store, webhook: Json): string {
  const config: Json = webhook.clientConfig ?? {};
  if (config.url) {
    const host = (/^https?:\/\/([^/:?#]+)/.exec(String(config.url)) ?? [])[1] ?? '';
    return `dial tcp: lookup ${host}: no such host`;
  }
  const service: Json = config.service ?? {};
  const svc = store.get(storageKey('', 'services', service.namespace, service.name))?.object as KubeObject | undefined;
  if (!svc) return `service "${service.name}" not found`;
  return `dial tcp ${svc.spec?.clusterIP ?? ''}:${service.port ?? 443}: connect: connection refused`;
}

/** The request's values for the webhook's matchConditions (no params, no namespaceObject). */
function conditionInputs(attrs: AdmissionAttributes): PolicyInputs {
  const { group, version, kind, resource } = attrs.info;
  const request = { kind: { group, version, kind }, resource: { group, version, resource }, name: attrs.name, namespace: attrs.namespace, operation: attrs.operation };
  return policyInputs({ object: attrs.object ?? null, oldObject: attrs.oldObject ?? null, request, params: null, namespaceObject: null });
}

function webhookMatches(hook: WebhookHook, attrs: AdmissionAttributes, namespace: () => KubeObject | undefined): boolean {
  const { webhook } = hook;
  return rulesMatch(webhook.rules, attrs, webhook.matchPolicy) && namespaceMatches(webhook.namespaceSelector, attrs, namespace) && objectMatches(webhook.objectSelector, attrs);
}

/**
 * Calls the mutating (or validating) webhooks that match `attrs`: each fails, and the first whose
 * failurePolicy is Fail refuses the request. One map lookup for a resource no webhook names.
 */
export function admitWebhooks(store: Store, attrs: AdmissionAttributes, _ctx: RequestContext, mutating: boolean): void {
  const snapshot = admissionConfigFor(store).current();
  if (snapshot.empty) return;
  const index = mutating ? snapshot.mutatingWebhooks : snapshot.validatingWebhooks;
  if (index.size === 0 || attrs.info.group === 'admissionregistration.k8s.io') return;
  const hooks = index.candidates(attrs.info.group, attrs.info.resource);
  if (hooks.length === 0) return;
  let namespaceObject: KubeObject | undefined | null = null;
  const namespace = (): KubeObject | undefined => {
    if (namespaceObject === null) namespaceObject = attrs.namespace ? (store.get(storageKey('', 'namespaces', undefined, attrs.namespace))?.object as KubeObject | undefined) : undefined;
    return namespaceObject;
  };
  for (const hook of hooks) {
    if (!webhookMatches(hook, attrs, namespace)) continue;
    const { webhook } = hook;
    const fail = (webhook.failurePolicy ?? 'Fail') === 'Fail';
    const conditions = webhook.matchConditions?.length ? conditionsMatch(webhook.matchConditions, conditionInputs(attrs), fail) : true;
    if (conditions === false) continue;
    // An erroring matchCondition under Fail refuses the request before any call (webhook.go):
    // 403 `<resource> "<name>" is forbidden: <the errors>`.
    if (typeof conditions === 'string') throw forbidden({ group: attrs.info.group, resource: attrs.info.resource }, attrs.name, conditions);
    if (fail) throw internalError(`failed calling webhook "${webhook.name}": failed to call webhook: Post "${webhookUrl(webhook)}": ${dialError(store, webhook)}`);
  }
}

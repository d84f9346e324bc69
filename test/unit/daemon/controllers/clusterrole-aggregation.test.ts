import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { ClusterRoleAggregationController, aggregatedRules } from '../../../../daemon/controllers/clusterrole-aggregation.js';
import { startApi, type TestApi } from '../../../helpers/api.js';
import { waitFor } from '../../../helpers/wait-for.js';

const clusterRoles = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' };
const label = 'rbac.authorization.k8s.io/aggregate-to-monitoring';

function role(name: string, rules: unknown[], labels?: Record<string, string>, aggregationRule?: unknown): KubeObject {
  const obj: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: labels ? { name, labels } : { name }, rules };
  if (aggregationRule) obj.aggregationRule = aggregationRule;
  return obj;
}

const readPods = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };
const readServices = { apiGroups: [''], resources: ['services'], verbs: ['get', 'list'] };
const readEndpoints = { apiGroups: [''], resources: ['endpoints'], verbs: ['get'] };
const selectMonitoring = { clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }] };

/** Runs every queued sync, as the worker would, until the queue is empty. */
async function settle(api: TestApi, controller: ClusterRoleAggregationController): Promise<void> {
  await api.syncInformers();
  while (controller.queue.len() > 0) {
    const key = (await controller.queue.get())!;
    await controller.sync(key);
    controller.queue.done(key);
    await api.syncInformers();
  }
}

async function rulesOf(api: TestApi, name: string): Promise<unknown> {
  return (await api.client.get(clusterRoles, undefined, name)).rules;
}

test('an aggregated ClusterRole gets the selected roles\' rules in name order, each once, and follows their changes', async (t) => {
  const api = await startApi(t);
  const controller = ClusterRoleAggregationController.fromContext(api);
  await api.client.create(clusterRoles, undefined, role('monitoring', [], undefined, selectMonitoring));
  await api.client.create(clusterRoles, undefined, role('b-services', [readServices, readPods], { [label]: 'true' }));
  await api.client.create(clusterRoles, undefined, role('a-pods', [readPods], { [label]: 'true' }));
  await api.client.create(clusterRoles, undefined, role('unlabelled', [readEndpoints]));
  await settle(api, controller);
  assert.deepEqual(await rulesOf(api, 'monitoring'), [readPods, readServices]);

  // A role labelled later widens it; an edit to a selected role is followed.
  await api.client.create(clusterRoles, undefined, role('c-endpoints', [readEndpoints], { [label]: 'true' }));
  await settle(api, controller);
  assert.deepEqual(await rulesOf(api, 'monitoring'), [readPods, readServices, readEndpoints]);

  // The same rules in another key order are the same rules: no write.
  const before = (await api.client.get(clusterRoles, undefined, 'monitoring')).metadata.resourceVersion;
  await api.client.update(clusterRoles, { ...(await api.client.get(clusterRoles, undefined, 'unlabelled')), rules: [readServices] });
  await settle(api, controller);
  assert.equal((await api.client.get(clusterRoles, undefined, 'monitoring')).metadata.resourceVersion, before);

  // Deleting a selected role, or taking its label away, narrows it again.
  await api.client.delete(clusterRoles, undefined, 'b-services');
  await settle(api, controller);
  assert.deepEqual(await rulesOf(api, 'monitoring'), [readPods, readEndpoints]);
  const cEndpoints = await api.client.get(clusterRoles, undefined, 'c-endpoints');
  await api.client.update(clusterRoles, { ...cEndpoints, metadata: { ...cEndpoints.metadata, labels: {} } });
  await settle(api, controller);
  assert.deepEqual(await rulesOf(api, 'monitoring'), [readPods]);

  // A rule edited by hand on the aggregated role is put back.
  const monitoring = await api.client.get(clusterRoles, undefined, 'monitoring');
  await api.client.update(clusterRoles, { ...monitoring, rules: [readEndpoints] });
  await settle(api, controller);
  assert.deepEqual(await rulesOf(api, 'monitoring'), [readPods]);
});

test('the controller, started as the manager starts it, fills a new aggregated role', async (t) => {
  const api = await startApi(t);
  const controller = ClusterRoleAggregationController.fromContext(api);
  const stop = new AbortController();
  t.after(() => stop.abort());
  await api.syncInformers();
  const running = controller.start(stop.signal);
  t.after(() => running);
  await api.client.create(clusterRoles, undefined, role('a-pods', [readPods], { [label]: 'true' }));
  await api.client.create(clusterRoles, undefined, role('monitoring', [], undefined, selectMonitoring));
  await waitFor(async () => JSON.stringify(await rulesOf(api, 'monitoring')) === JSON.stringify([readPods]), { what: 'the aggregated rules' });
});

test('aggregatedRules: several selectors, the role itself left out, an invalid selector gives up', () => {
  const roles = [
    role('self', [readEndpoints], { team: 'a' }),
    role('x', [readPods], { team: 'a' }),
    role('y', [readServices], { tier: 'b' }),
  ];
  // Selector by selector (the controller's loop), names sorted within each: y (tier b) before x (team a).
  assert.deepEqual(aggregatedRules('self', [{ matchLabels: { tier: 'b' } }, { matchLabels: { team: 'a' } }], roles), [readServices, readPods]);
  assert.deepEqual(aggregatedRules('self', [{ matchLabels: { team: 'a' } }, { matchLabels: { tier: 'b' } }], roles), [readPods, readServices]);
  assert.deepEqual(aggregatedRules('self', [{ matchExpressions: [{ key: 'team', operator: 'Bogus' as 'In', values: ['a'] }] }], roles), undefined);
  assert.deepEqual(aggregatedRules('self', [], roles), []);
});

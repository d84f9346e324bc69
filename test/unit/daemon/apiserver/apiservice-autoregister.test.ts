import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiServiceAutoregister } from '../../../../daemon/apiserver/apiservice-autoregister.js';
import { registerResources, unregisterResources, type ResourceInfo } from '../../../../shared/api/resources.js';
import { startApi } from '../../../helpers/api.js';

const apiServices = { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' };

function widgetInfo(version: string): ResourceInfo {
  return {
    group: 'autoreg.example.com',
    version,
    resource: 'widgets',
    kind: 'Widget',
    listKind: 'WidgetList',
    singular: 'widget',
    namespaced: true,
    verbs: ['get', 'list'],
    subresources: [],
  };
}

describe('ApiServiceAutoregister', () => {
  it('creates one local, available APIService per built-in group-version, as kube-apiserver does', async (t) => {
    const api = await startApi(t);
    const controller = new ApiServiceAutoregister(api.client, api.clock);
    await controller.start();
    t.after(() => controller.stop());
    const items = (await api.client.list(apiServices, undefined)).items;
    assert.deepEqual(
      items.map((obj) => obj.metadata.name),
      [
        'v1.',
        'v1.admissionregistration.k8s.io',
        'v1.apiextensions.k8s.io',
        'v1.apps',
        'v1.authentication.k8s.io',
        'v1.authorization.k8s.io',
        'v1.autoscaling',
        'v1.batch',
        'v1.certificates.k8s.io',
        'v1.coordination.k8s.io',
        'v1.discovery.k8s.io',
        'v1.events.k8s.io',
        'v1.flowcontrol.apiserver.k8s.io',
        'v1.networking.k8s.io',
        'v1.node.k8s.io',
        'v1.policy',
        'v1.rbac.authorization.k8s.io',
        'v1.scheduling.k8s.io',
        'v1.storage.k8s.io',
        'v2.autoscaling',
      ],
    );
    const core = items[0];
    assert.deepEqual(core.metadata.labels, { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' });
    assert.deepEqual(core.spec, { group: '', version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 });
    assert.deepEqual(core.status, {
      conditions: [{ type: 'Available', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'Local', message: 'Local APIServices are always available' }],
    });
    const flowcontrol = items.find((obj) => obj.metadata.name === 'v1.flowcontrol.apiserver.k8s.io')!;
    assert.deepEqual(flowcontrol.spec, { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', groupPriorityMinimum: 16100, versionPriority: 21 });
  });

  it('registers the served versions of a CRD group and removes them when it goes', async (t) => {
    const api = await startApi(t);
    const controller = new ApiServiceAutoregister(api.client, api.clock);
    await controller.start();
    t.after(() => controller.stop());
    t.after(() => unregisterResources('widgets.autoreg.example.com'));
    registerResources('widgets.autoreg.example.com', [widgetInfo('v1'), widgetInfo('v1beta1')]);
    await controller.settled();
    const v1 = await api.client.get(apiServices, undefined, 'v1.autoreg.example.com');
    assert.deepEqual(v1.metadata.labels, { 'kube-aggregator.kubernetes.io/automanaged': 'true' });
    assert.deepEqual(v1.spec, { group: 'autoreg.example.com', version: 'v1', groupPriorityMinimum: 1000, versionPriority: 100 });
    assert.equal(v1.status?.conditions?.[0]?.reason, 'Local');
    await api.client.get(apiServices, undefined, 'v1beta1.autoreg.example.com');
    unregisterResources('widgets.autoreg.example.com');
    await controller.settled();
    const names = (await api.client.list(apiServices, undefined)).items.map((obj) => obj.metadata.name);
    assert.ok(!names.includes('v1.autoreg.example.com'));
    assert.ok(!names.includes('v1beta1.autoreg.example.com'));
  });

  it('leaves a built-in APIService a user deleted deleted, as manageOnStart does', async (t) => {
    const api = await startApi(t);
    const controller = new ApiServiceAutoregister(api.client, api.clock);
    await controller.start();
    t.after(() => controller.stop());
    t.after(() => unregisterResources('widgets.autoreg.example.com'));
    await api.client.delete(apiServices, undefined, 'v1.node.k8s.io');
    registerResources('widgets.autoreg.example.com', [widgetInfo('v1')]);
    await controller.settled();
    const names = (await api.client.list(apiServices, undefined)).items.map((obj) => obj.metadata.name);
    assert.ok(names.includes('v1.autoreg.example.com'));
    assert.ok(!names.includes('v1.node.k8s.io'));
  });

  it('reports an APIService whose Service does not exist as not available', async (t) => {
    const api = await startApi(t);
    const controller = new ApiServiceAutoregister(api.client, api.clock);
    await controller.start();
    t.after(() => controller.stop());
    await api.client.create(apiServices, undefined, {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { namespace: 'kube-system', name: 'metrics-server' } },
    });
    await waitSettled(controller);
    const obj = await api.client.get(apiServices, undefined, 'v1beta1.metrics.k8s.io');
    assert.equal(obj.spec.service.port, 443);
    assert.deepEqual(obj.status?.conditions?.[0], {
      type: 'Available',
      status: 'False',
      lastTransitionTime: '2026-01-01T00:00:00Z',
      reason: 'ServiceNotFound',
      message: 'service/metrics-server in "kube-system" is not present',
    });
  });
});

/** The watch event of a create arrives after the create returns: settle until the chain is idle twice. */
async function waitSettled(controller: ApiServiceAutoregister): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await controller.settled();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

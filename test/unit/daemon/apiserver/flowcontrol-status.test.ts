import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapFlowControl, flowSchemas, priorityLevels } from '../../../../daemon/apiserver/bootstrap-flowcontrol.js';
import { FlowControlStatus } from '../../../../daemon/apiserver/flowcontrol-status.js';
import { startApi } from '../../../helpers/api.js';

describe('FlowControlStatus', () => {
  it('marks every bootstrap FlowSchema as referencing a priority level that exists', async (t) => {
    const api = await startApi(t);
    await bootstrapFlowControl(api.client);
    const status = new FlowControlStatus(api.client, api.clock);
    await status.start();
    t.after(() => status.stop());
    const schemas = (await api.client.list(flowSchemas, undefined)).items;
    assert.equal(schemas.length, 13);
    assert.equal((await api.client.list(priorityLevels, undefined)).items.length, 8);
    const exempt = schemas.find((fs) => fs.metadata.name === 'exempt')!;
    assert.deepEqual(exempt.metadata.annotations, { 'apf.kubernetes.io/autoupdate-spec': 'true' });
    assert.deepEqual(exempt.status, {
      conditions: [
        {
          type: 'Dangling',
          status: 'False',
          lastTransitionTime: '2026-01-01T00:00:00Z',
          reason: 'Found',
          message: 'This FlowSchema references the PriorityLevelConfiguration object named "exempt" and it exists',
        },
      ],
    });
  });

  it('marks a FlowSchema whose priority level is missing as dangling', async (t) => {
    const api = await startApi(t);
    const status = new FlowControlStatus(api.client, api.clock);
    await status.start();
    t.after(() => status.stop());
    await api.client.create(flowSchemas, undefined, {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: 'mine' },
      spec: { priorityLevelConfiguration: { name: 'nowhere' }, rules: [{ subjects: [{ kind: 'Group', group: { name: 'devs' } }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] }] },
    });
    await status.syncAll();
    const mine = await api.client.get(flowSchemas, undefined, 'mine');
    assert.deepEqual(
      { status: mine.status?.conditions?.[0]?.status, reason: mine.status?.conditions?.[0]?.reason, message: mine.status?.conditions?.[0]?.message },
      { status: 'True', reason: 'NotFound', message: 'This FlowSchema references the PriorityLevelConfiguration object named "nowhere" but there is no such object' },
    );
  });
});

describe('bootstrapFlowControl', () => {
  it('puts back an auto-updated spec at the next start, and leaves one whose annotation says false', async (t) => {
    const api = await startApi(t);
    await bootstrapFlowControl(api.client);
    const edit = async (name: string, autoupdate: string) => {
      const current = await api.client.get(priorityLevels, undefined, name);
      await api.client.update(priorityLevels, { ...current, metadata: { ...current.metadata, annotations: { 'apf.kubernetes.io/autoupdate-spec': autoupdate } }, spec: { ...current.spec, limited: { ...current.spec.limited, nominalConcurrencyShares: 7 } } });
    };
    await edit('workload-low', 'true');
    await edit('workload-high', 'false');
    await bootstrapFlowControl(api.client);
    assert.equal((await api.client.get(priorityLevels, undefined, 'workload-low')).spec.limited.nominalConcurrencyShares, 100);
    assert.equal((await api.client.get(priorityLevels, undefined, 'workload-high')).spec.limited.nominalConcurrencyShares, 7);
    const untouched = await api.client.get(priorityLevels, undefined, 'system');
    assert.equal(untouched.metadata.generation, 1);
  });
});

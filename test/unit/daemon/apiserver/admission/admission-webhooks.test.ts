import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../../../../../shared/api/errors.js';
import { startApi } from '../../../../helpers/api.js';

const validating = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations' };
const mutating = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'mutatingwebhookconfigurations' };
const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const services = { group: '', version: 'v1', resource: 'services' };

function config(kind: string, webhook: Record<string, unknown>) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name: 'hooks' },
    webhooks: [
      {
        name: 'check.example.com',
        clientConfig: { service: { name: 'webhook', namespace: 'default', path: '/validate' } },
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }],
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        ...webhook,
      },
    ],
  };
}

const configMap = (name: string, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    assert.ok(isStatusError(err));
    return err.status;
  }
  assert.fail('the request was admitted');
}

describe('admission webhooks', () => {
  it('fails a matching call with failurePolicy Fail as the apiserver does for a missing service', async (t) => {
    const { client } = await startApi(t);
    await client.create(validating, undefined, config('ValidatingWebhookConfiguration', {}));
    const status = await refusal(client.create(configMaps, 'default', configMap('a')));
    const cause = 'failed calling webhook "check.example.com": failed to call webhook: Post "https://webhook.default.svc:443/validate?timeout=10s": service "webhook" not found';
    assert.deepEqual(status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Internal error occurred: ${cause}`, reason: 'InternalError', details: { causes: [{ message: cause }] }, code: 500 });
    // Other resources and operations are not sent to it.
    await client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'webhook' }, spec: { ports: [{ port: 443 }] } });
    const svc = await client.get(services, 'default', 'webhook');
    const refused = await refusal(client.create(configMaps, 'default', configMap('b')));
    assert.equal(refused.message, `Internal error occurred: failed calling webhook "check.example.com": failed to call webhook: Post "https://webhook.default.svc:443/validate?timeout=10s": dial tcp ${svc.spec.clusterIP}:443: connect: connection refused`);
  });

  it('admits with failurePolicy Ignore, and skips objects the selectors leave out', async (t) => {
    const { client } = await startApi(t);
    await client.create(mutating, undefined, config('MutatingWebhookConfiguration', { objectSelector: { matchLabels: { inject: 'true' } } }));
    await client.create(configMaps, 'default', configMap('plain'));
    const status = await refusal(client.create(configMaps, 'default', configMap('injected', { inject: 'true' })));
    assert.equal(status.code, 500);
    await client.patch(mutating, undefined, 'hooks', 'json', [{ op: 'replace', path: '/webhooks/0/failurePolicy', value: 'Ignore' }]);
    await client.create(configMaps, 'default', configMap('injected', { inject: 'true' }));
    // The webhook configuration itself can always be deleted.
    await client.delete(mutating, undefined, 'hooks');
  });

  it('refuses with 403 when a matchCondition errors under Fail, and skips when another is false', async (t) => {
    const { client } = await startApi(t);
    const matchConditions = [
      { name: 'broken', expression: 'object.metadata.missing == 1' },
      { name: 'labelled', expression: "has(object.metadata.labels) && 'check' in object.metadata.labels" },
    ];
    await client.create(validating, undefined, config('ValidatingWebhookConfiguration', { matchConditions }));
    await client.create(configMaps, 'default', configMap('skipped'));
    const status = await refusal(client.create(configMaps, 'default', configMap('checked', { check: 'yes' })));
    assert.equal(status.code, 403);
    assert.equal(status.message, `configmaps "checked" is forbidden: expression 'object.metadata.missing == 1' resulted in error: no such key: missing`);
  });
});

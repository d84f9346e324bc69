import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startApi } from '../../../../helpers/api.js';

const validating = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations' };
const mutating = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'mutatingwebhookconfigurations' };

function config(kind: string, webhooks: unknown[]) {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name: 'hooks' }, webhooks };
}

const hook = {
  name: 'check.example.com',
  clientConfig: { service: { name: 'webhook', namespace: 'default', path: '/validate' } },
  rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
};

describe('webhook configuration registry', () => {
  it('defaults a webhook as the v1 API does', async (t) => {
    const { client } = await startApi(t);
    const created = await client.create(mutating, undefined, config('MutatingWebhookConfiguration', [hook]));
    const webhook = (created as unknown as { webhooks: Record<string, unknown>[] }).webhooks[0]!;
    assert.deepEqual(
      [webhook.failurePolicy, webhook.matchPolicy, webhook.timeoutSeconds, webhook.reinvocationPolicy, webhook.namespaceSelector, webhook.objectSelector],
      ['Fail', 'Equivalent', 10, 'Never', {}, {}],
    );
    assert.deepEqual(webhook.clientConfig, { service: { name: 'webhook', namespace: 'default', path: '/validate', port: 443 } });
    assert.equal((webhook.rules as { scope: string }[])[0]!.scope, '*');
  });

  it('refuses a short name, missing sideEffects and review versions, and a bad timeout', async (t) => {
    const { client } = await startApi(t);
    const bad = { name: 'check', clientConfig: { url: 'https://example.com/' }, timeoutSeconds: 31, failurePolicy: 'Maybe' };
    await assert.rejects(client.create(validating, undefined, config('ValidatingWebhookConfiguration', [bad])), {
      message:
        'ValidatingWebhookConfiguration.admissionregistration.k8s.io "hooks" is invalid: [webhooks[0].name: Invalid value: "check": should be a domain with at least three segments separated by dots, webhooks[0].failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore", webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun, webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1, webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds]',
    });
    await assert.rejects(client.create(validating, undefined, config('ValidatingWebhookConfiguration', [hook, hook])), {
      message: 'ValidatingWebhookConfiguration.admissionregistration.k8s.io "hooks" is invalid: webhooks[1].name: Duplicate value: "check.example.com"',
    });
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { findResource } from '../../../../../shared/api/resources.js';
import { ManualClock } from '../../../../../shared/clock.js';
import { isStatusError } from '../../../../../shared/api/errors.js';
import { LevelStore } from '../../../../../daemon/store/level-store.js';
import { GenericRegistry } from '../../../../../daemon/apiserver/registry/generic-registry.js';
import { LocalClient } from '../../../../../daemon/apiserver/local-client.js';
import { bootstrapCluster } from '../../../../../daemon/apiserver/bootstrap.js';
import { newContext } from '../../../../../daemon/apiserver/request-context.js';
import { writeScale } from '../../../../../daemon/apiserver/handlers/scale.js';

const policies = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingadmissionpolicies' };
const bindings = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingadmissionpolicybindings' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const deploymentsInfo = findResource('apps', 'v1', 'deployments')!;

async function setup(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-vap-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const registry = new GenericRegistry({ store, clock: new ManualClock(Date.UTC(2026, 0, 1)) });
  const client = new LocalClient(registry);
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'test', labels: { environment: 'test' } } });
  await client.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { environment: 'prod' } } });
  return { registry, client };
}

function policy(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] },
      validations: [{ expression: 'object.spec.replicas <= 5' }],
      ...spec,
    },
  };
}

function binding(name: string, policyName: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { environment: 'test' } } }, ...spec },
  };
}

function deployment(name: string, replicas: number, labels: Record<string, string> = { app: name }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    assert.ok(isStatusError(err));
    return err.status;
  }
  assert.fail('the request was admitted');
}

describe('ValidatingAdmissionPolicy admission', () => {
  it('refuses a matching request with the Invalid status kube-apiserver returns', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('demo-policy.example.com'));
    await client.create(bindings, undefined, binding('demo-binding-test.example.com', 'demo-policy.example.com'));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('nginx', 6)));
    const message = "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5";
    assert.deepEqual(status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `deployments.apps "nginx" is forbidden: ${message}`,
      reason: 'Invalid',
      details: { name: 'nginx', group: 'apps', kind: 'deployments', causes: [{ message }] },
      code: 422,
    });
    // Other namespaces, and deployments within the limit, pass.
    await client.create(deploymentsInfo, 'prod', deployment('nginx', 6));
    await client.create(deploymentsInfo, 'test', deployment('small', 5));
    // An update is checked too.
    const scaled = await refusal(client.patch(deploymentsInfo, 'test', 'small', 'merge', { spec: { replicas: 7 } }));
    assert.equal(scaled.code, 422);
  });

  it('uses the validation reason, message and messageExpression', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('p1', { validations: [{ expression: 'object.spec.replicas <= 5', reason: 'Forbidden', messageExpression: "'replicas ' + string(object.spec.replicas) + ' is over 5'" }] }));
    await client.create(bindings, undefined, binding('b1', 'p1'));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('web', 9)));
    assert.equal(status.code, 403);
    assert.equal(status.reason, 'Forbidden');
    assert.equal(status.message, `deployments.apps "web" is forbidden: ValidatingAdmissionPolicy 'p1' with binding 'b1' denied request: replicas 9 is over 5`);
  });

  it('warns for a Warn binding and admits', async (t) => {
    const { client, registry } = await setup(t);
    await client.create(policies, undefined, policy('p1', { validations: [{ expression: 'object.spec.replicas <= 5', message: 'at most 5 replicas' }] }));
    await client.create(bindings, undefined, binding('b1', 'p1', { validationActions: ['Warn', 'Audit'] }));
    const ctx = newContext();
    await registry.create(deploymentsInfo, 'test', deployment('web', 9) as never, ctx);
    assert.deepEqual(ctx.warnings, ["Validation failed for ValidatingAdmissionPolicy 'p1' with binding 'b1': at most 5 replicas"]);
  });

  it('reads params, variables and the request, and follows failurePolicy on errors', async (t) => {
    const { client } = await setup(t);
    await client.create(configMaps, 'test', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'limits' }, data: { max: '3' } });
    await client.create(
      policies,
      undefined,
      policy('params', {
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        variables: [{ name: 'max', expression: 'int(params.data.max)' }],
        matchConditions: [{ name: 'not-excluded', expression: "!('skip' in object.metadata.labels)" }],
        validations: [{ expression: 'object.spec.replicas <= variables.max', messageExpression: "request.operation + ' ' + request.name + ' over ' + params.data.max" }],
      }),
    );
    await client.create(bindings, undefined, binding('params-binding', 'params', { paramRef: { name: 'limits' } }));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('api', 4)));
    assert.match(status.message!, /denied request: CREATE api over 3$/);
    await client.create(deploymentsInfo, 'test', deployment('skipped', 4, { app: 'skipped', skip: 'yes' }));
    // The binding's param is missing in prod: parameterNotFoundAction Deny.
    await client.create(bindings, undefined, binding('prod-binding', 'params', { paramRef: { name: 'limits' }, matchResources: { namespaceSelector: { matchLabels: { environment: 'prod' } } } }));
    const missing = await refusal(client.create(deploymentsInfo, 'prod', deployment('api', 1)));
    assert.equal(missing.message, "deployments.apps \"api\" is forbidden: ValidatingAdmissionPolicy 'params' with binding 'prod-binding' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction");
  });

  it('fails closed or open on a CEL error as failurePolicy says', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('strict', { validations: [{ expression: 'object.spec.missing > 1' }] }));
    await client.create(bindings, undefined, binding('strict-binding', 'strict'));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('a', 1)));
    assert.equal(status.message, "deployments.apps \"a\" is forbidden: ValidatingAdmissionPolicy 'strict' with binding 'strict-binding' denied request: expression 'object.spec.missing > 1' resulted in error: no such key: missing");
    await client.patch(policies, undefined, 'strict', 'merge', { spec: { failurePolicy: 'Ignore' } });
    await client.create(deploymentsInfo, 'test', deployment('a', 1));
  });

  it('checks deletes against oldObject', async (t) => {
    const { client } = await setup(t);
    await client.create(configMaps, 'test', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', labels: { protected: 'true' } } });
    await client.create(
      policies,
      undefined,
      policy('no-delete', {
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['configmaps'] }] },
        validations: [{ expression: "!has(oldObject.metadata.labels) || oldObject.metadata.labels['protected'] != 'true'", message: 'protected' }],
      }),
    );
    await client.create(bindings, undefined, binding('no-delete', 'no-delete', { matchResources: undefined }));
    const status = await refusal(client.delete(configMaps, 'test', 'keep'));
    assert.equal(status.message, "configmaps \"keep\" is forbidden: ValidatingAdmissionPolicy 'no-delete' with binding 'no-delete' denied request: protected");
  });
});

describe('ValidatingAdmissionPolicy on subresources', () => {
  it('sees a scale write as deployments/scale with Scale objects', async (t) => {
    const { client, registry } = await setup(t);
    await client.create(deploymentsInfo, 'test', deployment('web', 2));
    await client.create(
      policies,
      undefined,
      policy('scale-limit', {
        matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['deployments/scale'] }] },
        validations: [{ expression: "object.kind == 'Scale' && object.spec.replicas <= 3 && request.subResource == 'scale'" }],
      }),
    );
    await client.create(bindings, undefined, binding('scale-limit', 'scale-limit'));
    await client.update(deploymentsInfo, { ...(await client.get(deploymentsInfo, 'test', 'web')), spec: { ...(await client.get(deploymentsInfo, 'test', 'web')).spec, replicas: 9 } } as never);
    const status = await refusal(writeScale(registry, deploymentsInfo, 'test', 'web', { type: 'merge', patch: { spec: { replicas: 4 } } }, newContext()));
    assert.match(status.message!, /^deployments\.apps "web" is forbidden: ValidatingAdmissionPolicy 'scale-limit' with binding 'scale-limit' denied request/);
  });
});

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
import { admissionConfigured } from '../../../../../daemon/apiserver/admission/policy-cache.js';

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
    await client.create(bindings, undefined, binding('params-binding', 'params', { paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' } }));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('api', 4)));
    assert.match(status.message!, /denied request: CREATE api over 3$/);
    await client.create(deploymentsInfo, 'test', deployment('skipped', 4, { app: 'skipped', skip: 'yes' }));
    // The binding's param is missing in prod: parameterNotFoundAction Deny.
    await client.create(bindings, undefined, binding('prod-binding', 'params', { paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' }, matchResources: { namespaceSelector: { matchLabels: { environment: 'prod' } } } }));
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

describe('ValidatingAdmissionPolicy decisions, as the v1.32 dispatcher orders and words them', () => {
  const prefix = (name: string, p: string, b: string) => `deployments.apps "${name}" is forbidden: ValidatingAdmissionPolicy '${p}' with binding '${b}' denied request: `;

  it('reports the first failing validation, an evaluation error or a denial, in validation order', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('denial-first', { validations: [{ expression: 'object.spec.replicas <= 5', message: 'too many' }, { expression: 'object.spec.missing > 1' }] }));
    await client.create(bindings, undefined, binding('denial-first', 'denial-first'));
    const first = await refusal(client.create(deploymentsInfo, 'test', deployment('a', 9)));
    assert.equal(first.message, `${prefix('a', 'denial-first', 'denial-first')}too many`);
    await client.patch(policies, undefined, 'denial-first', 'merge', { spec: { validations: [{ expression: 'object.spec.missing > 1' }, { expression: 'object.spec.replicas <= 5', message: 'too many' }] } });
    const error = await refusal(client.create(deploymentsInfo, 'test', deployment('a', 9)));
    assert.equal(error.message, `${prefix('a', 'denial-first', 'denial-first')}expression 'object.spec.missing > 1' resulted in error: no such key: missing`);
    assert.equal(error.reason, 'Invalid');
  });

  it('falls back from an erroring or empty messageExpression to the message, then to the expression', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('m', { validations: [{ expression: 'object.spec.replicas <= 5', messageExpression: 'object.metadata.missing', message: 'static' }] }));
    await client.create(bindings, undefined, binding('m', 'm'));
    assert.equal((await refusal(client.create(deploymentsInfo, 'test', deployment('a', 9)))).message, `${prefix('a', 'm', 'm')}static`);
    await client.patch(policies, undefined, 'm', 'merge', { spec: { validations: [{ expression: 'object.spec.replicas <= 5', messageExpression: "'  '" }] } });
    assert.equal((await refusal(client.create(deploymentsInfo, 'test', deployment('a', 9)))).message, `${prefix('a', 'm', 'm')}failed expression: object.spec.replicas <= 5`);
  });

  it('skips on a false matchCondition even when another errors; one error alone follows failurePolicy', async (t) => {
    const { client } = await setup(t);
    const conditions = [
      { name: 'broken', expression: 'object.metadata.missing == 1' },
      { name: 'labelled', expression: "has(object.metadata.labels) && 'check' in object.metadata.labels" },
    ];
    await client.create(policies, undefined, policy('c', { matchConditions: conditions }));
    await client.create(bindings, undefined, binding('c', 'c'));
    await client.create(deploymentsInfo, 'test', deployment('skipped', 9));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('checked', 9, { app: 'checked', check: 'yes' })));
    assert.equal(status.message, `${prefix('checked', 'c', 'c')}expression 'object.metadata.missing == 1' resulted in error: no such key: missing`);
  });

  it('lets matchConditions read variables, and words a failed variable as the composition does', async (t) => {
    const { client } = await setup(t);
    const variables = [
      { name: 'checked', expression: "has(object.metadata.labels) && 'check' in object.metadata.labels" },
      { name: 'limit', expression: 'object.metadata.missing' },
    ];
    await client.create(policies, undefined, policy('v', { variables, matchConditions: [{ name: 'checked', expression: 'variables.checked' }], validations: [{ expression: 'object.spec.replicas <= variables.limit' }] }));
    await client.create(bindings, undefined, binding('v', 'v'));
    await client.create(deploymentsInfo, 'test', deployment('skipped', 9));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('checked', 9, { app: 'checked', check: 'yes' })));
    assert.equal(status.message, `${prefix('checked', 'v', 'v')}expression 'object.spec.replicas <= variables.limit' resulted in error: composited variable "limit" fails to evaluate: no such key: missing`);
  });

  it('runs a paramKind policy with null params when the binding has no paramRef', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('np', { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'params != null', message: 'no params' }] }));
    await client.create(bindings, undefined, binding('np', 'np'));
    assert.equal((await refusal(client.create(deploymentsInfo, 'test', deployment('a', 1)))).message, `${prefix('a', 'np', 'np')}no params`);
  });

  it('reports a paramKind naming no resource as the policy configuration error, without a binding', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('unknown-param', { paramKind: { apiVersion: 'example.com/v1', kind: 'Limits' } }));
    await client.create(bindings, undefined, binding('unknown-param', 'unknown-param', { paramRef: { name: 'x', parameterNotFoundAction: 'Allow' } }));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('a', 1)));
    assert.equal(
      status.message,
      `deployments.apps "a" is forbidden: ValidatingAdmissionPolicy 'unknown-param' denied request: failed to configure policy: failed to find resource referenced by paramKind: 'example.com/v1, Kind=Limits'`,
    );
  });

  it('refuses paramRef.namespace for a cluster-scoped paramKind, and admits a missing param with Allow', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('cluster-param', { paramKind: { apiVersion: 'v1', kind: 'Namespace' }, validations: [{ expression: 'false', message: 'evaluated' }] }));
    await client.create(bindings, undefined, binding('ns-set', 'cluster-param', { paramRef: { name: 'test', namespace: 'test', parameterNotFoundAction: 'Deny' } }));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('a', 1)));
    assert.equal(status.message, `${prefix('a', 'cluster-param', 'ns-set')}failed to configure binding: paramRef.namespace must not be provided for a cluster-scoped \`paramKind\``);
    await client.delete(bindings, undefined, 'ns-set');
    await client.create(bindings, undefined, binding('allow', 'cluster-param', { paramRef: { name: 'absent', parameterNotFoundAction: 'Allow' } }));
    await client.create(deploymentsInfo, 'test', deployment('a', 1));
  });

  it('gives a generated name to the message but an empty request.name, as for kube-apiserver creates', async (t) => {
    const { client } = await setup(t);
    await client.create(policies, undefined, policy('named', { validations: [{ expression: "request.name != ''", message: 'unnamed request' }] }));
    await client.create(bindings, undefined, binding('named', 'named'));
    const generated = { ...deployment('ignored', 1), metadata: { generateName: 'web-' } };
    const status = await refusal(client.create(deploymentsInfo, 'test', generated));
    assert.match(status.message!, /^deployments\.apps "web-[a-z0-9]{5}" is forbidden: ValidatingAdmissionPolicy 'named' with binding 'named' denied request: unnamed request$/);
  });
});

describe('ValidatingAdmissionPolicy configuration cache', () => {
  it('builds nothing without policies, and follows deletes and re-creation under the same name', async (t) => {
    const { client, registry } = await setup(t);
    const store = registry.store;
    assert.equal(admissionConfigured(store), false);
    await client.create(policies, undefined, policy('p'));
    // A policy without bindings enforces nothing.
    assert.equal(admissionConfigured(store), false);
    await client.create(bindings, undefined, binding('b', 'p'));
    assert.equal(admissionConfigured(store), true);
    await refusal(client.create(deploymentsInfo, 'test', deployment('a', 9)));
    await client.delete(policies, undefined, 'p');
    await client.create(deploymentsInfo, 'test', deployment('a', 9));
    await client.create(policies, undefined, policy('p', { validations: [{ expression: 'object.spec.replicas <= 1', message: 'one at most' }] }));
    const status = await refusal(client.create(deploymentsInfo, 'test', deployment('b', 2)));
    assert.equal(status.message, `deployments.apps "b" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b' denied request: one at most`);
    await client.delete(bindings, undefined, 'b');
    assert.equal(admissionConfigured(store), false);
  });

  it('enforces the policies already stored when the API server starts again', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-vap-restart-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const first = await LevelStore.open(join(dir, 'store'));
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const before = new LocalClient(new GenericRegistry({ store: first, clock }));
    await bootstrapCluster(before, { address: '127.0.0.1', port: 6443 });
    await before.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'test', labels: { environment: 'test' } } });
    await before.create(policies, undefined, policy('p'));
    await before.create(bindings, undefined, binding('b', 'p'));
    await first.close();
    const second = await LevelStore.open(join(dir, 'store'));
    t.after(() => second.close());
    const after = new LocalClient(new GenericRegistry({ store: second, clock }));
    const status = await refusal(after.create(deploymentsInfo, 'test', deployment('a', 9)));
    assert.equal(status.code, 422);
  });
});

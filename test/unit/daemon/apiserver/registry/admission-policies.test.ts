import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startApi } from '../../../../helpers/api.js';

const policies = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingadmissionpolicies' };
const bindings = { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingadmissionpolicybindings' };
const rule = { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] };

function policy(spec: Record<string, unknown>) {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p.example.com' }, spec };
}

function binding(spec: Record<string, unknown>) {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b.example.com' }, spec };
}

describe('ValidatingAdmissionPolicy registry', () => {
  it('defaults failurePolicy, matchPolicy, selectors and rule scope, and starts generation at 1', async (t) => {
    const { client } = await startApi(t);
    const created = await client.create(policies, undefined, policy({ matchConstraints: { resourceRules: [rule] }, validations: [{ expression: 'object.spec.replicas <= 5' }] }));
    assert.equal(created.spec.failurePolicy, 'Fail');
    assert.deepEqual(created.spec.matchConstraints, { resourceRules: [{ ...rule, scope: '*' }], matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} });
    assert.equal(created.metadata.generation, 1);
    assert.deepEqual(created.status, { observedGeneration: 1, typeChecking: {} });
    const updated = await client.patch(policies, undefined, 'p.example.com', 'merge', { spec: { failurePolicy: 'Ignore' } });
    assert.equal(updated.metadata.generation, 2);
    assert.deepEqual(updated.status, { observedGeneration: 2, typeChecking: {} });
  });

  it('refuses the common mistakes with the apiserver messages', async (t) => {
    const { client } = await startApi(t);
    await assert.rejects(client.create(policies, undefined, policy({ failurePolicy: 'Never', validations: [] })), {
      message:
        'ValidatingAdmissionPolicy.admissionregistration.k8s.io "p.example.com" is invalid: [spec.failurePolicy: Unsupported value: "Never": supported values: "Fail", "Ignore", spec.matchConstraints: Required value, spec.validations: Required value: validations or auditAnnotations must contain at least one item, spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item]',
    });
    await assert.rejects(
      client.create(policies, undefined, policy({ matchConstraints: { resourceRules: [{ ...rule, operations: ['PATCH'] }] }, validations: [{ expression: 'object.spec.replicas <=', message: 'a\nb', reason: 'Teapot' }] })),
      {
        message:
          'ValidatingAdmissionPolicy.admissionregistration.k8s.io "p.example.com" is invalid: [spec.matchConstraints.resourceRules[0].operations[0]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE", spec.validations[0].expression: Invalid value: "object.spec.replicas <=": compilation failed: ERROR: <input>:1:24: Syntax error: mismatched input \'<EOF>\' expecting {\'[\', \'{\', \'(\', \'.\', \'-\', \'!\', \'true\', \'false\', \'null\', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | object.spec.replicas <=\n | .......................^, spec.validations[0].message: Invalid value: "a\\nb": message must not contain line breaks, spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"]',
      },
    );
  });
});

describe('ValidatingAdmissionPolicyBinding registry', () => {
  it('refuses Deny with Warn, no actions, a missing policyName and an empty paramRef', async (t) => {
    const { client } = await startApi(t);
    await assert.rejects(client.create(bindings, undefined, binding({ policyName: 'p.example.com', validationActions: ['Deny', 'Warn'] })), {
      message:
        'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "b.example.com" is invalid: spec.validationActions: Invalid value: []string{"Deny", "Warn"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    });
    await assert.rejects(client.create(bindings, undefined, binding({ paramRef: {}, validationActions: ['Block'] })), {
      message:
        'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "b.example.com" is invalid: [spec.policyName: Required value, spec.paramRef: Required value: one of name or selector must be specified, spec.paramRef.parameterNotFoundAction: Required value, spec.validationActions[0]: Unsupported value: "Block": supported values: "Audit", "Deny", "Warn"]',
    });
    await assert.rejects(client.create(bindings, undefined, binding({ policyName: 'p.example.com' })), {
      message: 'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "b.example.com" is invalid: spec.validationActions: Required value: at least one validation action is required',
    });
  });

  it('requires the paramRef action (v1 does not default it)', async (t) => {
    const { client } = await startApi(t);
    await assert.rejects(client.create(bindings, undefined, binding({ policyName: 'p.example.com', validationActions: ['Deny'], paramRef: { name: 'limits' } })), {
      message: 'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io "b.example.com" is invalid: spec.paramRef.parameterNotFoundAction: Required value',
    });
    const created = await client.create(bindings, undefined, binding({ policyName: 'p.example.com', validationActions: ['Deny'], paramRef: { name: 'limits', parameterNotFoundAction: 'Allow' } }));
    assert.deepEqual(created.spec.paramRef, { name: 'limits', parameterNotFoundAction: 'Allow' });
  });
});

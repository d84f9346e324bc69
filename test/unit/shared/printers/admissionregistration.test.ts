import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatingAdmissionPolicyBindingPrinter, validatingAdmissionPolicyPrinter, webhookConfigurationPrinter } from '../../../../shared/printers/admissionregistration.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const metadata = (name: string) => ({ name, creationTimestamp: '2023-12-31T12:00:00Z' });

describe('admissionregistration printers', () => {
  it('counts the webhooks of a configuration', () => {
    assert.deepEqual(webhookConfigurationPrinter.columns.map((c) => c.name), ['Name', 'Webhooks', 'Age']);
    assert.deepEqual(webhookConfigurationPrinter.cells({ metadata: metadata('hooks'), webhooks: [{}, {}] } as never, now), ['hooks', 2, '24h']);
    assert.deepEqual(webhookConfigurationPrinter.cells({ metadata: metadata('none') }, now), ['none', 0, '24h']);
  });

  it('prints a policy with its validation count and paramKind', () => {
    assert.deepEqual(validatingAdmissionPolicyPrinter.columns.map((c) => c.name), ['Name', 'Validations', 'ParamKind', 'Age']);
    assert.deepEqual(validatingAdmissionPolicyPrinter.cells({ metadata: metadata('p'), spec: { validations: [{}] } }, now), ['p', 1, '<unset>', '24h']);
    const params = { metadata: metadata('p'), spec: { paramKind: { apiVersion: 'rules.example.com/v1', kind: 'ReplicaLimit' } } };
    assert.deepEqual(validatingAdmissionPolicyPrinter.cells(params, now), ['p', 0, 'rules.example.com/v1/ReplicaLimit', '24h']);
  });

  it('prints a binding with its policy and paramRef', () => {
    assert.deepEqual(validatingAdmissionPolicyBindingPrinter.columns.map((c) => c.name), ['Name', 'PolicyName', 'ParamRef', 'Age']);
    const cells = (paramRef?: unknown) => validatingAdmissionPolicyBindingPrinter.cells({ metadata: metadata('b'), spec: { policyName: 'p', paramRef } }, now)[2];
    assert.equal(cells(), '<unset>');
    assert.equal(cells({ name: 'limits', namespace: 'default' }), 'default/limits');
    assert.equal(cells({ name: 'limits' }), '*/limits');
    assert.equal(
      cells({ selector: { matchLabels: { env: 'test' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] } }),
      '&LabelSelector{MatchLabels:map[string]string{env: test,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},},}',
    );
  });
});

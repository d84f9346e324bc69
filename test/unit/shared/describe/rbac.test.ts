import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRole, describeRoleBinding } from '../../../../shared/describe/rbac.js';

describe('describeRole', () => {
  it('prints a created role as kubectl describe role does', () => {
    const role = { metadata: { name: 'pod-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] };
    assert.equal(
      describeRole(role),
      [
        'Name:         pod-reader',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources  Non-Resource URLs  Resource Names  Verbs',
        '  ---------  -----------------  --------------  -----',
        '  pods       []                 []              [get list]',
        '',
      ].join('\n'),
    );
  });

  it('merges verbs per resource, sorts by the rule text (verbs first: `[get update]` before `[get]`) and breaks URLs out one per row', () => {
    const role = {
      metadata: { name: 'mixed' },
      rules: [
        { apiGroups: ['apps'], resources: ['deployments/scale', 'deployments'], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['update'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] },
        { nonResourceURLs: ['/healthz', '/api/*'], verbs: ['get'] },
      ],
    };
    assert.equal(
      describeRole(role),
      [
        'Name:         mixed',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources               Non-Resource URLs  Resource Names  Verbs',
        '  ---------               -----------------  --------------  -----',
        '  deployments.apps        []                 []              [get update]',
        '                          [/api/*]           []              [get]',
        '                          [/healthz]         []              [get]',
        '  configmaps              []                 [app-config]    [get]',
        '  deployments.apps/scale  []                 []              [get]',
        '',
      ].join('\n'),
    );
  });
});

describe('describeRoleBinding', () => {
  it('prints the role and a Kind Name Namespace table', () => {
    const binding = {
      metadata: { name: 'read-pods', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }, { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane' }],
    };
    assert.equal(
      describeRoleBinding(binding),
      [
        'Name:         read-pods',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Role:',
        '  Kind:  Role',
        '  Name:  pod-reader',
        'Subjects:',
        '  Kind            Name     Namespace',
        '  ----            ----     ---------',
        '  ServiceAccount  default  default',
        '  User            jane     ',
        '',
      ].join('\n'),
    );
  });
});

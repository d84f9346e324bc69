// RBAC's rule matching, as kube-apiserver's RuleAllows decides it: verbs and groups with `*`,
// resources with `*` and `*/<subresource>` (never `<resource>/*`), resourceNames, and
// nonResourceURLs with a trailing `*`; and which binding subjects name a user.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeSubject, ruleAllows, subjectAppliesTo, type PolicyRule } from '../../../../../daemon/apiserver/auth/rbac-rules.js';
import type { RequestAttributes } from '../../../../../daemon/apiserver/auth/request-attributes.js';

const request = (over: Partial<RequestAttributes>): RequestAttributes => ({
  verb: 'get',
  isResourceRequest: true,
  path: '',
  apiGroup: '',
  apiVersion: 'v1',
  resource: 'pods',
  subresource: '',
  namespace: 'default',
  name: '',
  ...over,
});

const cases: { name: string; rule: PolicyRule; given: Partial<RequestAttributes>; want: boolean }[] = [
  { name: 'allows a listed verb on a listed resource of the core group', rule: { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }, given: { verb: 'list' }, want: true },
  { name: 'refuses a verb the rule does not list', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, given: { verb: 'delete' }, want: false },
  { name: 'refuses another API group', rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, given: {}, want: false },
  { name: 'allows any verb, group and resource with stars', rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, given: { verb: 'deletecollection', apiGroup: 'batch', resource: 'jobs' }, want: true },
  { name: 'does not let pods cover pods/log', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, given: { subresource: 'log' }, want: false },
  { name: 'allows a subresource named in full', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, given: { subresource: 'log' }, want: true },
  { name: 'allows */scale on any resource\'s scale', rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, given: { apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }, want: true },
  { name: 'does not read pods/* as a wildcard', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }, given: { subresource: 'log' }, want: false },
  { name: 'allows a named object in resourceNames', rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }, given: { resource: 'configmaps', name: 'app' }, want: true },
  { name: 'refuses a list when resourceNames are set', rule: { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }, given: { verb: 'list', resource: 'configmaps' }, want: false },
  { name: 'allows a non-resource URL under a trailing star', rule: { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, given: { isResourceRequest: false, path: '/apis/apps/v1' }, want: true },
  { name: 'refuses a non-resource URL the rule does not name', rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, given: { isResourceRequest: false, path: '/metrics' }, want: false },
  { name: 'does not let resource rules cover paths', rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, given: { isResourceRequest: false, path: '/apis' }, want: false },
];

describe('ruleAllows', () => {
  for (const c of cases) it(c.name, () => assert.equal(ruleAllows(request(c.given), c.rule), c.want));
});

describe('subjects', () => {
  const sa = { username: 'system:serviceaccount:team:reader', groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'] };
  it('matches a ServiceAccount subject by its username, the namespace defaulting to the binding\'s', () => {
    assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 'reader' }, 'team'), true);
    assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 'reader', namespace: 'other' }, 'team'), false);
    assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 'reader' }, ''), false);
  });
  it('matches groups and users by name', () => {
    assert.equal(subjectAppliesTo(sa, { kind: 'Group', name: 'system:serviceaccounts:team' }, ''), true);
    assert.equal(subjectAppliesTo(sa, { kind: 'User', name: 'system:serviceaccount:team:reader' }, ''), true);
    assert.equal(subjectAppliesTo(sa, { kind: 'User', name: 'reader' }, ''), false);
  });
  it('describes subjects as the allowed reason does', () => {
    assert.equal(describeSubject({ kind: 'ServiceAccount', name: 'reader' }, 'team'), 'ServiceAccount "reader/team"');
    assert.equal(describeSubject({ kind: 'Group', name: 'system:authenticated' }, ''), 'Group "system:authenticated"');
  });
});

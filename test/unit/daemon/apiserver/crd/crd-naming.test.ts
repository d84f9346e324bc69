// The naming controller's decision: names another CRD of the group holds are refused with the
// apiextensions reasons and messages; names of other groups, and names a CRD already holds, are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { calculateNames } from '../../../../../daemon/apiserver/crd/crd-naming.js';

function crd(plural: string, group: string, names: Record<string, unknown>, accepted?: Record<string, unknown>): KubeObject {
  const specNames = { plural, singular: plural.replace(/s$/, ''), listKind: `${names.kind}List`, ...names };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, names: specNames },
    status: { acceptedNames: accepted ? { ...specNames, ...accepted } : { plural: '', kind: '' } },
  };
}

const crontabs = crd('crontabs', 'stable.example.com', { kind: 'CronTab', shortNames: ['ct'] }, {});

const cases = [
  { name: 'accepts every name when nothing else in the group has it', given: crd('backups', 'stable.example.com', { kind: 'Backup', shortNames: ['bk'] }), want: ['True', 'NoConflicts', 'no conflicts found', undefined] },
  { name: 'refuses a short name another CRD of the group holds', given: crd('cronjobs', 'stable.example.com', { kind: 'CronJob', shortNames: ['ct'] }), want: ['False', 'ShortNamesConflict', '"ct" is already in use', 'NotAccepted not all names are accepted'] },
  { name: 'refuses a kind another CRD of the group holds', given: crd('crontabtwos', 'stable.example.com', { kind: 'CronTab', listKind: 'CronTabTwoList' }), want: ['False', 'KindConflict', '"CronTab" is already in use', 'NotAccepted not all names are accepted'] },
  { name: 'refuses a singular that is another CRD’s plural', given: crd('things', 'stable.example.com', { kind: 'Thing', singular: 'crontabs' }), want: ['False', 'SingularConflict', '"crontabs" is already in use', 'NotAccepted not all names are accepted'] },
  { name: 'accepts the same names in another group', given: crd('crontabs', 'other.example.com', { kind: 'CronTab', shortNames: ['ct'] }), want: ['True', 'NoConflicts', 'no conflicts found', undefined] },
];

for (const { name, given, want } of cases) {
  test(name, () => {
    const result = calculateNames(given, [crontabs, given]);
    const established = result.notEstablished && `${result.notEstablished.reason} ${result.notEstablished.message}`;
    assert.deepEqual([result.namesAccepted.status, result.namesAccepted.reason, result.namesAccepted.message, established], want);
  });
}

test('keeps the names it holds and takes the free ones when one is refused', () => {
  const result = calculateNames(crd('cronjobs', 'stable.example.com', { kind: 'CronJob', shortNames: ['ct', 'cj'] }), [crontabs]);
  assert.equal(result.namesAccepted.message, '"ct" is already in use');
  assert.equal(result.acceptedNames.plural, 'cronjobs');
  assert.equal(result.acceptedNames.kind, 'CronJob');
  assert.equal(result.acceptedNames.shortNames, undefined);
});

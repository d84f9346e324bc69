import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import { validatePodTemplateSpec, validateTolerations } from '../../../../../daemon/apiserver/registry/pod-template.js';

describe('validatePodTemplateSpec', () => {
  it('reports template labels at <path>.labels, without metadata, as core validation does', () => {
    const template = { metadata: { labels: { 'bad key': 'x' } }, spec: { containers: [{ name: 'c', image: 'i', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 } };
    assert.deepEqual(validatePodTemplateSpec(template, 'spec.template').map(fieldErrorString), [
      `spec.template.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]);
  });
});

describe('validateTolerations', () => {
  const cases = [
    { name: 'requires Exists for an empty key', given: [{ operator: 'Equal', value: 'x' }], want: ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'] },
    { name: 'requires NoExecute with tolerationSeconds', given: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }], want: ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"] },
    { name: 'rejects an unknown effect', given: [{ key: 'k', operator: 'Exists', effect: 'Never' }], want: ['spec.tolerations[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'] },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(validateTolerations(given, 'spec.tolerations').map(fieldErrorString), want));
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, type NameRule } from '../../../../../daemon/apiserver/registry/metadata.js';

function check(metadata: KubeObject['metadata'], rule: NameRule = 'subdomain', namespaced = true): string[] {
  return validateObjectMeta({ metadata }, rule, namespaced).map(fieldErrorString);
}

describe('validateObjectMeta', () => {
  const cases: { name: string; given: { metadata: KubeObject['metadata']; rule?: NameRule; namespaced?: boolean }; want: string[] }[] = [
    {
      name: 'requires a name or generateName',
      given: { metadata: { namespace: 'default' } },
      want: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'rejects a subdomain with an underscore and capitals, with the long regex message',
      given: { metadata: { name: 'Bad_Name', namespace: 'default' } },
      want: [
        `metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    },
    {
      name: 'rejects a namespace name with dots as a DNS label',
      given: { metadata: { name: 'my.ns' }, rule: 'label', namespaced: false },
      want: ['metadata.name: Invalid value: "my.ns": must not contain dots'],
    },
    {
      name: 'rejects a label name with an underscore, with the double space between examples',
      given: { metadata: { name: 'My_NS' }, rule: 'label', namespaced: false },
      want: [
        `metadata.name: Invalid value: "My_NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    {
      name: 'rejects a Service name starting with a digit as a DNS-1035 label',
      given: { metadata: { name: '1web', namespace: 'default' }, rule: 'dns1035-label' },
      want: [
        `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    {
      name: 'reports a label name that is too long before its format',
      given: { metadata: { name: 'a'.repeat(64) }, rule: 'label', namespaced: false },
      want: [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    },
    {
      name: 'accepts a generateName ending in a dash',
      given: { metadata: { generateName: 'web-', name: 'web-x7k2p', namespace: 'default' } },
      want: [],
    },
    {
      name: 'requires a namespace for namespaced kinds',
      given: { metadata: { name: 'web' } },
      want: ['metadata.namespace: Required value'],
    },
    {
      name: 'forbids a namespace on cluster-scoped kinds',
      given: { metadata: { name: 'node1', namespace: 'default' }, namespaced: false },
      want: ['metadata.namespace: Forbidden: not allowed on this type'],
    },
    {
      name: 'rejects a label key with two slashes and a label value with a space',
      given: { metadata: { name: 'web', namespace: 'default', labels: { 'a/b/c': 'x', app: 'my web' } } },
      want: [
        `metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
        `metadata.labels: Invalid value: "my web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    },
    {
      name: 'rejects a label key with an empty prefix',
      given: { metadata: { name: 'web', namespace: 'default', labels: { '/app': 'x' } } },
      want: ['metadata.labels: Invalid value: "/app": prefix part must be non-empty'],
    },
    {
      name: 'rejects annotations larger than 256 KiB in total',
      given: { metadata: { name: 'web', namespace: 'default', annotations: { big: 'x'.repeat(262142) } } },
      want: ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    },
    {
      name: 'rejects an unqualified finalizer that is not a standard one',
      given: { metadata: { name: 'web', namespace: 'default', finalizers: ['kubernetes', 'mine'] } },
      want: ['metadata.finalizers[1]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified'],
    },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => assert.deepEqual(check(given.metadata, given.rule, given.namespaced ?? true), want));
  }
});

describe('validateObjectMetaUpdate', () => {
  const old: KubeObject = { metadata: { name: 'web', namespace: 'default', uid: 'u1', creationTimestamp: '2025-01-05T01:16:38Z', resourceVersion: '5', generation: 3 } };
  const cases: { name: string; given: Partial<KubeObject['metadata']>; want: string[] }[] = [
    { name: 'accepts an unchanged identity', given: {}, want: [] },
    { name: 'keeps the uid immutable', given: { uid: 'u2' }, want: ['metadata.uid: Invalid value: "u2": field is immutable'] },
    {
      name: 'prints a changed creationTimestamp the way Go prints a time',
      given: { creationTimestamp: '2025-02-01T00:00:00Z' },
      want: ['metadata.creationTimestamp: Invalid value: 2025-02-01 00:00:00 +0000 UTC: field is immutable'],
    },
    { name: 'refuses a decremented generation', given: { generation: 2 }, want: ['metadata.generation: Invalid value: 2: must not be decremented'] },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => {
      const next = { metadata: { ...old.metadata, ...given } };
      assert.deepEqual(validateObjectMetaUpdate(next, old).map(fieldErrorString), want);
    });
  }

  it('refuses new finalizers once the object is being deleted', () => {
    const deleting = { metadata: { ...old.metadata, deletionTimestamp: '2025-01-06T00:00:00Z', finalizers: ['a.io/x'] } };
    const next = { metadata: { ...deleting.metadata, finalizers: ['a.io/x', 'b.io/y'] } };
    assert.deepEqual(validateObjectMetaUpdate(next, deleting).map(fieldErrorString), [
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });
});

describe('validateLabelSelector', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    {
      name: 'requires values for In',
      given: { matchExpressions: [{ key: 'app', operator: 'In' }] },
      want: ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    },
    {
      name: 'forbids values for Exists',
      given: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] },
      want: ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    },
    {
      name: 'rejects an unknown operator',
      given: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] },
      want: ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator'],
    },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => assert.deepEqual(validateLabelSelector(given as never, 'spec.selector').map(fieldErrorString), want));
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../../../shared/api/errors.js';
import { convertFieldSelector, escapeFieldValue, parseFieldSelector } from '../../../shared/fields.js';

const pod = { 'metadata.name': 'web', 'metadata.namespace': 'default', 'spec.nodeName': 'node1', 'status.phase': 'Running' };

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isStatusError(err) && err.code === 400 && err.reason === 'BadRequest', 'expected a 400 BadRequest');
    return err.message;
  }
  return 'no error';
}

describe('parseFieldSelector matching', () => {
  const cases: { name: string; given: string; want: boolean }[] = [
    { name: 'matches an equality term', given: 'spec.nodeName=node1', want: true },
    { name: 'treats == like =', given: 'spec.nodeName==node1', want: true },
    { name: 'matches != when the value differs', given: 'status.phase!=Succeeded', want: true },
    { name: 'requires every comma-separated term', given: 'spec.nodeName=node1,status.phase!=Running', want: false },
    { name: 'reads a field missing from the map as empty', given: 'spec.hostNetwork=', want: true },
    { name: 'matches the describe-node selector', given: 'spec.nodeName=node1,status.phase!=Succeeded,status.phase!=Failed', want: true },
    { name: 'matches everything with the empty string', given: '', want: true },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(parseFieldSelector(c.given).matches(pod), c.want));
  }

  it('unescapes commas and equals signs in values', () => {
    const selector = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d');
    assert.deepEqual(selector.requirements, [{ field: 'metadata.name', operator: '=', value: 'a,b=c\\d' }]);
    assert.equal(selector.matches({ 'metadata.name': 'a,b=c\\d' }), true);
  });

  it('prints terms sorted, with == written as =, and values escaped', () => {
    assert.equal(parseFieldSelector('b==x,a!=y\\,z').toString(), 'a!=y\\,z,b=x');
  });

  it('escapes backslashes, commas and equals signs', () => {
    assert.equal(escapeFieldValue('a\\b,c=d'), 'a\\\\b\\,c\\=d');
  });
});

describe('parseFieldSelector errors', () => {
  const cases: { name: string; given: string; want: string }[] = [
    { name: 'rejects a term without an operator', given: 'spec.nodeName', want: "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'" },
    { name: 'rejects an unescaped = in a value, naming its code point', given: 'a=b=c', want: 'invalid field selector: unescaped character in value: 61' },
    { name: 'rejects an unknown escape sequence', given: 'a=b\\x', want: 'invalid field selector: invalid escape sequence: \\x' },
    { name: 'rejects a trailing backslash', given: 'a=b\\', want: 'invalid field selector: invalid escape sequence: \\' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(errorOf(() => parseFieldSelector(c.given)), c.want));
  }
});

describe('convertFieldSelector', () => {
  const accepted: { name: string; group: string; resource: string; given: string; want: string }[] = [
    { name: 'accepts the pod fields kubectl sends', group: '', resource: 'pods', given: 'spec.nodeName=n1,status.phase!=Failed', want: 'spec.nodeName=n1,status.phase!=Failed' },
    { name: 'rewrites the legacy spec.host to spec.nodeName', group: '', resource: 'pods', given: 'spec.host=n1', want: 'spec.nodeName=n1' },
    { name: 'accepts an empty involvedObject.namespace for events', group: '', resource: 'events', given: 'involvedObject.namespace=,involvedObject.kind=Node', want: 'involvedObject.kind=Node,involvedObject.namespace=' },
    { name: 'maps events.k8s.io spellings onto core names', group: 'events.k8s.io', resource: 'events', given: 'regarding.name=web', want: 'involvedObject.name=web' },
    { name: 'accepts spec.unschedulable for nodes', group: '', resource: 'nodes', given: 'spec.unschedulable=true', want: 'spec.unschedulable=true' },
    { name: 'accepts status.successful for jobs', group: 'batch', resource: 'jobs', given: 'status.successful=1', want: 'status.successful=1' },
    { name: 'accepts metadata fields for any kind', group: 'apps', resource: 'deployments', given: 'metadata.name=web', want: 'metadata.name=web' },
  ];
  for (const c of accepted) {
    it(c.name, () => assert.equal(convertFieldSelector(c.group, c.resource, parseFieldSelector(c.given)).toString(), c.want));
  }

  const rejected: { name: string; group: string; resource: string; given: string; want: string }[] = [
    { name: 'rejects an unknown pod field', group: '', resource: 'pods', given: 'spec.foo=1', want: 'field label not supported: spec.foo' },
    { name: 'rejects metadata.namespace for nodes', group: '', resource: 'nodes', given: 'metadata.namespace=x', want: 'field label not supported: metadata.namespace' },
    { name: 'rejects unknown fields for kinds without a conversion', group: '', resource: 'configmaps', given: 'data.x=1', want: '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"' },
    {
      name: 'rejects status.replicas for replicasets, as apps/v1 registers no conversion',
      group: 'apps',
      resource: 'replicasets',
      given: 'status.replicas=1',
      want: '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    { name: 'words job rejections as batch/v1 does', group: 'batch', resource: 'jobs', given: 'status.active=1', want: 'field label "status.active" not supported for batchv1.Job' },
    { name: 'names the first unknown field in sorted order', group: '', resource: 'pods', given: 'z.b=1,a.b=1', want: 'field label not supported: a.b' },
  ];
  for (const c of rejected) {
    it(c.name, () => assert.equal(errorOf(() => convertFieldSelector(c.group, c.resource, parseFieldSelector(c.given))), c.want));
  }
});

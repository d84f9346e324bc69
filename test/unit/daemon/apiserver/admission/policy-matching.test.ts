import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource } from '../../../../../shared/api/resources.js';
import { matchResourcesMatch, rulesMatch, type AdmissionAttributes } from '../../../../../daemon/apiserver/admission/policy-matching.js';

const pods = findResource('', 'v1', 'pods')!;
const namespaces = findResource('', 'v1', 'namespaces')!;
const events = findResource('events.k8s.io', 'v1', 'events')!;

function attrs(extra: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return { info: pods, subresource: '', operation: 'CREATE', name: 'web', namespace: 'default', object: { metadata: { name: 'web', labels: { app: 'web' } } }, ...extra };
}

const rule = (extra: Record<string, unknown> = {}) => ({ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'], scope: '*', ...extra });

describe('admission rule matching', () => {
  it('matches group, version, resource, operation and scope', () => {
    assert.equal(rulesMatch([rule()], attrs(), 'Equivalent'), true);
    assert.equal(rulesMatch([rule({ operations: ['UPDATE'] })], attrs(), 'Equivalent'), false);
    assert.equal(rulesMatch([rule({ operations: ['*'], resources: ['*'] })], attrs(), 'Equivalent'), true);
    assert.equal(rulesMatch([rule({ scope: 'Cluster' })], attrs(), 'Equivalent'), false);
    assert.equal(rulesMatch([rule({ resourceNames: ['other'] })], attrs(), 'Equivalent'), false);
  });

  it('matches subresources only when named', () => {
    const status = attrs({ subresource: 'status', operation: 'UPDATE' });
    assert.equal(rulesMatch([rule({ operations: ['UPDATE'] })], status, 'Equivalent'), false);
    assert.equal(rulesMatch([rule({ operations: ['UPDATE'], resources: ['pods/status'] })], status, 'Equivalent'), true);
    assert.equal(rulesMatch([rule({ operations: ['UPDATE'], resources: ['*/*'] })], status, 'Equivalent'), true);
  });

  it('matches another version of the same resource only with Equivalent', () => {
    const coreEvents = rule({ resources: ['events'] });
    assert.equal(rulesMatch([coreEvents], attrs({ info: events }), 'Equivalent'), true);
    assert.equal(rulesMatch([coreEvents], attrs({ info: events }), 'Exact'), false);
  });

  it('applies the namespace selector to the request namespace, or to the namespace itself', () => {
    const selector = { matchLabels: { environment: 'test' } };
    const lookup = (labels: Record<string, string>) => () => ({ metadata: { name: 'default', labels } });
    const match = { resourceRules: [rule({ operations: ['*'], resources: ['*'] })], namespaceSelector: selector };
    assert.equal(matchResourcesMatch(match, attrs(), lookup({ environment: 'test' }), true), true);
    assert.equal(matchResourcesMatch(match, attrs(), lookup({ environment: 'prod' }), true), false);
    const ns = attrs({ info: namespaces, namespace: '', name: 'test', object: { metadata: { name: 'test', labels: { environment: 'test' } } } });
    assert.equal(matchResourcesMatch(match, ns, () => undefined, true), true);
  });

  it('excludes by excludeResourceRules and the object selector', () => {
    const match = { resourceRules: [rule()], excludeResourceRules: [rule({ resourceNames: ['web'] })] };
    assert.equal(matchResourcesMatch(match, attrs(), () => undefined, true), false);
    const selected = { resourceRules: [rule()], objectSelector: { matchLabels: { app: 'api' } } };
    assert.equal(matchResourcesMatch(selected, attrs(), () => undefined, true), false);
    assert.equal(matchResourcesMatch({ objectSelector: { matchLabels: { app: 'web' } } }, attrs(), () => undefined, false), true);
  });

  it('never exempts cluster-scoped objects by namespace, and judges a Namespace subresource on its stored labels', () => {
    const nodes = findResource('', 'v1', 'nodes')!;
    const match = { resourceRules: [rule({ operations: ['*'], resources: ['*', '*/*'] })], namespaceSelector: { matchLabels: { environment: 'test' } } };
    assert.equal(matchResourcesMatch(match, attrs({ info: nodes, namespace: '', name: 'n1' }), () => undefined, true), true);
    const finalize = attrs({
      info: namespaces,
      operation: 'UPDATE',
      subresource: 'finalize',
      namespace: '',
      name: 'test',
      object: { metadata: { name: 'test', labels: { environment: 'test' } } },
      oldObject: { metadata: { name: 'test', labels: { environment: 'prod' } } },
    });
    assert.equal(matchResourcesMatch(match, finalize, () => undefined, true), false);
  });

  it('selects a DELETE by the old object\'s labels, and needs resource rules on a policy', () => {
    const selected = { resourceRules: [rule({ operations: ['DELETE'] })], objectSelector: { matchLabels: { app: 'web' } } };
    const deletion = attrs({ operation: 'DELETE', object: undefined, oldObject: { metadata: { name: 'web', labels: { app: 'web' } } } });
    assert.equal(matchResourcesMatch(selected, deletion, () => undefined, true), true);
    assert.equal(matchResourcesMatch({ objectSelector: {} }, attrs(), () => undefined, true), false);
  });
});


import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HookIndex } from '../../../../../daemon/apiserver/admission/policy-cache.js';

describe('HookIndex', () => {
  it('finds hooks by the group/resource their rules name, and wildcard ones for every resource', () => {
    const index = new HookIndex<string>();
    index.add('deployments', [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments', 'deployments/scale'] }]);
    index.add('all', [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }]);
    index.add('events', [{ apiGroups: [''], apiVersions: ['v1'], resources: ['events'] }]);
    assert.deepEqual(index.candidates('apps', 'deployments'), ['all', 'deployments']);
    assert.deepEqual(index.candidates('', 'pods'), ['all']);
    // Equivalent matching reaches core events through events.k8s.io.
    assert.deepEqual(index.candidates('events.k8s.io', 'events'), ['all', 'events']);
    assert.equal(index.size, 3);
  });

  it('lists a hook with a wildcard rule and a named one once', () => {
    const index = new HookIndex<string>();
    index.add('both', [
      { apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] },
      { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] },
    ]);
    assert.deepEqual(index.candidates('apps', 'deployments'), ['both']);
  });
});

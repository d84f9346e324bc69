// The `:` names of custom kinds, learned from CRD objects: plural, singular, kind, short names and
// the fully qualified forms kubectl takes; built-in names win; a CRD not established adds nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../shared/api/meta.js';
import { aliasList, resolveAlias } from '../../../tui/state/aliases.js';
import { customResourceFor, setCustomResources } from '../../../tui/state/custom-resources.js';

function crd(plural: string, group: string, kind: string, options: { shortNames?: string[]; established?: boolean; versions?: string[] } = {}): KubeObject {
  const names = { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List`, ...(options.shortNames ? { shortNames: options.shortNames } : {}) };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, scope: 'Namespaced', names, versions: (options.versions ?? ['v1']).map((name) => ({ name, served: true, storage: name === 'v1' })) },
    status: { acceptedNames: names, conditions: [{ type: 'Established', status: options.established === false ? 'False' : 'True' }] },
  };
}

test('resolves every name of a custom kind, in its preferred version', () => {
  setCustomResources([crd('crontabs', 'stable.example.com', 'CronTab', { shortNames: ['ct'], versions: ['v1beta1', 'v1', 'v2alpha1'] })]);
  for (const name of ['crontabs', 'crontab', 'CronTab', 'ct', 'crontabs.stable.example.com', 'crontab.stable.example.com', 'crontabs.v1.stable.example.com']) {
    const info = resolveAlias(name);
    assert.deepEqual(info && [info.group, info.version, info.resource, info.kind, info.namespaced], ['stable.example.com', 'v1', 'crontabs', 'CronTab', true], name);
  }
  assert.ok(aliasList().some(([alias, path]) => alias === 'ct' && path === 'stable.example.com/crontabs'));
  setCustomResources([]);
  assert.equal(resolveAlias('ct'), undefined);
});

test('built-in names win over a custom kind that reuses them; a CRD not established adds nothing', () => {
  setCustomResources([crd('pods', 'example.com', 'Pod', { shortNames: ['po'] }), crd('gizmos', 'example.com', 'Gizmo', { established: false })]);
  assert.equal(resolveAlias('po')?.group, '');
  assert.equal(resolveAlias('pods.example.com')?.group, 'example.com');
  assert.equal(resolveAlias('gizmos'), undefined);
  assert.equal(customResourceFor('example.com', 'gizmos'), undefined);
  setCustomResources([]);
});

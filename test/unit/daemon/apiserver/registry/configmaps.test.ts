import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configMapStrategy } from '../../../../../daemon/apiserver/registry/configmaps.js';
import { create, update } from './run-strategy.js';

function configMap(extra: object): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game-config' }, ...extra };
}

describe('ConfigMap validation', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'accepts file-like keys', given: configMap({ data: { 'game.properties': 'a=1', SPECIAL_LEVEL: 'very' } }), want: [] },
    {
      name: 'rejects a key with a slash',
      given: configMap({ data: { 'dir/game.properties': 'x' } }),
      want: [
        `data[dir/game.properties]: Invalid value: "dir/game.properties": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      ],
    },
    { name: 'rejects a key that is ..', given: configMap({ data: { '..': 'x' } }), want: [`data[..]: Invalid value: "..": must not be '..'`] },
    { name: 'rejects more than 1 MiB of data', given: configMap({ data: { big: 'x'.repeat(1024 * 1024 + 1) } }), want: ['Too long: may not be more than 1048576 bytes'] },
    {
      name: 'rejects a key present in data and binaryData',
      given: configMap({ data: { k: 'v' }, binaryData: { k: 'dg==' } }),
      want: ['data[k]: Invalid value: "k": duplicate of key present in binaryData'],
    },
    // Valid config keys that are also names on Object.prototype: only binaryData's own keys are duplicates.
    { name: 'accepts keys named like object properties', given: configMap({ data: JSON.parse('{"constructor":"1","toString":"2","__proto__":"3"}') }), want: [] },
  ];
  for (const { name, given, want } of cases) it(name, () => assert.deepEqual(create(configMapStrategy, given).errors, want));
});

describe('immutable ConfigMaps', () => {
  const stored = create(configMapStrategy, configMap({ data: { a: '1' }, immutable: true })).obj;
  it('refuse data changes and unsetting immutable', () => {
    const { errors } = update(configMapStrategy, stored, (o) => {
      o.data = { a: '2' };
      o.immutable = false;
    });
    assert.deepEqual(errors, ['immutable: Forbidden: field is immutable when `immutable` is set', 'data: Forbidden: field is immutable when `immutable` is set']);
  });
});

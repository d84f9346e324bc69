import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countJsonKeys, countParsedKeys, findDuplicateKeys, scanKeys } from '../../../../../daemon/apiserver/codec/duplicate-fields.js';

test('counts keys in the text and in the parsed value, ignoring colons inside strings', () => {
  const text = '{"a": "x:y", "b": {"c": [1, {"d": "\\":"}]}}';
  assert.equal(countJsonKeys(text), 4);
  assert.equal(countParsedKeys(JSON.parse(text)), 4);
});

test('finds nothing in a body without repeated keys', () => {
  const text = '{"metadata":{"name":"a","labels":{"app":"x"}},"data":{"k":"v:w"}}';
  assert.equal(findDuplicateKeys(text, JSON.parse(text)), undefined);
});

test('finds repeated keys with the strict decoder paths, each once, at their second occurrence', () => {
  const text = '{"metadata":{"name":"a","name":"b"},"spec":{"containers":[{"name":"c"},{"image":"x","image":"y","image":"z"}]}}';
  const keys = findDuplicateKeys(text, JSON.parse(text));
  assert.ok(keys);
  assert.deepEqual(
    keys.duplicates.map((d) => d.path),
    ['metadata.name', 'spec.containers[1].image'],
  );
  assert.equal(keys.duplicates[0].offset, text.indexOf('"name":"b"'));
  assert.equal(keys.firstOffset.get('spec.containers[0].name'), text.indexOf('"name":"c"'));
});

test('names JSON patch operations by index, as in `[1].path`', () => {
  const keys = scanKeys('[{"op":"add","path":"/a","value":1},{"op":"add","path":"/b","path":"/c"}]');
  assert.deepEqual(keys.duplicates.map((d) => d.path), ['[1].path']);
});

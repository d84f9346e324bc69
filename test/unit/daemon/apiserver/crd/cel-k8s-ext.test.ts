// strings.format, strings.quote and the sets extension of the CRD rules' CEL environment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { celFormat, celQuote } from '../../../../../daemon/apiserver/crd/cel-k8s-ext.js';
import { k8sCelEnvironment } from '../../../../../daemon/apiserver/crd/cel-k8s-library.js';

test('format takes Go-like verbs', () => {
  assert.equal(celFormat('%s has %d replicas (%.1f%%)', ['web', 3n, 37.5]), 'web has 3 replicas (37.5%)');
  assert.equal(celFormat('%x %X %o %b %e', [255n, 'hi', 8n, 5n, 1234.5]), 'ff 6869 10 101 1.234500e+03');
  assert.equal(celFormat('%s', [[1n, 'a']]), '[1, a]');
  assert.equal(celQuote('a"b'), '"a\\"b"');
});

test('sets.contains, sets.equivalent and sets.intersects', () => {
  const env = k8sCelEnvironment();
  assert.equal(env.evaluate('sets.contains([1, 2, 3], [3, 1])', { self: null }), true);
  assert.equal(env.evaluate('sets.equivalent([1, 2], [2, 1, 1])', { self: null }), true);
  assert.equal(env.evaluate("sets.intersects(['a'], ['b'])", { self: null }), false);
});

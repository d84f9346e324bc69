// The generic describer's readable field labels (kubectl's smartLabelFor over fatih/camelcase)
// and Go's %v of decoded JSON values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goValue, smartLabelFor, splitCamelCase } from '../../../../shared/describe/generic.js';

test('camel-case field names become title-case words, with known acronyms in capitals', () => {
  assert.equal(smartLabelFor('apiVersion'), 'API Version');
  assert.equal(smartLabelFor('creationTimestamp'), 'Creation Timestamp');
  assert.equal(smartLabelFor('uid'), 'UID');
  assert.equal(smartLabelFor('podIP'), 'Pod IP');
  // The upper-case run `IP` hands its `P` to `s`: kubectl really prints `Host I Ps`.
  assert.equal(smartLabelFor('hostIPs'), 'Host I Ps');
  assert.equal(smartLabelFor('leaseDurationSeconds'), 'Lease Duration Seconds');
});

test('names with digits or punctuation other than "-" are left as they are', () => {
  assert.equal(smartLabelFor('ca.crt'), 'ca.crt');
  assert.equal(smartLabelFor('v1beta1'), 'v1beta1');
});

test('an upper-case run hands its last letter to the lower-case run after it', () => {
  assert.deepEqual(splitCamelCase('PDFLoader'), ['PDF', 'Loader']);
  assert.deepEqual(splitCamelCase('externalIPs'), ['external', 'I', 'Ps']);
});

test('values print as Go prints them with %v', () => {
  assert.equal(goValue(null), '<nil>');
  assert.equal(goValue(true), 'true');
  assert.equal(goValue(40), '40');
  assert.equal(goValue(['a', 'b']), '[a b]');
  assert.equal(goValue({ b: 1, a: 'x' }), 'map[a:x b:1]');
});

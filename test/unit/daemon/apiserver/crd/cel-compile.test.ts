// Compilation of x-kubernetes-validations rules: cel-go's issue format (position, source line,
// caret), type errors against the schema node's type, the bool / string result checks, oldSelf
// detection and fieldPath normalisation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRules, normalizeFieldPath } from '../../../../../daemon/apiserver/crd/cel-compile.js';
import type { JsonSchema } from '../../../../../daemon/apiserver/crd/schema-validation.js';

const node = (rules: JsonSchema['x-kubernetes-validations']): JsonSchema => ({
  type: 'object',
  properties: { a: { type: 'integer' }, name: { type: 'string' }, items: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } } } }, labels: { type: 'object', additionalProperties: { type: 'string' } } },
  'x-kubernetes-validations': rules,
});

const compileErrors = (...rules: string[]): (string | undefined)[] => {
  const schema = node(rules.map((rule) => ({ rule })));
  return compileRules(schema, schema, false).map((c) => c.error);
};

test('a syntax error reads as cel-go prints it: position, source line and caret', () => {
  assert.deepEqual(compileErrors('self.a <'), [
    "compilation failed: ERROR: <input>:1:9: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | self.a <\n | ........^",
  ]);
  assert.deepEqual(compileErrors('has(self.a'), ["compilation failed: ERROR: <input>:1:11: Syntax error: mismatched input '<EOF>' expecting ')'\n | has(self.a\n | ..........^"]);
});

test('rules are type-checked against the schema node they sit on', () => {
  assert.deepEqual(compileErrors('self.namespace == "x"', 'self.a + "x" == 1', 'size(self.a) > 1', 'x > 1', 'self.items.all(i, i.prt > 0)'), [
    "compilation failed: ERROR: <input>:1:5: undefined field 'namespace'\n | self.namespace == \"x\"\n | ....^",
    "compilation failed: ERROR: <input>:1:8: found no matching overload for '_+_' applied to '(int, string)'\n | self.a + \"x\" == 1\n | .......^",
    "compilation failed: ERROR: <input>:1:5: found no matching overload for 'size' applied to '(int)'\n | size(self.a) > 1\n | ....^",
    "compilation failed: ERROR: <input>:1:1: undeclared reference to 'x' (in container '')\n | x > 1\n | ^",
    "compilation failed: ERROR: <input>:1:20: undefined field 'prt'\n | self.items.all(i, i.prt > 0)\n | ...................^",
  ]);
  assert.deepEqual(compileErrors('self.a', 'self == oldSelf', "self.labels.all(k, self.labels[k].startsWith('v'))", "self.items.map(i, i.port).isSorted()"), ['cel expression must evaluate to a bool', undefined, undefined, undefined]);
});

test('oldSelf makes a transition rule; messageExpression must be a string', () => {
  const schema = node([{ rule: 'self.a >= oldSelf.a' }, { rule: 'self.a > 0', messageExpression: '1' }, { rule: 'self.a > 0', messageExpression: "'a is ' + string(self.a)" }]);
  const compiled = compileRules(schema, schema, false);
  assert.deepEqual(compiled.map((c) => c.usesOldSelf), [true, false, false]);
  assert.deepEqual(compiled.map((c) => c.messageError), [undefined, 'messageExpression must evaluate to a string', undefined]);
});

test('fieldPath is a JSON path of fields and map keys, printed as a field path', () => {
  const schema = node([]);
  assert.equal(normalizeFieldPath('.a', schema), 'a');
  assert.equal(normalizeFieldPath(".labels['app.kubernetes.io/name']", schema), 'labels[app.kubernetes.io/name]');
  assert.equal(normalizeFieldPath('.nope', schema), undefined);
  assert.equal(normalizeFieldPath('a', schema), undefined);
});

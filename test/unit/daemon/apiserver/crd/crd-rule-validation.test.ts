// The checks of a CRD's x-kubernetes-validations at CRD create/update, with the apiextensions
// validation's paths and messages (compile errors show the rule as Go prints the struct).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateRuleDefinitions } from '../../../../../daemon/apiserver/crd/crd-rule-validation.js';
import { fieldErrorString } from '../../../../../shared/api/errors.js';

const root = 'spec.validation.openAPIV3Schema';
const at = `${root}.properties[spec].x-kubernetes-validations`;
const schemaWith = (rules: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': rules, ...extra } } });
const check = (schema: unknown, compile = true): string[] => validateRuleDefinitions(schema as never, root, compile).map(fieldErrorString);

test('a rule that does not compile is refused with the rule struct and cel-go issue', () => {
  assert.deepEqual(check(schemaWith([{ rule: 'self.a <' }, { rule: 'self.a > 0', message: 'ok' }])), [
    `${at}[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.a <", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:9: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | self.a <\n | ........^`,
  ]);
});

test('the plain checks: rule, message, messageExpression, reason, fieldPath', () => {
  assert.deepEqual(check(schemaWith([{ rule: ' ' }, { rule: 'self.a > 0', message: ' ' }, { rule: 'self.a\n> 0' }, { rule: 'true', messageExpression: ' ' }, { rule: 'true', reason: 'Nope' }, { rule: 'true', fieldPath: '.b' }])), [
    `${at}[0].rule: Required value: rule is not specified`,
    `${at}[1].message: Invalid value: " ": message must be non-empty if specified`,
    `${at}[2].message: Required value: message must be specified if rule contains line breaks`,
    `${at}[3].messageExpression: Required value: messageExpression must be non-empty if specified`,
    `${at}[4].reason: Unsupported value: "Nope": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
    `${at}[5].fieldPath: Invalid value: ".b": fieldPath must be a valid path`,
  ]);
});

test('oldSelf is refused where list items do not correlate', () => {
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: { l: { type: 'array', items: { type: 'object', properties: { n: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } } } } } } } };
  assert.deepEqual(check(schema), [
    `${root}.properties[spec].properties[l].items.properties[n].x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${root}.properties[spec].properties[l]`,
  ]);
  const mapList = structuredClone(schema) as any;
  Object.assign(mapList.properties.spec.properties.l, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['n'] });
  assert.deepEqual(check(mapList), []);
});

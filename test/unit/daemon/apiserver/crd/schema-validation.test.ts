import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorString } from '../../../../../shared/api/errors.js';
import { validateAgainstSchema, type JsonSchema } from '../../../../../daemon/apiserver/crd/schema-validation.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['cronSpec'],
      properties: {
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        mode: { type: 'string', enum: ['Allow', 'Forbid'] },
        name: { type: 'string', minLength: 2, maxLength: 5 },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const errors = (spec: Record<string, unknown>): string[] => validateAgainstSchema({ apiVersion: 'v', kind: 'K', metadata: { name: 'x' }, spec }, schema).map(fieldErrorString);

const cases: { name: string; given: Record<string, unknown>; want: string[] }[] = [
  { name: 'accepts a valid object', given: { cronSpec: '* * * * */5', replicas: 3, mode: 'Allow', port: 'http', note: null, tags: ['a'] }, want: [] },
  { name: 'names the wrong type by its JSON type', given: { cronSpec: '* * * * *', replicas: 'string' }, want: ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'] },
  { name: 'refuses a fraction for an integer', given: { cronSpec: '* * * * *', replicas: 1.5 }, want: ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"'] },
  { name: 'wants required fields', given: {}, want: ['spec.cronSpec: Required value'] },
  {
    name: 'checks pattern and bounds',
    given: { cronSpec: '* * * *', replicas: 15 },
    want: [
      "spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
      'spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
    ],
  },
  { name: 'checks the minimum', given: { cronSpec: '* * * * *', replicas: 0 }, want: ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1'] },
  { name: 'checks enums', given: { cronSpec: '* * * * *', mode: 'Maybe' }, want: ['spec.mode: Unsupported value: "Maybe": supported values: "Allow", "Forbid"'] },
  {
    name: 'checks string lengths',
    given: { cronSpec: '* * * * *', name: 'x' },
    want: ['spec.name: Invalid value: "x": spec.name in body should be at least 2 chars long'],
  },
  { name: 'checks the longest string', given: { cronSpec: '* * * * *', name: 'toolong' }, want: ['spec.name: Too long: may not be more than 5 bytes'] },
  { name: 'takes an int or a string for int-or-string', given: { cronSpec: '* * * * *', port: true }, want: ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'] },
  { name: 'refuses null where not nullable', given: { cronSpec: null }, want: ['spec.cronSpec: Invalid value: "null": spec.cronSpec in body must be of type string: "null"'] },
  { name: 'checks array items and their count', given: { cronSpec: '* * * * *', tags: ['a', 1, 'c'] }, want: ['spec.tags: Too many: 3: must have at most 2 items', 'spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"'] },
  { name: 'wants apiVersion and kind in an embedded resource', given: { cronSpec: '* * * * *', template: { metadata: {} } }, want: ['spec.template.apiVersion: Required value: must not be empty', 'spec.template.kind: Required value: must not be empty'] },
];

for (const { name, given, want } of cases) {
  test(`schema validation ${name}`, () => assert.deepEqual(errors(given), want));
}

test('patterns are RE2, as Go matches them: (?i) works and a pattern that would backtrack for ever answers', () => {
  const schema: JsonSchema = { type: 'object', properties: { code: { type: 'string', pattern: '(?i)^abc$' }, word: { type: 'string', pattern: '^(a+)+$' } } };
  assert.deepEqual(validateAgainstSchema({ code: 'ABC', word: 'aaaa' }, schema).map(fieldErrorString), []);
  assert.deepEqual(validateAgainstSchema({ code: 'xyz' }, schema).map(fieldErrorString), ["code: Invalid value: \"xyz\": code in body should match '(?i)^abc$'"]);
  // JavaScript's RegExp takes 2^40 steps for this; RE2 is linear.
  const long = `${'a'.repeat(40)}b`;
  assert.deepEqual(validateAgainstSchema({ word: long }, schema).map(fieldErrorString), [`word: Invalid value: "${long}": word in body should match '^(a+)+$'`]);
});

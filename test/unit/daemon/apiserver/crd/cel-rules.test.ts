// x-kubernetes-validations at runtime: the field errors the apiextensions apiserver returns for a
// failing rule (path, schema type word, message / messageExpression / default message, reason,
// fieldPath), per-element rules, transition rules, ratcheting and the runtime cost limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateCelRules } from '../../../../../daemon/apiserver/crd/cel-rules.js';
import type { JsonSchema } from '../../../../../daemon/apiserver/crd/schema-validation.js';
import { fieldErrorString } from '../../../../../shared/api/errors.js';

const spec = (properties: Record<string, JsonSchema>, rules: JsonSchema['x-kubernetes-validations'] = []): JsonSchema => ({
  type: 'object',
  properties: { spec: { type: 'object', properties, 'x-kubernetes-validations': rules } },
});

function errors(obj: unknown, schema: JsonSchema, old?: unknown): string[] {
  return validateCelRules(obj, schema, { old }).errors.map(fieldErrorString);
}

test('a failing rule is reported at its node with the schema type and its message', () => {
  const schema = spec({ replicas: { type: 'integer' }, minReplicas: { type: 'integer' } }, [
    { rule: 'self.minReplicas <= self.replicas', message: 'replicas should be greater than or equal to minReplicas.' },
  ]);
  assert.deepEqual(errors({ spec: { replicas: 1, minReplicas: 3 } }, schema), ['spec: Invalid value: "object": replicas should be greater than or equal to minReplicas.']);
  assert.deepEqual(errors({ spec: { replicas: 3, minReplicas: 3 } }, schema), []);
});

test('without a message the rule itself is quoted; reasons change the error type', () => {
  const schema = spec({ name: { type: 'string', 'x-kubernetes-validations': [{ rule: "self.startsWith('kube')" }] }, port: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 0', message: 'must be positive', reason: 'FieldValueForbidden' }, { rule: 'self < 100', reason: 'FieldValueDuplicate' }] } });
  assert.deepEqual(errors({ spec: { name: 'x', port: 100 } }, schema), ['spec.name: Invalid value: "string": failed rule: self.startsWith(\'kube\')', 'spec.port: Duplicate value: "integer"']);
  assert.deepEqual(errors({ spec: { name: 'kube-a', port: 0 } }, schema), ['spec.port: Forbidden: must be positive']);
});

test('a rule at the root reports the nil path, and fieldPath moves the error', () => {
  const schema: JsonSchema = {
    type: 'object',
    'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('w')", message: 'name must start with w' }],
    properties: { spec: { type: 'object', properties: { min: { type: 'integer' }, max: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.min <= self.max', message: 'min above max', fieldPath: '.min', reason: 'FieldValueInvalid' }] } },
  };
  assert.deepEqual(errors({ apiVersion: 'a/v1', kind: 'W', metadata: { name: 'x1' }, spec: { min: 2, max: 1 } }, schema), ['<nil>: Invalid value: "object": name must start with w', 'spec.min: Invalid value: "object": min above max']);
});

test('rules on list items and map values run per element with its path', () => {
  const schema = spec({
    items: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.port > 0', message: 'port must be positive' }] } },
    limits: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self != ""', message: 'must not be empty' }] } },
  });
  assert.deepEqual(errors({ spec: { items: [{ port: 1 }, { port: 0 }], limits: { cpu: '1', memory: '' } } }, schema), ['spec.items[1]: Invalid value: "object": port must be positive', 'spec.limits[memory]: Invalid value: "string": must not be empty']);
});

test('messageExpression builds the message and falls back to message when it fails or is empty', () => {
  const schema = spec({ replicas: { type: 'integer' } }, [
    { rule: 'self.replicas <= 5', messageExpression: "'replicas ' + string(self.replicas) + ' is more than 5'" },
    { rule: 'self.replicas <= 6', message: 'static six', messageExpression: "''" },
    { rule: 'self.replicas <= 7', message: 'static seven', messageExpression: 'self.nothing' },
  ]);
  assert.deepEqual(errors({ spec: { replicas: 9 } }, schema), ['spec: Invalid value: "object": replicas 9 is more than 5', 'spec: Invalid value: "object": static six', 'spec: Invalid value: "object": static seven']);
});

test('a rule that fails at runtime reports the CEL error', () => {
  const schema = spec({ a: { type: 'integer' }, b: { type: 'integer' }, s: { 'x-kubernetes-int-or-string': true } }, [
    { rule: 'self.a > 1' },
    { rule: 'self.b / 0 == 1', message: 'div' },
    { rule: 'self.s + 1 > 1' },
  ]);
  assert.deepEqual(errors({ spec: { b: 1, s: 'x' } }, schema), [
    'spec: Invalid value: "object": no such key: a evaluating rule: self.a > 1',
    'spec: Invalid value: "object": division by zero evaluating rule: div',
    "spec: Invalid value: \"object\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self.s + 1 > 1",
  ]);
});

test('integers are ints and numbers doubles, as the schema types them; has() sees optional fields', () => {
  const schema = spec({ count: { type: 'integer' }, ratio: { type: 'number' }, opt: { type: 'string' } }, [
    { rule: 'self.count == 2 && self.ratio == 2.0 && !has(self.opt)', message: 'typed' },
    { rule: "type(self.count) == int && type(self.ratio) == double", message: 'types' },
  ]);
  assert.deepEqual(errors({ spec: { count: 2, ratio: 2 } }, schema), []);
  assert.deepEqual(errors({ spec: { count: 2, ratio: 2, opt: 'x' } }, schema), ['spec: Invalid value: "object": typed']);
});

test('transition rules run only on update, against the correlated old value', () => {
  const schema = spec({ name: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'Value is immutable' }] } });
  assert.deepEqual(errors({ spec: { name: 'a' } }, schema), []);
  assert.deepEqual(errors({ spec: { name: 'b' } }, schema, { spec: { name: 'a' } }), ['spec.name: Invalid value: "string": Value is immutable']);
  assert.deepEqual(errors({ spec: { name: 'a' } }, schema, { spec: { name: 'a' } }), []);
  // A field that did not exist before has no old value: the rule does not run.
  assert.deepEqual(errors({ spec: { name: 'b' } }, schema, { spec: {} }), []);
});

test('on update an unchanged node ratchets: its failing rules become warnings', () => {
  const schema = spec({ a: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 10', message: 'a too big' }] }, b: { type: 'integer' } });
  const old = { spec: { a: 50, b: 1 } };
  const outcome = validateCelRules({ spec: { a: 50, b: 2 } }, schema, { old, ratchet: true });
  assert.deepEqual(outcome.errors, []);
  assert.deepEqual(outcome.warnings, ['spec.a: Invalid value: "integer": a too big']);
  const changed = validateCelRules({ spec: { a: 60, b: 2 } }, schema, { old, ratchet: true });
  assert.deepEqual(changed.errors.map(fieldErrorString), ['spec.a: Invalid value: "integer": a too big']);
});

test('a rule that would run away is stopped at the per-call cost limit, and the budget ends all rules', () => {
  const schema = spec({ list: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.all(x, self.all(y, x == y || x != y))' }] }, other: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 0' }] } });
  const list = Array.from({ length: 3000 }, (_, i) => i);
  assert.deepEqual(errors({ spec: { list, other: 0 } }, schema), [
    "spec.list: Invalid value: \"array\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.all(x, self.all(y, x == y || x != y))",
  ]);
  const small = validateCelRules({ spec: { list: [1, 2, 3], other: 0 } }, schema, { budget: 5 }).errors.map(fieldErrorString);
  assert.deepEqual(small, ['spec.list: Invalid value: "array": validation failed due to running out of cost budget, no further validation rules will be run']);
});

test('nested macros over lists the rule writes itself are charged per iteration, so they stop too', () => {
  // 10^7 iterations and no field read: without a charge per iteration this held the daemon for seconds.
  const digits = '[0,1,2,3,4,5,6,7,8,9]';
  const nested = (depth: number): string => (depth === 0 ? 'true' : `${digits}.all(a${depth}, ${nested(depth - 1)})`);
  const rule = nested(7);
  const schema = spec({ n: { type: 'integer' } }, [{ rule }]);
  assert.deepEqual(errors({ spec: { n: 1 } }, schema), [
    `spec: Invalid value: "object": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${rule}`,
  ]);
  // Within the limit the rule still answers, for lists and map literals alike.
  const small = spec({ n: { type: 'integer' } }, [{ rule: `${nested(2)} && {'a': 1}.all(k, k == 'a') && [1, 2].map(x, x * 2) == [2, 4]`, message: 'small' }]);
  assert.deepEqual(errors({ spec: { n: 1 } }, small), []);
});

test('Kubernetes CEL functions: strings, lists, regex (RE2), url, quantity, ip and cidr', () => {
  const schema = spec({ s: { type: 'string' }, l: { type: 'array', items: { type: 'integer' } }, u: { type: 'string' }, q: { type: 'string' }, 'x-prop': { type: 'string' }, missing: { type: 'string' } }, [
    { rule: "self.s.lowerAscii() == 'abc' && self.s.replace('b', 'x') == 'AxC' && self.s.split('').size() == 3", message: 'strings' },
    { rule: 'self.l.isSorted() && self.l.sum() == 6 && self.l.min() == 1 && self.l.max() == 3 && self.l.indexOf(2) == 1', message: 'lists' },
    { rule: "self.s.matches('^[A-Z]b') && self.s.find('[bc]+') == 'bC'.lowerAscii().substring(0, 1)", message: 'regex' },
    { rule: "isURL(self.u) && url(self.u).getHost() == 'example.com:8080' && url(self.u).getScheme() == 'https'", message: 'url' },
    { rule: "isQuantity(self.q) && quantity(self.q).isLessThan(quantity('1Gi')) && !isQuantity('1x') && quantity('1Ki') == quantity('1024')", message: 'quantity' },
    { rule: "self.x__dash__prop == 'dash'", message: 'escaping' },
    { rule: "self.?missing.orValue('none') == 'none'", message: 'optional field selection' },
    { rule: "'%s has %d items, %.2f full'.format([self.s, size(self.l), 0.5]) == 'AbC has 3 items, 0.50 full' && strings.quote('a') == '\"a\"'", message: 'format' },
    { rule: 'sets.contains(self.l, [1, 3]) && !sets.intersects(self.l, [7]) && sets.equivalent(self.l, [3, 2, 1])', message: 'sets' },
    { rule: "isIP('10.0.0.1') && !isIP('010.0.0.1') && ip('::1').isLoopback() && cidr('10.0.0.0/8').containsIP('10.2.3.4') && !isCIDR('10.0.0.0/33')", message: 'ip and cidr' },
  ]);
  assert.deepEqual(errors({ spec: { s: 'AbC', l: [1, 2, 3], u: 'https://example.com:8080/p?a=1', q: '512Mi', 'x-prop': 'dash' } }, schema), []);
  // A pattern that backtracks exponentially in JavaScript answers at once under RE2.
  const redos = spec({ s: { type: 'string', 'x-kubernetes-validations': [{ rule: "(self).matches('^(a+)+$')", message: 'no' }, { rule: "matches(self, '^(a+)+$')", message: 'global' }] } });
  assert.deepEqual(errors({ spec: { s: `${'a'.repeat(5000)}!` } }, redos), ['spec.s: Invalid value: "string": no', 'spec.s: Invalid value: "string": global']);
});

test('date-time and duration strings are timestamps and durations (the docs example)', () => {
  const schema = spec({ created: { type: 'string', format: 'date-time' }, ttl: { type: 'string', format: 'duration' }, expired: { type: 'string', format: 'date-time' } }, [
    { rule: 'self.created + self.ttl < self.expired', message: 'expired must come after created + ttl' },
  ]);
  assert.deepEqual(errors({ spec: { created: '2024-01-01T00:00:00Z', ttl: '30m', expired: '2024-01-01T01:00:00Z' } }, schema), []);
  assert.deepEqual(errors({ spec: { created: '2024-01-01T00:00:00Z', ttl: '2h', expired: '2024-01-01T01:00:00Z' } }, schema), ['spec: Invalid value: "object": expired must come after created + ttl']);
});

test('optionalOldSelf: the rule runs on create too, with oldSelf an optional', () => {
  const schema = spec({ phase: { type: 'string', 'x-kubernetes-validations': [{ rule: "oldSelf.hasValue() || self == 'New'", message: 'must start as New', optionalOldSelf: true }, { rule: "oldSelf.orValue('') != 'Done' || self == 'Done'", message: 'Done is final', optionalOldSelf: true }] } });
  assert.deepEqual(errors({ spec: { phase: 'Running' } }, schema), ['spec.phase: Invalid value: "string": must start as New']);
  assert.deepEqual(errors({ spec: { phase: 'New' } }, schema), []);
  assert.deepEqual(errors({ spec: { phase: 'Running' } }, schema, { spec: { phase: 'Done' } }), ['spec.phase: Invalid value: "string": Done is final']);
  assert.deepEqual(errors({ spec: { phase: 'Running' } }, schema, { spec: { phase: 'New' } }), []);
});

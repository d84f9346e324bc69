import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArithmeticError, evaluateArithmetic } from '../../../../../daemon/runtime/shell/arithmetic.js';

function evaluate(expression: string, vars: Record<string, string> = {}): string {
  try {
    return evaluateArithmetic(expression, { get: (n) => vars[n], set: (n, v) => void (vars[n] = v) }).toString();
  } catch (error) {
    if (error instanceof ArithmeticError) return `error: ${error.message}`;
    throw error;
  }
}

describe('arithmetic', () => {
  const cases: { name: string; given: string; vars?: Record<string, string>; want: string }[] = [
    { name: 'follows C precedence', given: '1 + 2 * 3 - 4 / 2', want: '5' },
    { name: 'groups with parentheses', given: '(1 + 2) * 3', want: '9' },
    { name: 'divides toward zero', given: '-7 / 2', want: '-3' },
    { name: 'reads variables by name, empty as 0', given: 'a * b + c', vars: { a: '6', b: '7' }, want: '42' },
    { name: 'compares and combines with && and ||', given: '3 > 2 && 2 >= 2 || 0', want: '1' },
    { name: 'chooses with ?:', given: 'x == 1 ? 10 : 20', vars: { x: '1' }, want: '10' },
    { name: 'reads hex and octal constants', given: '0x10 + 010', want: '24' },
    { name: 'shifts and masks bits', given: '(1 << 4) | 3 ^ 1', want: '18' },
    { name: 'raises with **', given: '2 ** 10', want: '1024' },
    { name: 'treats an empty expression as 0', given: '', want: '0' },
    { name: 'reports division by zero', given: '1 % 0', want: 'error: divide by zero' },
    { name: 'reports a syntax error', given: '1 +', want: 'error: arithmetic syntax error' },
    { name: 'reports a stray character', given: '1 $ 2', want: 'error: arithmetic syntax error' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(evaluate(c.given, c.vars), c.want));

  it('assigns with =, += and ++', () => {
    const vars: Record<string, string> = { i: '1' };
    assert.equal(evaluate('i += 4', vars), '5');
    assert.equal(evaluate('i++', vars), '5');
    assert.equal(evaluate('++i', vars), '7');
    assert.equal(evaluate('j = i * 2', vars), '14');
    assert.deepEqual(vars, { i: '7', j: '14' });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestContainer, type RunResult } from '../harness.js';

function container(): TestContainer {
  const c = new TestContainer();
  c.fs.writeFile('/tmp/file', 'x');
  c.fs.writeFile('/tmp/empty', '');
  return c;
}

const cases: { name: string; given: string[]; want: Partial<RunResult> }[] = [
  { name: '-f is true for a file', given: ['test', '-f', '/tmp/file'], want: {} },
  { name: '-f is false for a directory', given: ['test', '-f', '/tmp'], want: { code: 1 } },
  { name: '-d is true for a directory', given: ['[', '-d', '/tmp', ']'], want: {} },
  { name: '-e is false for a missing path (the startup probe before touch)', given: ['test', '-f', '/tmp/test1'], want: { code: 1 } },
  { name: '-s is false for an empty file', given: ['test', '-s', '/tmp/empty'], want: { code: 1 } },
  { name: '-z and -n test emptiness', given: ['test', '-z', '', '-a', '-n', 'x'], want: {} },
  { name: 'compares strings', given: ['test', 'abc', '!=', 'abd'], want: {} },
  { name: 'compares integers', given: ['test', '10', '-gt', '9'], want: {} },
  { name: 'negates with !', given: ['test', '!', '-e', '/nope'], want: {} },
  { name: 'groups with parentheses and -o', given: ['test', '(', '-e', '/nope', ')', '-o', '-e', '/tmp'], want: {} },
  { name: 'is false with no arguments', given: ['test'], want: { code: 1 } },
  { name: 'is true for one non-empty argument', given: ['test', 'word'], want: {} },
  { name: 'reports a missing ] with the program name', given: ['[', '-d', '/tmp'], want: { stderr: '[: missing ]\n', code: 2 } },
  { name: 'reports a bad number', given: ['test', 'x', '-eq', '1'], want: { stderr: 'test: x: bad number\n', code: 2 } },
  { name: 'reports an unknown operand', given: ['test', 'a', 'b'], want: { stderr: 'test: b: unknown operand\n', code: 2 } },
];

describe('test and [', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(c.given), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }
});

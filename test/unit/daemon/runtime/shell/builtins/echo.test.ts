import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echoOutput, printfOutput } from '../../../../../../daemon/runtime/shell/builtins/echo.js';
import { TestContainer } from '../harness.js';

describe('echo', () => {
  const cases: { name: string; given: string[]; want: string }[] = [
    { name: 'joins its arguments with spaces and ends the line', given: ['a', 'b'], want: 'a b\n' },
    { name: 'prints an empty line without arguments', given: [], want: '\n' },
    { name: 'leaves out the newline with -n', given: ['-n', 'x'], want: 'x' },
    { name: 'keeps backslashes without -e', given: ['a\\tb'], want: 'a\\tb\n' },
    { name: 'interprets escapes with -e', given: ['-e', 'a\\tb\\n\\0101'], want: 'a\tb\nA\n' },
    { name: 'stops at \\c', given: ['-e', 'one\\ctwo'], want: 'one' },
    { name: 'prints an option-like word that is not only n, e and E', given: ['-x', '-n'], want: '-x -n\n' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(echoOutput(c.given), c.want));
});

describe('printf', () => {
  const cases: { name: string; given: [string, ...string[]]; want: string }[] = [
    { name: 'formats strings and numbers', given: ['%s is %d years\\n', 'kube', '10'], want: 'kube is 10 years\n' },
    { name: 'pads with widths and zeros', given: ['[%5s|%-5s|%05d]', 'ab', 'cd', '42'], want: '[   ab|cd   |00042]' },
    { name: 'reuses the format for extra arguments', given: ['%s\\n', 'a', 'b'], want: 'a\nb\n' },
    { name: 'prints hex, octal and floats', given: ['%x %o %.2f', '255', '8', '3.14159'], want: 'ff 10 3.14' },
    { name: 'prints a literal percent', given: ['100%%'], want: '100%' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(printfOutput(c.given[0], c.given.slice(1)), c.want));

  it('complains about a bad number as a program and exits 1', async () => {
    const got = await new TestContainer().run(['printf', '%d\n', 'abc']);
    assert.deepEqual(got, { stdout: '0\n', stderr: "printf: invalid number 'abc'\n", code: 1 });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser, ShellSyntaxError, parseScript } from '../../../../../daemon/runtime/shell/parser.js';

function syntaxError(source: string): string {
  try {
    parseScript(source);
    return 'parsed';
  } catch (error) {
    if (error instanceof ShellSyntaxError) return error.message;
    throw error;
  }
}

describe('parser: syntax errors as busybox ash words them', () => {
  const cases: { name: string; given: string; want: string }[] = [
    { name: 'an if without fi', given: 'if true; then echo x', want: 'unexpected end of file (expecting "fi")' },
    { name: 'an if without then', given: 'if true; echo x; fi', want: 'unexpected "fi" (expecting "then")' },
    { name: 'then where a command should be', given: 'if then fi', want: 'unexpected "then"' },
    { name: 'a while without do', given: 'while true', want: 'unexpected end of file (expecting "do")' },
    { name: 'a loop without done', given: 'for i in a; do echo', want: 'unexpected end of file (expecting "done")' },
    { name: 'a case without esac', given: 'case x in a) echo', want: 'unexpected end of file (expecting ";;")' },
    { name: 'a case without in', given: 'case x a) ;; esac', want: 'unexpected word (expecting "in")' },
    { name: 'a brace group without }', given: '{ echo hi }', want: 'unexpected end of file (expecting "}")' },
    { name: 'a subshell without )', given: '(echo', want: 'unexpected end of file (expecting ")")' },
    { name: 'a command substitution without )', given: 'echo $(date', want: 'unexpected end of file (expecting ")")' },
    { name: 'an && with nothing after it', given: 'true &&', want: 'unexpected end of file' },
    { name: 'a stray operator', given: '&& true', want: 'unexpected "&&"' },
    { name: 'a newline where a command should be', given: 'true |\n\n', want: 'unexpected end of file' },
    { name: 'a redirection without a target', given: 'echo >', want: 'unexpected end of file' },
    { name: 'an unterminated single quote', given: "echo 'x", want: 'unterminated quoted string' },
    { name: 'an unterminated backquote', given: 'echo `date', want: 'EOF in backquote substitution' },
    { name: 'an unterminated arithmetic', given: 'echo $((1+2)', want: "missing '))'" },
  ];
  for (const c of cases) it(`reports ${c.name}`, () => assert.equal(syntaxError(c.given), c.want));
});

describe('parser: structure', () => {
  it('recognises keywords only where a command starts', () => {
    assert.equal(syntaxError('echo if then fi done'), 'parsed');
    assert.equal(syntaxError('echo "fi"; x=fi'), 'parsed');
  });

  it('splits a script into top-level lines, so earlier lines can run before a later error', () => {
    const parser = new Parser('echo a; echo b\n\nif true\nthen echo c\nfi\nfi\n');
    assert.equal(parser.nextCommand()?.length, 2);
    assert.deepEqual(parser.nextCommand(), []);
    assert.equal(parser.nextCommand()?.length, 1);
    assert.throws(() => parser.nextCommand(), (e: ShellSyntaxError) => e.message === 'unexpected "fi"' && e.line === 6);
  });

  it('reads assignments before the command name only', () => {
    const [item] = parseScript('A=1 B=$x echo C=3');
    const command = item!.andOr.first.commands[0]!;
    assert.equal(command.type, 'simple');
    if (command.type !== 'simple') return;
    assert.deepEqual(command.assignments.map((a) => [a.name, a.value.text]), [['A', '1'], ['B', '$x']]);
    assert.deepEqual(command.words.map((w) => w.text), ['echo', 'C=3']);
  });

  it('reads redirections with file descriptors and here-documents', () => {
    const [item] = parseScript('cat <<EOF 2>&1 >>/log\nbody\nEOF\n');
    const command = item!.andOr.first.commands[0]!;
    if (command.type !== 'simple') return assert.fail('not a simple command');
    assert.deepEqual(command.redirects.map((r) => [r.fd, r.op, r.target.text, r.heredoc?.text]), [
      [0, '<<', 'EOF', 'body\n'],
      [2, '>&', '1', undefined],
      [1, '>>', '/log', undefined],
    ]);
  });

  it('parses and-or lists, negation, pipelines and background jobs', () => {
    const [first, second] = parseScript('! a | b && c || d; e &');
    assert.equal(first!.andOr.first.negate, true);
    assert.equal(first!.andOr.first.commands.length, 2);
    assert.deepEqual(first!.andOr.rest.map((r) => r.op), ['&&', '||']);
    assert.equal(second!.background, true);
  });
});

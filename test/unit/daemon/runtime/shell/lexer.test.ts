import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lexer, type Token } from '../../../../../daemon/runtime/shell/lexer.js';

function tokens(source: string): string[] {
  const lexer = new Lexer(source, () => ({ body: [], end: source.indexOf(')', 0) + 1, line: 1 }));
  const out: string[] = [];
  for (let t: Token = lexer.next(); t.type !== 'eof'; t = lexer.next()) {
    if (t.type === 'word') out.push(`word:${t.word.text}`);
    else if (t.type === 'op') out.push(t.op);
    else if (t.type === 'redir') out.push(`${t.fd ?? ''}${t.op}`);
    else out.push('NL');
  }
  return out;
}

describe('lexer', () => {
  const cases: { name: string; given: string; want: string[] }[] = [
    { name: 'splits words on blanks', given: 'echo  a\tb', want: ['word:echo', 'word:a', 'word:b'] },
    { name: 'recognises operators without blanks around them', given: 'a&&b||c;d|e&', want: ['word:a', '&&', 'word:b', '||', 'word:c', ';', 'word:d', '|', 'word:e', '&'] },
    { name: 'keeps quoted blanks and operators inside a word', given: `echo "a b;c" 'd|e'`, want: ['word:echo', 'word:"a b;c"', "word:'d|e'"] },
    { name: 'reads redirections with their fd numbers', given: 'cmd 2>&1 >>f <in', want: ['word:cmd', '2>&', 'word:1', '>>', 'word:f', '<', 'word:in'] },
    { name: 'skips comments', given: 'echo a # not this\necho b', want: ['word:echo', 'word:a', 'NL', 'word:echo', 'word:b'] },
    { name: 'joins lines ending in a backslash', given: 'echo a \\\n  b', want: ['word:echo', 'word:a', 'word:b'] },
    { name: 'keeps a # inside a word', given: 'echo a#b', want: ['word:echo', 'word:a#b'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(tokens(c.given), c.want));

  it('marks the parts of a word that were quoted', () => {
    const lexer = new Lexer(`a"b $x"'c'\\d`, () => ({ body: [], end: 0, line: 1 }));
    const token = lexer.next();
    assert.equal(token.type, 'word');
    if (token.type !== 'word') return;
    assert.deepEqual(token.word.parts, [
      { type: 'literal', text: 'a', quoted: false },
      { type: 'literal', text: 'b ', quoted: true },
      { type: 'param', name: 'x', quoted: true },
      { type: 'literal', text: 'c', quoted: true },
      { type: 'literal', text: 'd', quoted: true },
    ]);
  });
});

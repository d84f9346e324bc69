import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandPathname, hasGlobChars, matchPattern } from '../../../../../daemon/runtime/shell/pattern.js';
import { fsFromFiles } from '../../../../../daemon/runtime/fs/file-map.js';

describe('pattern matching', () => {
  const cases: { name: string; pattern: string; text: string; want: boolean }[] = [
    { name: '* matches any run of characters', pattern: 'a*z', text: 'abcz', want: true },
    { name: '? matches one character', pattern: 'a?c', text: 'abc', want: true },
    { name: '? does not match none', pattern: 'a?c', text: 'ac', want: false },
    { name: 'a class matches one of its characters', pattern: '[abc]x', text: 'bx', want: true },
    { name: 'a negated class excludes them', pattern: '[!abc]x', text: 'bx', want: false },
    { name: 'a range works in a class', pattern: 'v[0-9]', text: 'v7', want: true },
    { name: 'an escaped star is literal', pattern: 'a\\*', text: 'ab', want: false },
    { name: 'regular-expression characters are literal', pattern: 'a.b+', text: 'a.b+', want: true },
  ];
  for (const c of cases) it(c.name, () => assert.equal(matchPattern(c.pattern, c.text), c.want));

  it('tells whether a word has wildcards', () => {
    assert.equal(hasGlobChars('/etc/config/*'), true);
    assert.equal(hasGlobChars('/etc/\\*'), false);
    assert.equal(hasGlobChars('a[b'), false);
  });

  it('expands paths against a filesystem, sorted, skipping dot files', () => {
    const fs = fsFromFiles({ '/etc/config/game.properties': '', '/etc/config/ui.properties': '', '/etc/config/.hidden': '', '/etc/hosts': '' });
    assert.deepEqual(expandPathname(fs, '/', '/etc/config/*'), ['/etc/config/game.properties', '/etc/config/ui.properties']);
    assert.deepEqual(expandPathname(fs, '/etc', 'config/*.properties'), ['config/game.properties', 'config/ui.properties']);
    assert.deepEqual(expandPathname(fs, '/', '/*/hosts'), ['/etc/hosts']);
    assert.deepEqual(expandPathname(fs, '/', '/nope/*'), []);
  });
});

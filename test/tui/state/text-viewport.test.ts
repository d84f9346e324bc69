import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampTop, fitLine, scrollMoveOf, scrollTop, visibleLines, wrapWords } from '../../../tui/state/text-viewport.js';

test('scrollTop moves by line, page and to either end, within the text', () => {
  const cases = [
    { name: 'down one line', given: [0, 'down'], want: 1 },
    { name: 'never above the first line', given: [0, 'up'], want: 0 },
    { name: 'a page is the height less one line', given: [0, 'pageDown'], want: 4 },
    { name: 'the bottom leaves a full window', given: [0, 'bottom'], want: 15 },
    { name: 'never past the last window', given: [14, 'pageDown'], want: 15 },
    { name: 'back to the top', given: [9, 'top'], want: 0 },
  ] as const;
  for (const c of cases) assert.equal(scrollTop(c.given[0], c.given[1], 20, 5), c.want, c.name);
  assert.equal(clampTop(30, 20, 5), 15);
  assert.equal(clampTop(3, 2, 5), 0);
});

test('visibleLines shows at most height lines, each cut to the width', () => {
  assert.deepEqual(visibleLines(['a', 'bbbbbbbb', 'c', 'd'], 1, 5, 2), ['bbbb…', 'c']);
  assert.equal(fitLine('a\tb', 20), 'a        b');
  assert.deepEqual(wrapWords('Error from server (NotFound): pods "x" not found', 20), ['Error from server', '(NotFound): pods "x"', 'not found']);
});

test('scrollMoveOf maps k9s keys', () => {
  assert.equal(scrollMoveOf('j', {}), 'down');
  assert.equal(scrollMoveOf('', { upArrow: true }), 'up');
  assert.equal(scrollMoveOf('f', { ctrl: true }), 'pageDown');
  assert.equal(scrollMoveOf('b', { ctrl: true }), 'pageUp');
  assert.equal(scrollMoveOf('G', {}), 'bottom');
  assert.equal(scrollMoveOf('x', {}), undefined);
});

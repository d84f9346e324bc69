import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayLines, logWindow, parseLogFilter, wrapLine } from '../../../tui/state/log-viewport.js';

const raw = ['2026-01-01T00:00:01.000000000Z GET /', '2026-01-01T00:00:02.000000000Z POST /login', '2026-01-01T00:00:03.000000000Z get /health'];

test('displayLines strips timestamps unless asked and applies a case-insensitive filter', () => {
  assert.deepEqual(displayLines(raw, { timestamps: false }), ['GET /', 'POST /login', 'get /health']);
  assert.deepEqual(displayLines(raw, { timestamps: false, filter: parseLogFilter('get') }), ['GET /', 'get /health']);
  assert.equal(displayLines(raw, { timestamps: true })[0], raw[0]);
  assert.equal(parseLogFilter(''), undefined);
  assert.throws(() => parseLogFilter('(a'), { message: 'invalid filter /(a/: /(a/i: Unterminated group' });
});

test('logWindow pins to the end when following, scrolls to a line otherwise', () => {
  const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`);
  assert.deepEqual(logWindow(lines, { width: 20, height: 3, wrap: false, follow: true, top: 0 }), { rows: ['line 7', 'line 8', 'line 9'], top: 7, maxTop: 7 });
  assert.deepEqual(logWindow(lines, { width: 20, height: 3, wrap: false, follow: false, top: 2 }).rows, ['line 2', 'line 3', 'line 4']);
  assert.equal(logWindow(lines, { width: 20, height: 3, wrap: false, follow: false, top: 50 }).top, 7);
  assert.deepEqual(logWindow(lines, { width: 20, height: 0, wrap: false, follow: true, top: 0 }).rows, []);
});

test('logWindow cuts long lines with … or wraps them, and never returns more rows than the height', () => {
  const lines = ['short', 'x'.repeat(25)];
  assert.deepEqual(logWindow(lines, { width: 10, height: 5, wrap: false, follow: true, top: 0 }).rows, ['short', 'xxxxxxxxx…']);
  assert.deepEqual(logWindow(lines, { width: 10, height: 5, wrap: true, follow: true, top: 0 }).rows, ['short', 'xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx']);
  // Following with wrap: the end of the last line shows even when it alone is taller than the view.
  assert.deepEqual(logWindow(lines, { width: 10, height: 2, wrap: true, follow: true, top: 0 }).rows, ['xxxxxxxxxx', 'xxxxx']);
  assert.deepEqual(wrapLine('', 10), ['']);
});

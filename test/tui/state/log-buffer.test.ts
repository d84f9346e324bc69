import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogBuffer, stripTimestamp } from '../../../tui/state/log-buffer.js';

test('LogBuffer joins chunks into lines and shows the unfinished one last', () => {
  const buffer = new LogBuffer(10);
  assert.equal(buffer.append('hel'), 0);
  assert.equal(buffer.append('lo\nwor'), 1);
  assert.deepEqual(buffer.lines(), ['hello', 'wor']);
  buffer.append('ld\r\n');
  assert.deepEqual(buffer.lines(), ['hello', 'world']);
  assert.equal(buffer.size, 2);
});

test('LogBuffer keeps only the last `capacity` lines, oldest first', () => {
  const buffer = new LogBuffer(3);
  buffer.append('1\n2\n3\n4\n5\n');
  assert.deepEqual(buffer.lines(), ['3', '4', '5']);
  assert.equal(buffer.total, 5);
  buffer.clear();
  assert.deepEqual(buffer.lines(), []);
  assert.throws(() => new LogBuffer(0), /capacity must be positive/);
});

test('stripTimestamp removes the RFC3339Nano prefix of timestamps=true and nothing else', () => {
  assert.equal(stripTimestamp('2026-01-01T00:00:05.123000000Z hello world'), 'hello world');
  assert.equal(stripTimestamp('2026-01-01T00:00:05+02:00 x'), 'x');
  assert.equal(stripTimestamp('no timestamp here'), 'no timestamp here');
});

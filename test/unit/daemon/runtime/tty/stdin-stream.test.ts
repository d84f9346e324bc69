import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StdinStream } from '../../../../../daemon/runtime/tty/stdin-stream.js';

test('lines are released as their newline arrives; a read waits for the next one', async () => {
  const stdin = new StdinStream();
  stdin.write('one\ntw');
  assert.equal(await stdin.readLine(), 'one\n');
  const pending = stdin.readLine();
  stdin.write('o\n');
  assert.equal(await pending, 'two\n');
});

test('end() releases the unfinished line, then the end for good', async () => {
  const stdin = new StdinStream();
  stdin.write('a\nlast');
  stdin.end();
  assert.equal(await stdin.readAll(), 'a\nlast');
  assert.equal(await stdin.readLine(), undefined);
  assert.equal(stdin.isEnded, true);
  stdin.write('ignored\n');
  assert.equal(await stdin.readLine(), undefined);
});

test('a terminal EOF ends one readAll, and reading goes on after it', async () => {
  const stdin = new StdinStream();
  stdin.write('x\n');
  stdin.eof();
  stdin.write('y\n');
  assert.equal(await stdin.readAll(), 'x\n');
  assert.equal(await stdin.readLine(), 'y\n');
});

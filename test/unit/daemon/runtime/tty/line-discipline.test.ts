import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineDiscipline } from '../../../../../daemon/runtime/tty/line-discipline.js';
import { StdinStream } from '../../../../../daemon/runtime/tty/stdin-stream.js';

function setup(): { stdin: StdinStream; tty: LineDiscipline; echoed: () => string; interrupts: () => number } {
  const stdin = new StdinStream();
  let echo = '';
  let interrupts = 0;
  const tty = new LineDiscipline(stdin, { echo: (d) => (echo += d), interrupt: () => interrupts++ });
  return { stdin, tty, echoed: () => echo, interrupts: () => interrupts };
}

test('Enter (CR) completes the line and echoes CR NL', async () => {
  const { stdin, tty, echoed } = setup();
  tty.input('ls -l\r');
  assert.equal(await stdin.readLine(), 'ls -l\n');
  assert.equal(echoed(), 'ls -l\r\n');
});

test('Backspace erases one character, Ctrl-U the line, Ctrl-W a word', async () => {
  const { stdin, tty, echoed } = setup();
  tty.input('ab\x7fc\r');
  assert.equal(await stdin.readLine(), 'ac\n');
  assert.equal(echoed(), 'ab\b \bc\r\n');
  tty.input('junk\x15echo one two\x17three\r');
  assert.equal(await stdin.readLine(), 'echo one three\n');
});

test('Backspace on an empty line echoes nothing; a multi-byte character is erased whole', async () => {
  const { stdin, tty, echoed } = setup();
  tty.input('\x7fé\x7fe\r');
  assert.equal(await stdin.readLine(), 'e\n');
  assert.equal(echoed(), 'é\b \be\r\n');
});

test('Ctrl-C echoes ^C, drops the line and interrupts', async () => {
  const { stdin, tty, echoed, interrupts } = setup();
  tty.input('half\x03');
  assert.equal(echoed(), 'half^C');
  assert.equal(interrupts(), 1);
  tty.input('next\r');
  assert.equal(await stdin.readLine(), 'next\n');
});

test('Ctrl-D on an empty line is end-of-file for one read; after text it sends the text', async () => {
  const { stdin, tty } = setup();
  tty.input('\x04');
  assert.equal(await stdin.readLine(), undefined);
  tty.input('abc\x04');
  assert.equal(await stdin.readLine(), 'abc');
  tty.input('more\r');
  assert.equal(await stdin.readLine(), 'more\n');
});

test('cursor keys are swallowed, output gets CR NL', async () => {
  const { stdin, tty, echoed } = setup();
  tty.input('a\x1b[Ab\x1bOBc\r');
  assert.equal(await stdin.readLine(), 'abc\n');
  assert.equal(echoed(), 'abc\r\n');
  assert.equal(LineDiscipline.output('one\ntwo\n'), 'one\r\ntwo\r\n');
});

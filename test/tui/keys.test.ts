// Keys: normalisation of Ink's key events, per-scope lookup, and help generated from the bindings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Key } from 'ink';
import { tableScopes } from '../../tui/keys/bindings.js';
import { commandFor, helpLines, hintsFor, isRepeatable, keyName, keyNames } from '../../tui/keys/dispatch.js';

const none: Key = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false };

test('key names', () => {
  assert.equal(keyName('j', none), 'j');
  assert.equal(keyName('N', { ...none, shift: true }), 'shift-n');
  assert.equal(keyName('d', { ...none, ctrl: true }), 'ctrl-d');
  assert.equal(keyName('s', { ...none, ctrl: true }), 'ctrl-s');
  assert.equal(keyName('', { ...none, downArrow: true }), 'down');
  assert.equal(keyName('', { ...none, return: true }), 'enter');
  assert.equal(keyName(' ', none), 'space');
  assert.equal(keyName('[', none), '[');
});

test('the most specific scope wins: s scales a deployment, opens a shell in a pod or on a node; ctrl-k kills a pod or a node', () => {
  assert.equal(commandFor(tableScopes('deployments'), 's'), 'workload.scale');
  assert.equal(commandFor(tableScopes('pods'), 's'), 'pod.shell');
  assert.equal(commandFor(tableScopes('nodes'), 's'), 'node.shell');
  assert.equal(commandFor(tableScopes('nodes'), 'ctrl-s'), 'node.start');
  assert.equal(commandFor(tableScopes('pods'), 'ctrl-k'), 'object.kill');
  assert.equal(commandFor(tableScopes('nodes'), 'ctrl-k'), 'node.kill');
  assert.equal(commandFor(tableScopes('pods'), 'shift-r'), 'table.sortReady');
  assert.equal(commandFor(tableScopes('nodes'), 'shift-r'), 'node.rules');
  assert.equal(commandFor(tableScopes('configmaps'), 'l'), undefined, 'no logs for a ConfigMap');
  assert.equal(commandFor(tableScopes('configmaps'), 'j'), 'nav.down');
  assert.equal(commandFor(tableScopes('secrets'), 'x'), 'secret.decode');
  assert.equal(commandFor(tableScopes('configmaps'), 'x'), undefined, 'only a Secret is decoded');
  assert.equal(commandFor(tableScopes('deployments'), 'x'), 'workload.xray');
  assert.equal(commandFor(['global'], ':'), 'app.command');
});

test('hints and help come from the bindings', () => {
  const hints = hintsFor(tableScopes('nodes'));
  assert.deepEqual(hints.slice(0, 3), [['c', 'Cordon'], ['u', 'Uncordon'], ['r', 'Drain']]);
  assert.ok(hints.some(([k, d]) => k === 'ctrl-k' && d === 'Kill node'), JSON.stringify(hints));
  assert.ok(!hints.some(([, d]) => d.startsWith('Kill (delete now')), 'the pod kill is hidden behind the node kill');
  const help = helpLines(tableScopes('pods'));
  assert.ok(help.includes('l                 Logs'), help.join('\n'));
  assert.ok(help.some((l) => /^N\s+Sort by NAME$/.test(l)));
});

test('a chunk of plain keys is every key in it; escape sequences and control keys stay one key', () => {
  assert.deepEqual(keyNames('jj', none), ['j', 'j']);
  assert.deepEqual(keyNames('jGk', none), ['j', 'shift-g', 'k']);
  assert.deepEqual(keyNames('j', none), ['j']);
  assert.deepEqual(keyNames('', { ...none, downArrow: true }), ['down']);
  assert.deepEqual(keyNames('d', { ...none, ctrl: true }), ['ctrl-d']);
  assert.deepEqual(keyNames('\x1b[B\x1b[B', none), [], 'not plain text: no key name (Ink splits escape sequences itself)');
  // Keys typed faster than the TUI reads them: `G` then ctrl-k arrive together as one chunk.
  assert.deepEqual(keyNames('G\x0b', none), ['shift-g', 'ctrl-k']);
  assert.deepEqual(keyNames('jj\r', none), ['j', 'j', 'enter']);
  assert.equal(isRepeatable('nav.down'), true);
  assert.equal(isRepeatable('table.mark'), true);
  assert.equal(isRepeatable('nav.enter'), false);
  assert.equal(isRepeatable('view.describe'), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../shared/clock.js';
import { ControllerExpectations } from '../../../../daemon/controllers/expectations.js';

test('holds an owner back until every expected creation is observed', () => {
  const expectations = new ControllerExpectations(new ManualClock());
  assert.equal(expectations.satisfied('default/web'), true);
  expectations.expectCreations('default/web', 2);
  expectations.creationObserved('default/web');
  assert.equal(expectations.satisfied('default/web'), false);
  expectations.creationObserved('default/web');
  assert.equal(expectations.satisfied('default/web'), true);
});

test('counts the deletion of a pod once, however many times it is seen', () => {
  const expectations = new ControllerExpectations(new ManualClock());
  expectations.expectDeletions('default/web', ['default/a', 'default/b']);
  expectations.deletionObserved('default/web', 'default/a'); // deletionTimestamp set
  expectations.deletionObserved('default/web', 'default/a'); // then gone
  assert.equal(expectations.satisfied('default/web'), false);
  expectations.deletionObserved('default/web', 'default/b');
  assert.equal(expectations.satisfied('default/web'), true);
});

test('gives up waiting after five minutes', () => {
  const clock = new ManualClock();
  const expectations = new ControllerExpectations(clock);
  expectations.expectCreations('default/web', 1);
  clock.step(5 * 60 * 1000);
  assert.equal(expectations.satisfied('default/web'), false);
  clock.step(1);
  assert.equal(expectations.satisfied('default/web'), true);
});

test('starts clean for an owner deleted and created again', () => {
  const expectations = new ControllerExpectations(new ManualClock());
  expectations.expectCreations('default/web', 3);
  expectations.delete('default/web');
  assert.equal(expectations.satisfied('default/web'), true);
});

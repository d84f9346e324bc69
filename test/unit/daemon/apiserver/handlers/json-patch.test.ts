// JSON patch (RFC 6902) as the v1.32 apiserver applies it: evanphx/json-patch v4's quirks and
// the exact words its failures carry inside the 422 that kubectl prints.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch } from '../../../../../daemon/apiserver/handlers/json-patch.js';
import { StatusError } from '../../../../../shared/api/errors.js';

const pod = Object.freeze({
  metadata: Object.freeze({ name: 'web', labels: Object.freeze({ run: 'web', tier: 'front' }) }),
  spec: Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'a', args: Object.freeze(['x']) }), Object.freeze({ name: 'b' })]) }),
});

describe('applyJsonPatch', () => {
  const cases: { name: string; given: unknown[]; want: unknown }[] = [
    {
      name: 'counts a negative index from the end of the list',
      given: [{ op: 'remove', path: '/spec/containers/-1' }],
      want: { metadata: pod.metadata, spec: { containers: [{ name: 'a', args: ['x'] }] } },
    },
    {
      name: 'adds a missing object key on replace',
      given: [{ op: 'replace', path: '/metadata/labels/env', value: 'prod' }],
      want: { metadata: { name: 'web', labels: { run: 'web', tier: 'front', env: 'prod' } }, spec: pod.spec },
    },
    {
      name: 'appends with - after a passing test',
      given: [
        { op: 'test', path: '/spec/containers/0/args/0', value: 'x' },
        { op: 'add', path: '/spec/containers/0/args/-', value: '--verbose' },
      ],
      want: { metadata: pod.metadata, spec: { containers: [{ name: 'a', args: ['x', '--verbose'] }, { name: 'b' }] } },
    },
    {
      name: 'passes a test of a missing key against null',
      given: [{ op: 'test', path: '/metadata/labels/nope', value: null }],
      want: pod,
    },
    {
      name: 'copies and moves values between paths, escaping ~1 as a slash',
      given: [
        { op: 'copy', from: '/metadata/labels/run', path: '/metadata/labels/app.kubernetes.io~1name' },
        { op: 'move', from: '/metadata/labels/tier', path: '/metadata/labels/layer' },
      ],
      want: { metadata: { name: 'web', labels: { run: 'web', 'app.kubernetes.io/name': 'web', layer: 'front' } }, spec: pod.spec },
    },
    {
      name: 'replaces the whole document at the empty path',
      given: [{ op: 'replace', path: '', value: { metadata: { name: 'other' } } }],
      want: { metadata: { name: 'other' } },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(applyJsonPatch(pod, c.given), c.want));

  const failures: { name: string; given: unknown; want: { code: number; message: string; cause?: string } }[] = [
    {
      name: 'fails a test whose value differs',
      given: [{ op: 'test', path: '/metadata/name', value: 'db' }],
      want: { code: 422, message: 'the server rejected our request due to an error in our request', cause: 'testing value /metadata/name failed: test failed' },
    },
    {
      name: 'fails to remove a key that is not there',
      given: [{ op: 'remove', path: '/metadata/labels/nope' }],
      want: { code: 422, message: 'the server rejected our request due to an error in our request', cause: "error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value" },
    },
    {
      name: 'fails to add under a path that does not exist',
      given: [{ op: 'add', path: '/spec/missing/x', value: 1 }],
      want: { code: 422, message: 'the server rejected our request due to an error in our request', cause: 'add operation does not apply: doc is missing path: "/spec/missing/x": missing value' },
    },
    {
      name: 'fails to replace a list element past the end',
      given: [{ op: 'replace', path: '/spec/containers/5', value: {} }],
      want: { code: 422, message: 'the server rejected our request due to an error in our request', cause: 'replace operation does not apply: doc is missing key: /spec/containers/5: missing value' },
    },
    {
      name: 'fails to add at an index past the end',
      given: [{ op: 'add', path: '/spec/containers/3', value: {} }],
      want: { code: 422, message: 'the server rejected our request due to an error in our request', cause: "error in add for path: '/spec/containers/3': Unable to access invalid index: 3: invalid index referenced" },
    },
    {
      name: 'fails to move from a path that does not exist',
      given: [{ op: 'move', from: '/status/x', path: '/metadata/x' }],
      want: { code: 422, message: 'the server rejected our request due to an error in our request', cause: 'move operation does not apply: doc is missing from path: /status/x: missing value' },
    },
    {
      name: 'fails an unknown op',
      given: [{ op: 'frobnicate', path: '/spec' }],
      want: { code: 422, message: 'the server rejected our request due to an error in our request', cause: 'Unexpected kind: frobnicate' },
    },
    {
      name: 'rejects a patch that is an object, not a list, with 400',
      given: { op: 'add', path: '/x', value: 1 },
      want: { code: 400, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' },
    },
  ];
  for (const c of failures) {
    it(c.name, () => {
      assert.throws(
        () => applyJsonPatch(pod, c.given),
        (err: unknown) => {
          assert.ok(err instanceof StatusError);
          assert.equal(err.status.code, c.want.code);
          assert.equal(err.status.message, c.want.message);
          assert.deepEqual(err.status.details?.causes, c.want.cause ? [{ reason: 'UnexpectedServerResponse', message: c.want.cause }] : undefined);
          return true;
        },
      );
    });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeContinue, encodeContinue, listChunk, parseLimit } from '../../../../../daemon/apiserver/registry/list-chunking.js';
import { isStatusError } from '../../../../../shared/api/errors.js';
import type { StoredEntry } from '../../../../../daemon/store/store.js';

const prefix = '/registry/core/pods/default/';

function entries(...names: string[]): StoredEntry[] {
  return names.map((name, i) => ({ key: prefix + name, revision: i + 1, object: { metadata: { name, labels: { n: name } } }, json: '{}' }));
}

function names(list: readonly StoredEntry[]): string[] {
  return list.map((e) => e.object.metadata.name!);
}

function token(value: string): unknown {
  return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
}

test('encodes the token as apiserver storage does: base64url JSON without padding', () => {
  const value = encodeContinue({ rv: 42, start: 'web-2\u0000' });
  assert.equal(value, 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDIsInN0YXJ0Ijoid2ViLTJcdTAwMDAifQ');
  assert.deepEqual(token(value), { v: 'meta.k8s.io/v1', rv: 42, start: 'web-2\u0000' });
  assert.deepEqual(decodeContinue(value), { rv: 42, start: 'web-2\u0000' });
});

test('pages through a list in key order with continue tokens and remainingItemCount', () => {
  const all = entries('a', 'b', 'c', 'd', 'e');
  const first = listChunk(all, prefix, { limit: 2, hasSelector: false }, 10, 1);
  assert.deepEqual(names(first.entries), ['a', 'b']);
  assert.equal(first.revision, 10);
  assert.equal(first.remainingItemCount, 3);
  assert.deepEqual(token(first.continue!), { v: 'meta.k8s.io/v1', rv: 10, start: 'b\u0000' });

  // Later pages keep the first page's resourceVersion even though the store moved on.
  const second = listChunk(all, prefix, { limit: 2, continue: first.continue, hasSelector: false }, 15, 1);
  assert.deepEqual(names(second.entries), ['c', 'd']);
  assert.equal(second.revision, 10);
  assert.equal(second.remainingItemCount, 1);

  const last = listChunk(all, prefix, { limit: 2, continue: second.continue, hasSelector: false }, 15, 1);
  assert.deepEqual(names(last.entries), ['e']);
  assert.equal(last.continue, undefined);
  assert.equal(last.remainingItemCount, undefined);
});

test('a page that ends exactly at the last key has no continue token', () => {
  const chunk = listChunk(entries('a', 'b'), prefix, { limit: 2, hasSelector: false }, 3, 1);
  assert.deepEqual(names(chunk.entries), ['a', 'b']);
  assert.equal(chunk.continue, undefined);
});

test('with a selector, counts only matches per page and leaves remainingItemCount out', () => {
  const all = entries('a', 'b', 'c', 'd', 'e');
  const keep = (e: StoredEntry) => e.object.metadata.name !== 'b';
  const first = listChunk(all, prefix, { limit: 2, hasSelector: true }, 9, 1, keep);
  assert.deepEqual(names(first.entries), ['a', 'c']);
  assert.equal(first.remainingItemCount, undefined);
  assert.ok(first.continue);
  const second = listChunk(all, prefix, { limit: 2, continue: first.continue, hasSelector: true }, 9, 1, keep);
  assert.deepEqual(names(second.entries), ['d', 'e']);
  assert.equal(second.continue, undefined);
});

test('resourceVersion=0 lists everything whatever the limit, as the watch cache does', () => {
  const chunk = listChunk(entries('a', 'b', 'c'), prefix, { limit: 1, resourceVersion: '0', hasSelector: false }, 5, 1);
  assert.deepEqual(names(chunk.entries), ['a', 'b', 'c']);
  assert.equal(chunk.continue, undefined);
});

test('a token older than the watch window is 410 with a token to continue at the latest revision', () => {
  const stale = encodeContinue({ rv: 3, start: 'b\u0000' });
  assert.throws(
    () => listChunk(entries('a', 'b', 'c'), prefix, { limit: 1, continue: stale, hasSelector: false }, 50, 20),
    (err: unknown) => {
      assert.ok(isStatusError(err));
      assert.equal(err.code, 410);
      assert.equal(err.status.reason, 'Expired');
      assert.equal(
        err.status.message,
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
      assert.deepEqual(token(err.status.metadata.continue!), { v: 'meta.k8s.io/v1', rv: -1, start: 'b\u0000' });
      return true;
    },
  );
  // That token continues at the current revision.
  const fresh = listChunk(entries('a', 'b', 'c'), prefix, { limit: 1, continue: encodeContinue({ rv: -1, start: 'b\u0000' }), hasSelector: false }, 50, 20);
  assert.deepEqual(names(fresh.entries), ['c']);
  assert.equal(fresh.revision, 50);
});

test('refuses malformed tokens with the apiserver messages', () => {
  const cases: { name: string; given: string; want: string }[] = [
    { name: 'not base64', given: 'abc$', want: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 3' },
    { name: 'a lone last character', given: 'abcde', want: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 4' },
    { name: 'unknown version', given: encode({ v: 'meta.k8s.io/v2', rv: 1, start: 'a' }), want: 'invalid continue token: continue key is not valid: server does not recognize this encoded version meta.k8s.io/v2' },
    { name: 'zero rv', given: encode({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }), want: 'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)' },
    { name: 'empty start', given: encode({ v: 'meta.k8s.io/v1', rv: 4, start: '' }), want: 'invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)' },
    { name: 'a start key climbing out of the prefix', given: encode({ v: 'meta.k8s.io/v1', rv: 4, start: '../secrets/x' }), want: 'invalid continue token: continue key is not valid: ../secrets/x' },
  ];
  for (const { name, given, want } of cases) {
    assert.throws(
      () => decodeContinue(given),
      (err: unknown) => isStatusError(err) && err.code === 400 && err.status.message === want,
      name,
    );
  }
});

test('refuses a continue together with a resourceVersion other than 0', () => {
  const value = encodeContinue({ rv: 4, start: 'a\u0000' });
  assert.throws(
    () => listChunk(entries('a'), prefix, { limit: 1, continue: value, resourceVersion: '7', hasSelector: false }, 9, 1),
    (err: unknown) => isStatusError(err) && err.code === 400 && err.status.message === 'specifying resource version is not allowed when using continue',
  );
});

test('parses limit as an integer', () => {
  assert.equal(parseLimit(null), undefined);
  assert.equal(parseLimit('500'), 500);
  assert.throws(() => parseLimit('ten'), (err: unknown) => isStatusError(err) && err.status.message === 'strconv.ParseInt: parsing "ten": invalid syntax');
});

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

test('the in-process client pages a list as HTTP does', async (t) => {
  const { startApi } = await import('../../../../helpers/api.js');
  const { client } = await startApi(t);
  const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
  for (const name of ['c1', 'c2', 'c3']) await client.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  const all = await client.list(configmaps, 'default');
  const first = await client.list(configmaps, 'default', { limit: 2 });
  assert.deepEqual(first.items.map((c) => c.metadata.name), all.items.slice(0, 2).map((c) => c.metadata.name));
  assert.equal(first.metadata.remainingItemCount, all.items.length - 2);
  const rest = await client.list(configmaps, 'default', { limit: 100, continue: first.metadata.continue });
  assert.deepEqual(rest.items.map((c) => c.metadata.name), all.items.slice(2).map((c) => c.metadata.name));
  assert.equal(rest.metadata.resourceVersion, first.metadata.resourceVersion);
  assert.equal(rest.metadata.continue, undefined);
});

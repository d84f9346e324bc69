import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseApiPath } from '../../../../../daemon/apiserver/handlers/paths.js';
import { isStatusError } from '../../../../../shared/api/errors.js';

describe('parseApiPath: escapes in names', () => {
  const cases: { name: string; given: string; want: string }[] = [
    { name: 'decodes an encoded slash into the name, as Go\'s PathUnescape does', given: '/api/v1/namespaces/default/pods/a%2Fb', want: 'a/b' },
    { name: 'decodes UTF-8 escapes', given: '/api/v1/namespaces/default/pods/%C3%A4', want: 'ä' },
    { name: 'keeps escapes that are not UTF-8 as bytes, shown as U+FFFD', given: '/api/v1/namespaces/default/pods/%ff%fe', want: '\ufffd\ufffd' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const path = parseApiPath(c.given);
      assert.equal(path.kind === 'resource' ? path.name : undefined, c.want);
    });
  }

  it('refuses a malformed escape with Go\'s words, as a 400', () => {
    for (const [given, escape] of [['/api/v1/namespaces/default/pods/%zz', '%zz'], ['/api/v1/namespaces/default/pods/a%', '%'], ['/x/%E0%A4%A', '%A']]) {
      assert.throws(() => parseApiPath(given), (err: unknown) => isStatusError(err) && err.code === 400 && err.message === `invalid URL escape "${escape}"`);
    }
  });
});

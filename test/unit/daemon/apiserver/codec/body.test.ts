import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeObjectBody, decodePatchBody, parseJson } from '../../../../../daemon/apiserver/codec/body.js';
import { isStatusError } from '../../../../../shared/api/errors.js';

const nested = (depth: number, open = '{"a":', close = '}'): string => open.repeat(depth) + '1' + close.repeat(depth);
const tooDeep = (char: string) => (err: unknown): boolean => isStatusError(err) && err.code === 400 && err.message === `couldn't get version/kind; json parse error: invalid character '${char}' exceeded max depth`;

describe('request bodies: nesting depth', () => {
  it('decodes 1,000 levels', () => {
    assert.ok(parseJson(Buffer.from(nested(1_000))));
  });

  it('refuses deeper JSON with Go\'s words before parsing it, whatever the bracket', () => {
    assert.throws(() => parseJson(Buffer.from(nested(1_001))), tooDeep('{'));
    assert.throws(() => parseJson(Buffer.from('['.repeat(500_000) + ']'.repeat(500_000))), tooDeep('['));
  });

  it('does not count brackets inside strings', () => {
    assert.deepEqual(parseJson(Buffer.from(JSON.stringify({ a: '{'.repeat(5_000) + '\\"[' }))), { a: '{'.repeat(5_000) + '\\"[' });
  });

  it('refuses YAML deeper than the limit with a 400 (the YAML parser may give up first)', async () => {
    await assert.rejects(decodeObjectBody('application/yaml', Buffer.from('['.repeat(2_000) + ']'.repeat(2_000))), (err: unknown) => isStatusError(err) && err.code === 400 && err.message.startsWith("couldn't get version/kind; "));
    assert.ok(await decodeObjectBody('application/yaml', Buffer.from('['.repeat(200) + ']'.repeat(200))));
  });
});

describe('request bodies: unsupported media types', () => {
  it('names the body types a create takes, and not the one sent', async () => {
    await assert.rejects(
      decodeObjectBody('text/plain', Buffer.from('x')),
      (err: unknown) => isStatusError(err) && err.code === 415 && err.message === 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  });

  it('names the patch types, apply included, for a PATCH', () => {
    assert.throws(
      () => decodePatchBody('application/json', Buffer.from('{}')),
      (err: unknown) =>
        isStatusError(err) &&
        err.code === 415 &&
        err.message === 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
  });
});

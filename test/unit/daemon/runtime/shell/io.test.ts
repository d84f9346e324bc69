import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputStream, Pipe } from '../../../../../daemon/runtime/shell/io.js';

describe('InputStream', () => {
  it('hands out lines, then the rest, then nothing', async () => {
    const input = InputStream.of('one\ntwo\nthree');
    assert.deepEqual(await input.readLine(), { line: 'one', complete: true });
    assert.equal(await input.readAll(), 'two\nthree');
    assert.equal(await input.readLine(), undefined);
  });

  it('reports a last line without a newline as incomplete', async () => {
    const input = InputStream.of('last');
    assert.deepEqual(await input.readLine(), { line: 'last', complete: false });
  });

  it('reads its source once, when first asked', async () => {
    let reads = 0;
    const input = new InputStream(async () => {
      reads++;
      return 'a\nb\n';
    });
    assert.equal(reads, 0);
    await input.readLine();
    await input.readLine();
    assert.equal(reads, 1);
  });
});

describe('Pipe', () => {
  it('delivers everything written once the writer closes it', async () => {
    const pipe = new Pipe();
    const read = pipe.read();
    pipe.write('a');
    pipe.write('b');
    pipe.close();
    pipe.write('ignored after close');
    assert.equal(await read, 'ab');
    assert.equal(await pipe.read(), 'ab');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestContainer, settle, type RunResult } from '../harness.js';

function container(): TestContainer {
  const c = new TestContainer();
  c.fs.writeFile('/n', Array.from({ length: 12 }, (_, i) => `line ${i + 1}\n`).join(''));
  c.fs.writeFile('/words', 'the quick brown fox\njumps over\nthe lazy dog\n');
  return c;
}

const cases: { name: string; given: string; want: Partial<RunResult> }[] = [
  { name: 'head prints the first ten lines', given: 'head /n | wc -l', want: { stdout: '10\n' } },
  { name: 'head -n N prints N lines', given: 'head -n 2 /n', want: { stdout: 'line 1\nline 2\n' } },
  { name: 'head -N is the old spelling of -n N', given: 'head -1 /n', want: { stdout: 'line 1\n' } },
  { name: 'head -c counts bytes', given: 'head -c 4 /n', want: { stdout: 'line' } },
  { name: 'head prints headers for several files', given: 'head -n 1 /n /words', want: { stdout: '==> /n <==\nline 1\n\n==> /words <==\nthe quick brown fox\n' } },
  { name: 'head reports a missing file', given: 'head /nope', want: { stderr: 'head: /nope: No such file or directory\n', code: 1 } },
  { name: 'tail prints the last lines', given: 'tail -n 2 /n', want: { stdout: 'line 11\nline 12\n' } },
  { name: 'tail +N starts at line N', given: 'tail -n +11 /n', want: { stdout: 'line 11\nline 12\n' } },
  { name: 'tail reads stdin', given: 'printf "a\\nb\\nc\\n" | tail -1', want: { stdout: 'c\n' } },
  { name: 'wc prints lines, words and bytes with busybox widths', given: 'wc /words', want: { stdout: '        3         9        44 /words\n' } },
  { name: 'wc -l of one file prints a bare number and the name', given: 'wc -l /words', want: { stdout: '3 /words\n' } },
  { name: 'wc -l of stdin prints a bare number', given: 'cat /words | wc -l', want: { stdout: '3\n' } },
  { name: 'wc adds a total line for several files', given: 'wc -l /words /n', want: { stdout: '        3 /words\n       12 /n\n       15 total\n' } },
  { name: 'grep prints matching lines', given: 'grep the /words', want: { stdout: 'the quick brown fox\nthe lazy dog\n' } },
  { name: 'grep -v inverts, -c counts, -n numbers', given: 'grep -v the /words; grep -c the /words; grep -n lazy /words', want: { stdout: 'jumps over\n2\n3:the lazy dog\n' } },
  { name: 'grep -i ignores case and -q only sets the status', given: 'grep -qi QUICK /words && echo found', want: { stdout: 'found\n' } },
  { name: 'grep exits 1 when nothing matches', given: 'grep cat /words', want: { code: 1 } },
  { name: 'grep -E takes extended expressions, basic ones need backslashes', given: 'grep -E "fox|dog" /words | wc -l; grep "fox\\|dog" /words | wc -l; grep "o+" /words', want: { stdout: '2\n2\n', code: 1 } },
  { name: 'grep -o prints only the matches', given: 'grep -o "o[a-z]" /words', want: { stdout: 'ow\nox\nov\nog\n' } },
  { name: 'grep prefixes file names for several files', given: 'grep -h lazy /words; grep lazy /words /n', want: { stdout: 'the lazy dog\n/words:the lazy dog\n' } },
  { name: 'grep reports a missing file with status 2', given: 'grep x /nope', want: { stderr: 'grep: /nope: No such file or directory\n', code: 2 } },
];

describe('text programs', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(['sh', '-c', c.given]), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }

  it('tail -f prints what is appended until the process is killed', async () => {
    const c = container();
    const run = c.run(['tail', '-f', '-n', '1', '/words']);
    await settle();
    assert.equal(run.output.stdout, 'the lazy dog\n');
    c.fs.writeFile('/words', 'appended\n', { append: true });
    c.clock.step(1000);
    await settle();
    assert.equal(run.output.stdout, 'the lazy dog\nappended\n');
    c.kill.abort();
    assert.equal((await run).code, 137);
  });

  it('tail -f /dev/null keeps a container running, ignoring SIGTERM as PID 1', async () => {
    const c = container();
    const run = c.run(['tail', '-f', '/dev/null']);
    c.term.abort('SIGTERM');
    c.clock.step(30_000);
    await settle();
    assert.equal(run.output.code, -1);
    c.kill.abort();
    assert.equal((await run).code, 137);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gnuUserland } from '../../../../../../daemon/runtime/shell/userland.js';
import { TestContainer, type RunResult } from '../harness.js';

const passwd = 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n';

function container(): TestContainer {
  const c = new TestContainer();
  c.fs.writeFile('/etc/passwd', passwd);
  c.fs.writeFile('/tmp/words', 'pear\napple\nPear\napple\n10\n9\n');
  return c;
}

const cases: { name: string; given: string; want: Partial<RunResult> }[] = [
  { name: 'sort orders lines byte-wise, as in the C locale', given: 'sort /tmp/words', want: { stdout: '10\n9\nPear\napple\napple\npear\n' } },
  { name: 'sort -r reverses', given: 'printf "b\\na\\nc\\n" | sort -r', want: { stdout: 'c\nb\na\n' } },
  { name: 'sort -n compares numbers', given: 'printf "10\\n9\\n100\\n" | sort -n', want: { stdout: '9\n10\n100\n' } },
  { name: 'sort -u drops duplicates', given: 'sort -u /tmp/words', want: { stdout: '10\n9\nPear\napple\npear\n' } },
  { name: 'sort -t: -k3 -n sorts by a field', given: 'sort -t: -k3 -n /etc/passwd | cut -d: -f1', want: { stdout: 'root\ndaemon\nnobody\n' } },
  { name: 'sort -k2,2nr takes the key\'s own modifiers', given: 'printf "a 10\\nb 9\\nc 100\\n" | sort -k2,2nr', want: { stdout: 'c 100\na 10\nb 9\n' } },
  { name: 'env | sort works in a pipeline', given: 'env | sort', want: { stdout: 'HOME=/root\nHOSTNAME=mypod\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nPWD=/\nSHLVL=1\n' } },
  { name: 'uniq -c counts adjacent repeats in a 7-wide column', given: 'printf "a\\na\\nb\\n" | uniq -c', want: { stdout: '      2 a\n      1 b\n' } },
  { name: 'uniq -d keeps only repeated lines', given: 'printf "a\\na\\nb\\n" | uniq -d', want: { stdout: 'a\n' } },
  { name: 'cut -d: -f1,7 picks fields', given: 'cut -d: -f1,7 /etc/passwd', want: { stdout: 'root:/bin/sh\ndaemon:/bin/false\nnobody:/bin/false\n' } },
  { name: 'cut -c2-3 picks characters', given: 'echo kubelab | cut -c2-3', want: { stdout: 'ub\n' } },
  { name: 'cut passes lines without the delimiter unless -s', given: 'printf "a b\\nc\\n" | cut -d" " -f2', want: { stdout: 'b\nc\n' } },
  { name: 'tr maps ranges', given: 'echo hello | tr a-z A-Z', want: { stdout: 'HELLO\n' } },
  { name: 'tr maps classes', given: 'echo Hello | tr "[:upper:]" "[:lower:]"', want: { stdout: 'hello\n' } },
  { name: 'tr -d deletes', given: 'echo a-b-c | tr -d -', want: { stdout: 'abc\n' } },
  { name: 'tr -s squeezes', given: 'echo "a   b" | tr -s " "', want: { stdout: 'a b\n' } },
  { name: 'tr -cd keeps only the set', given: 'echo "a-B 9!" | tr -cd "[:alnum:]"', want: { stdout: 'aB9' } },
  { name: 'tr -cs splits words onto lines', given: 'echo "one, two  three" | tr -cs "a-z" "\\n"', want: { stdout: 'one\ntwo\nthree\n' } },
  { name: 'tr replaces newlines', given: 'printf "a\\nb\\n" | tr "\\n" ,', want: { stdout: 'a,b,' } },
  { name: 'seq counts to N', given: 'seq 3', want: { stdout: '1\n2\n3\n' } },
  { name: 'seq takes a start, a step and an end', given: 'seq 0 5 12', want: { stdout: '0\n5\n10\n' } },
  { name: 'seq -s joins with a separator', given: 'seq -s , 3', want: { stdout: '1,2,3\n' } },
  { name: 'seq takes its precision from FIRST and INC, never LAST', given: 'seq 1 2.0; seq 1 0.5 2', want: { stdout: '1\n2\n1.0\n1.5\n2.0\n' } },
  { name: 'seq counts down with a negative step', given: 'seq 3 -1 1', want: { stdout: '3\n2\n1\n' } },
  { name: 'tee writes the file and stdout', given: 'echo hi | tee /tmp/t > /dev/null; echo again | tee -a /tmp/t; cat /tmp/t', want: { stdout: 'again\nhi\nagain\n' } },
  { name: 'basename strips the directory and a suffix', given: 'basename /usr/share/nginx/index.html .html', want: { stdout: 'index\n' } },
  { name: 'dirname keeps the directory', given: 'dirname /usr/share/nginx/index.html; dirname file; dirname /etc/; dirname //', want: { stdout: '/usr/share/nginx\n.\n/\n/\n' } },
];

describe('text filters', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(['sh', '-c', c.given]), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }

  it('sort and uniq stop at a file they cannot open, before any output', async () => {
    assert.deepEqual(await container().run(['sort', '/tmp/words', '/nope']), { stdout: '', stderr: "sort: can't open '/nope': No such file or directory\n", code: 1 });
    assert.deepEqual(await container().run(['uniq', '/nope']), { stdout: '', stderr: "uniq: can't open '/nope': No such file or directory\n", code: 1 });
    const userland = gnuUserland('9.1', '4.0.2');
    assert.deepEqual(await container().run(['sort', '/tmp/words', '/nope'], { userland }), { stdout: '', stderr: 'sort: cannot read: /nope: No such file or directory\n', code: 2 });
    assert.deepEqual(await container().run(['uniq', '/nope'], { userland }), { stdout: '', stderr: 'uniq: /nope: No such file or directory\n', code: 1 });
  });

  it('cut reports a missing file and goes on', async () => {
    assert.deepEqual(await container().run(['cut', '-d:', '-f1', '/nope', '/etc/passwd']), {
      stdout: 'root\ndaemon\nnobody\n',
      stderr: 'cut: /nope: No such file or directory\n',
      code: 1,
    });
  });
});

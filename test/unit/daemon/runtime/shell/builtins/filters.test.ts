import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
  { name: 'tr replaces newlines', given: 'printf "a\\nb\\n" | tr "\\n" ,', want: { stdout: 'a,b,' } },
  { name: 'seq counts to N', given: 'seq 3', want: { stdout: '1\n2\n3\n' } },
  { name: 'seq takes a start, a step and an end', given: 'seq 0 5 12', want: { stdout: '0\n5\n10\n' } },
  { name: 'seq -s joins with a separator', given: 'seq -s , 3', want: { stdout: '1,2,3\n' } },
  { name: 'seq counts down with a negative step', given: 'seq 3 -1 1', want: { stdout: '3\n2\n1\n' } },
  { name: 'tee writes the file and stdout', given: 'echo hi | tee /tmp/t > /dev/null; echo again | tee -a /tmp/t; cat /tmp/t', want: { stdout: 'again\nhi\nagain\n' } },
  { name: 'basename strips the directory and a suffix', given: 'basename /usr/share/nginx/index.html .html', want: { stdout: 'index\n' } },
  { name: 'dirname keeps the directory', given: 'dirname /usr/share/nginx/index.html; dirname file; dirname /etc/', want: { stdout: '/usr/share/nginx\n.\n/\n' } },
];

describe('text filters', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await container().run(['sh', '-c', c.given]), { stdout: '', stderr: '', code: 0, ...c.want });
    });
  }

  it('reports a missing file and goes on', async () => {
    assert.deepEqual(await container().run(['sort', '/nope', '/tmp/words']), {
      stdout: '10\n9\nPear\napple\napple\npear\n',
      stderr: 'sort: /nope: No such file or directory\n',
      code: 1,
    });
  });
});

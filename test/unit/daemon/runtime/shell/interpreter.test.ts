import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sh, type RunResult } from './harness.js';

interface Case {
  name: string;
  given: string;
  want: Partial<RunResult>;
}

function check(cases: Case[]): void {
  for (const c of cases) {
    it(c.name, async () => {
      const got = await sh(c.given);
      const want = { stdout: '', stderr: '', code: 0, ...c.want };
      assert.deepEqual(got, want);
    });
  }
}

describe('shell: lists, pipelines and status', () => {
  check([
    { name: 'runs commands separated by semicolons', given: 'echo one; echo two', want: { stdout: 'one\ntwo\n' } },
    { name: 'runs the right of && only after success', given: 'true && echo yes; false && echo no', want: { stdout: 'yes\n', code: 1 } },
    { name: 'runs the right of || only after failure', given: 'false || echo rescued; true || echo no', want: { stdout: 'rescued\n' } },
    { name: 'reports the last status in $?', given: 'false; echo $?; true; echo $?', want: { stdout: '1\n0\n' } },
    { name: 'exits with the status of the last command', given: 'echo hi; false', want: { stdout: 'hi\n', code: 1 } },
    { name: 'negates a pipeline with !', given: '! false && echo negated', want: { stdout: 'negated\n' } },
    { name: 'pipes one command into the next', given: 'echo "b\na\nc" | grep -v a | wc -l', want: { stdout: '2\n' } },
    { name: 'takes the pipeline status from its last stage', given: 'false | true; echo $?', want: { stdout: '0\n' } },
    { name: 'runs pipeline stages in subshells', given: 'x=1; echo 2 | read x; echo $x', want: { stdout: '1\n' } },
    { name: 'exits with exit N', given: 'echo before; exit 3; echo after', want: { stdout: 'before\n', code: 3 } },
    { name: 'keeps the last status for a bare exit', given: 'false; exit', want: { code: 1 } },
    { name: 'limits exit codes to a byte', given: 'exit 257', want: { code: 1 } },
    { name: 'stops at the first failure with set -e', given: 'set -e; echo a; false; echo b', want: { stdout: 'a\n', code: 1 } },
    { name: 'ignores failures in conditions under set -e', given: 'set -e; if false; then :; fi; false || echo ok; echo end', want: { stdout: 'ok\nend\n' } },
    { name: 'runs a background job and waits for it', given: 'echo bg & wait; echo fg', want: { stdout: 'bg\nfg\n' } },
  ]);
});

describe('shell: compound commands', () => {
  check([
    { name: 'takes the then branch', given: 'if true; then echo yes; else echo no; fi', want: { stdout: 'yes\n' } },
    { name: 'takes an elif branch', given: 'if false; then echo 1; elif true; then echo 2; else echo 3; fi', want: { stdout: '2\n' } },
    { name: 'takes the else branch', given: 'if [ -f /nope ]; then echo found; else echo missing; fi', want: { stdout: 'missing\n' } },
    { name: 'loops over words with for', given: 'for i in a b c; do echo "item $i"; done', want: { stdout: 'item a\nitem b\nitem c\n' } },
    { name: 'loops over the positional parameters with a bare for', given: 'set -- x y; for p; do echo $p; done', want: { stdout: 'x\ny\n' } },
    { name: 'loops with while until the condition fails', given: 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done', want: { stdout: '0\n1\n2\n' } },
    { name: 'loops with until until the condition holds', given: 'i=0; until [ $i -eq 2 ]; do i=$((i+1)); done; echo $i', want: { stdout: '2\n' } },
    { name: 'leaves a loop with break', given: 'while true; do echo once; break; done; echo out', want: { stdout: 'once\nout\n' } },
    { name: 'skips with continue', given: 'for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done', want: { stdout: '1\n3\n' } },
    { name: 'breaks out of two loops with break 2', given: 'for a in 1 2; do for b in x y; do echo $a$b; break 2; done; done', want: { stdout: '1x\n' } },
    { name: 'matches case patterns with alternatives and wildcards', given: 'for w in apple kiwi x; do case $w in a*|k*) echo fruit $w;; *) echo other $w;; esac; done', want: { stdout: 'fruit apple\nfruit kiwi\nother x\n' } },
    { name: 'runs a subshell without changing the shell', given: 'x=1; (x=2; echo in $x); echo out $x', want: { stdout: 'in 2\nout 1\n' } },
    { name: 'keeps exit inside a subshell', given: '(exit 4); echo $?', want: { stdout: '4\n' } },
    { name: 'runs a brace group in the shell', given: '{ x=5; echo grouped; }; echo $x', want: { stdout: 'grouped\n5\n' } },
    { name: 'calls functions with arguments and return values', given: 'greet() { echo "hello $1"; return 3; }; greet world; echo $?', want: { stdout: 'hello world\n3\n' } },
    { name: 'restores local variables after a function', given: 'x=outer; f() { local x=inner; echo $x; }; f; echo $x', want: { stdout: 'inner\nouter\n' } },
  ]);
});

describe('shell: expansion', () => {
  check([
    { name: 'expands $VAR and ${VAR}', given: 'name=kube; echo $name ${name}lab', want: { stdout: 'kube kubelab\n' } },
    { name: 'expands an unset variable to nothing', given: 'echo "[$nothing]"', want: { stdout: '[]\n' } },
    { name: 'uses a default with ${x:-y}', given: 'echo ${unset:-default} ${HOME:-none}', want: { stdout: 'default /root\n' } },
    { name: 'assigns a default with ${x:=y}', given: 'echo ${v:=set}; echo $v', want: { stdout: 'set\nset\n' } },
    { name: 'substitutes an alternative with ${x:+y}', given: 'a=1; echo "${a:+yes}${b:+no}"', want: { stdout: 'yes\n' } },
    { name: 'fails on an unset variable under set -u', given: 'set -u; echo $HOME; echo $nope; echo never', want: { stdout: '/root\n', stderr: 'sh: nope: parameter not set\n', code: 2 } },
    { name: 'fails on ${x:?message}', given: 'echo ${missing:?is required}; echo never', want: { stderr: 'sh: missing: is required\n', code: 2 } },
    { name: 'measures length and strips affixes', given: 'p=/usr/share/nginx/index.html; echo ${#p} ${p##*/} ${p%/*} ${p#/usr} ${p%%.*}', want: { stdout: '27 index.html /usr/share/nginx /share/nginx/index.html /usr/share/nginx/index\n' } },
    { name: 'substitutes command output, dropping trailing newlines', given: 'x=$(printf "a\\n\\n"); echo "[$x]" `echo back`', want: { stdout: '[a] back\n' } },
    { name: 'nests command substitutions', given: 'echo $(echo $(echo deep))', want: { stdout: 'deep\n' } },
    { name: 'evaluates arithmetic', given: 'i=7; echo $((i * 2 + 1)) $((i / 2)) $((i % 4)) $(( (1 + 2) * 3 )) $((i > 5 ? 1 : 0))', want: { stdout: '15 3 3 9 1\n' } },
    { name: 'assigns in arithmetic', given: 'i=1; : $((i += 4)); echo $i', want: { stdout: '5\n' } },
    { name: 'fails on division by zero', given: 'echo $((1 / 0)); echo never', want: { stderr: 'sh: divide by zero\n', code: 2 } },
    { name: 'fails on an arithmetic syntax error', given: 'echo $((1 +))', want: { stderr: 'sh: arithmetic syntax error\n', code: 2 } },
    { name: 'splits unquoted expansions into fields', given: 'x="a   b c"; for w in $x; do echo "<$w>"; done', want: { stdout: '<a>\n<b>\n<c>\n' } },
    { name: 'keeps quoted expansions whole', given: 'x="a   b"; for w in "$x"; do echo "<$w>"; done', want: { stdout: '<a   b>\n' } },
    { name: 'splits on a custom IFS', given: 'IFS=:; x=a:b::c; for w in $x; do echo "<$w>"; done', want: { stdout: '<a>\n<b>\n<>\n<c>\n' } },
    { name: 'expands "$@" to one field per parameter', given: 'set -- "a b" c; for w in "$@"; do echo "<$w>"; done; echo $#', want: { stdout: '<a b>\n<c>\n2\n' } },
    { name: 'joins "$*" with spaces', given: 'set -- a b c; echo "$*"', want: { stdout: 'a b c\n' } },
    { name: 'expands ~ to HOME', given: 'echo ~ ~/x "~"', want: { stdout: '/root /root/x ~\n' } },
    { name: 'expands globs against the filesystem, sorted', given: 'mkdir /g; touch /g/b.txt /g/a.txt /g/c.log; echo /g/*.txt', want: { stdout: '/g/a.txt /g/b.txt\n' } },
    { name: 'keeps a glob that matches nothing', given: 'echo /nope/*', want: { stdout: '/nope/*\n' } },
    { name: 'does not glob quoted wildcards', given: 'echo "*" \\*', want: { stdout: '* *\n' } },
    { name: 'keeps quoting: single quotes are literal, double quotes expand', given: "x=1; echo '$x' \"$x\" \\$x", want: { stdout: '$x 1 $x\n' } },
    { name: 'interprets backslashes in double quotes only before $ ` " \\', given: 'echo "a\\$b \\n \\\\"', want: { stdout: 'a$b \\n \\\n' } },
    { name: 'passes prefix assignments to one command only', given: 'FOO=bar printenv FOO; echo "[$FOO]"', want: { stdout: 'bar\n[]\n' } },
    { name: 'exports variables to programs', given: 'export GREETING=hi; printenv GREETING; LOCAL=x; printenv LOCAL || echo unexported', want: { stdout: 'hi\nunexported\n' } },
    { name: 'treats $(VAR) as a command substitution (the kubelet expands it, not the shell)', given: 'echo $(SPECIAL_LEVEL)', want: { stdout: '\n', stderr: 'sh: SPECIAL_LEVEL: not found\n' } },
  ]);
});

describe('shell: redirection', () => {
  check([
    { name: 'writes and appends to files', given: 'echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f', want: { stdout: 'one\ntwo\n' } },
    { name: 'truncates with >', given: 'echo long > /tmp/f; echo s > /tmp/f; cat /tmp/f', want: { stdout: 's\n' } },
    { name: 'reads stdin from a file', given: 'echo content > /tmp/in; cat < /tmp/in', want: { stdout: 'content\n' } },
    { name: 'sends stderr to stdout with 2>&1', given: 'cat /nope 2>&1 | wc -l', want: { stdout: '1\n' } },
    { name: 'sends stdout to stderr with >&2', given: 'echo oops >&2', want: { stderr: 'oops\n' } },
    { name: 'discards output into /dev/null', given: 'cat /nope 2>/dev/null; echo $?', want: { stdout: '1\n' } },
    { name: 'redirects both streams with &>', given: 'cat /nope &> /tmp/all; cat /tmp/all', want: { stdout: "cat: can't open '/nope': No such file or directory\n" } },
    { name: 'redirects a whole loop', given: 'for i in 1 2; do echo $i; done > /tmp/loop; cat /tmp/loop', want: { stdout: '1\n2\n' } },
    { name: 'feeds a here-document with expansions', given: 'name=lab; cat <<EOF\nhello $name\nEOF', want: { stdout: 'hello lab\n' } },
    { name: 'keeps a quoted here-document literal', given: "cat <<'EOF'\nhello $name\nEOF", want: { stdout: 'hello $name\n' } },
    { name: 'reads lines with while read', given: 'printf "a 1\\nb 2\\n" > /tmp/t; while read k v; do echo "$v=$k"; done < /tmp/t', want: { stdout: '1=a\n2=b\n' } },
    { name: 'reports a redirection into a missing directory', given: 'echo x > /nope/file; echo $?', want: { stdout: '2\n', stderr: "sh: can't create /nope/file: nonexistent directory\n" } },
    { name: 'reports a missing input file', given: 'cat < /nope', want: { stderr: "sh: can't open /nope: no such file\n", code: 2 } },
  ]);
});

describe('shell: errors as busybox ash prints them', () => {
  check([
    { name: 'reports a missing program with 127', given: 'nosuchcmd arg', want: { stderr: 'sh: nosuchcmd: not found\n', code: 127 } },
    { name: 'reports a missing path with 127', given: '/usr/bin/nosuch', want: { stderr: 'sh: /usr/bin/nosuch: not found\n', code: 127 } },
    { name: 'reports a non-executable file with 126', given: 'echo data > /tmp/x; /tmp/x', want: { stderr: 'sh: /tmp/x: Permission denied\n', code: 126 } },
    { name: 'goes on after a missing program', given: 'nosuch; echo next', want: { stdout: 'next\n', stderr: 'sh: nosuch: not found\n' } },
    { name: 'reports an unterminated if', given: 'if true; then echo x', want: { stderr: 'sh: syntax error: unexpected end of file (expecting "fi")\n', code: 2 } },
    { name: 'reports a stray fi', given: 'fi', want: { stderr: 'sh: syntax error: unexpected "fi"\n', code: 2 } },
    { name: 'reports a missing do', given: 'while true; echo', want: { stderr: 'sh: syntax error: unexpected end of file (expecting "do")\n', code: 2 } },
    { name: 'reports a stray done', given: 'echo a; done', want: { stderr: 'sh: syntax error: unexpected "done"\n', code: 2 } },
    { name: 'reports an unterminated quote', given: 'echo "open', want: { stderr: 'sh: syntax error: unterminated quoted string\n', code: 2 } },
    { name: 'reports a pipe with nothing after it', given: 'echo a |', want: { stderr: 'sh: syntax error: unexpected end of file\n', code: 2 } },
    { name: 'reports an unexpected )', given: 'echo a )', want: { stderr: 'sh: syntax error: unexpected ")"\n', code: 2 } },
    { name: 'reports a lone ;', given: ';', want: { stderr: 'sh: syntax error: unexpected ";"\n', code: 2 } },
    { name: 'reports a bad for variable', given: 'for 1x in a; do :; done', want: { stderr: 'sh: syntax error: bad for loop variable\n', code: 2 } },
    { name: 'reports a missing }', given: 'echo ${x', want: { stderr: "sh: syntax error: missing '}'\n", code: 2 } },
    { name: 'reports a bad substitution', given: 'echo ${x!}', want: { stderr: 'sh: syntax error: bad substitution\n', code: 2 } },
    { name: 'runs the lines before a syntax error on a later line', given: 'echo first\nfi', want: { stdout: 'first\n', stderr: 'sh: syntax error: unexpected "fi"\n', code: 2 } },
    { name: 'reports cd into a missing directory with the line number', given: 'cd /nope; echo $?', want: { stdout: '2\n', stderr: "sh: cd: line 1: can't cd to /nope: No such file or directory\n" } },
    { name: 'ends the shell on a bad exit argument', given: 'exit abc; echo never', want: { stderr: 'sh: exit: line 1: Illegal number: abc\n', code: 2 } },
    { name: 'ends the shell on a readonly assignment', given: 'readonly r=1; r=2; echo never', want: { stderr: 'sh: r: is read only\n', code: 2 } },
    { name: 'reports test syntax errors with the shell name', given: '[ 1 -eq x ]; echo $?; [ a = b', want: { stdout: '2\n', stderr: 'sh: x: bad number\nsh: missing ]\n', code: 2 } },
  ]);
});

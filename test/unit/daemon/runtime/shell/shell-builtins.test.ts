import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shProgram } from '../../../../../daemon/runtime/shell/sh.js';
import { sh, TestContainer, type RunResult } from './harness.js';

const cases: { name: string; given: string; want: Partial<RunResult> }[] = [
  { name: 'cd changes directory and sets PWD and OLDPWD', given: 'cd /tmp; echo $PWD; cd -; echo $OLDPWD', want: { stdout: '/tmp\n/\n/tmp\n' } },
  { name: 'cd without an argument goes HOME', given: 'cd; pwd', want: { stdout: '/root\n' } },
  { name: 'cd into a file says Not a directory', given: 'touch /f; cd /f', want: { stderr: "sh: cd: line 1: can't cd to /f: Not a directory\n", code: 2 } },
  { name: 'export -p lists exported variables quoted', given: "export A=\"it's\"; export -p | grep ' A='", want: { stdout: "export A='it'\"'\"'s'\n" } },
  { name: 'export rejects a bad name and ends the shell', given: 'export 1x=2; echo never', want: { stderr: 'sh: export: line 1: 1x: bad variable name\n', code: 2 } },
  { name: 'unset removes a variable and a function', given: 'x=1; f() { :; }; unset x; unset -f f; echo "[$x]"; f', want: { stdout: '[]\n', stderr: 'sh: f: not found\n', code: 127 } },
  { name: 'set -- replaces the positional parameters', given: 'set -- a b c; echo $# $2', want: { stdout: '3 b\n' } },
  { name: 'set with no arguments lists variables', given: 'set | grep ^HOME=', want: { stdout: "HOME='/root'\n" } },
  { name: 'set rejects an unknown option', given: 'set -Q', want: { stderr: 'sh: set: line 1: illegal option -Q\n', code: 2 } },
  { name: 'shift drops parameters', given: 'set -- a b c; shift 2; echo $@', want: { stdout: 'c\n' } },
  { name: 'shift reports too many', given: 'set -- a; shift 2', want: { stderr: "sh: shift: line 1: can't shift that many\n", code: 2 } },
  { name: 'eval runs its arguments as commands', given: 'cmd="echo evaluated"; eval $cmd; eval "x=5"; echo $x', want: { stdout: 'evaluated\n5\n' } },
  { name: 'exec runs a program in place of the shell', given: 'exec printenv HOME; echo never', want: { stdout: '/root\n' } },
  { name: '. runs a file in the current shell', given: 'echo "y=sourced" > /tmp/env.sh; . /tmp/env.sh; echo $y', want: { stdout: 'sourced\n' } },
  { name: '. reports a missing file', given: '. /nope.sh', want: { stderr: "sh: .: line 1: can't open '/nope.sh': No such file or directory\n", code: 2 } },
  { name: 'read splits a line into variables, the last one taking the rest', given: 'echo "a b c d" | { read x y; echo "$x|$y"; }', want: { stdout: 'a|b c d\n' } },
  { name: 'read returns 1 at the end of input', given: 'read x < /dev/null; echo $?', want: { stdout: '1\n' } },
  { name: 'local fails outside a function', given: 'local x=1', want: { stderr: 'sh: local: line 1: not in a function\n', code: 2 } },
  { name: 'trap lists traps', given: "trap 'echo bye' EXIT; trap", want: { stdout: "trap -- 'echo bye' EXIT\nbye\n" } },
  { name: 'trap rejects an unknown signal', given: "trap 'x' NOPE", want: { stderr: 'sh: trap: line 1: NOPE: invalid signal specification\n', code: 2 } },
  { name: 'printf formats like the program', given: 'printf "%s-%03d\\n" id 7', want: { stdout: 'id-007\n' } },
  { name: 'pwd and echo are builtins (they work without the programs)', given: 'cd /tmp; pwd; echo done', want: { stdout: '/tmp\ndone\n' } },
];

describe('shell builtins', () => {
  for (const c of cases) {
    it(c.name, async () => assert.deepEqual(await sh(c.given), { stdout: '', stderr: '', code: 0, ...c.want }));
  }

  it('runs echo, test, cd and pwd in an image whose only program is sh', async () => {
    const only = new TestContainer({ programs: new Map([['sh', shProgram]]) });
    assert.deepEqual(await only.run(['sh', '-c', 'cd /tmp && [ -d . ] && echo "in $(pwd)"; ls']), { stdout: 'in /tmp\n', stderr: 'sh: ls: not found\n', code: 127 });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../../../shared/api/errors.js';
import { parseLabelSelector } from '../../../shared/labels.js';

function parseError(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (err) {
    assert.ok(isStatusError(err) && err.code === 400, 'expected a 400 StatusError');
    return err.message;
  }
  return 'no error';
}

const keyRule =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('label selector parse errors (apimachinery wording)', () => {
  const cases: { name: string; given: string; want: string }[] = [
    { name: 'rejects a missing operator', given: 'a b', want: "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt" },
    { name: 'rejects a set without parentheses', given: 'a in b', want: "unable to parse requirement: found 'b' expected: '('" },
    { name: 'rejects an unclosed set', given: 'a in (b', want: "unable to parse requirement: found '', expected: ',' or ')'" },
    { name: 'rejects two set values without a comma', given: 'a in (b c)', want: "unable to parse requirement: found 'c', expected: ',' or ')'" },
    { name: 'rejects a trailing comma', given: 'a=b,', want: "found '', expected: identifier after ','" },
    { name: 'rejects a leading comma', given: ',a', want: "found ',', expected: !, identifier, or 'end of string'" },
    { name: 'rejects a second operator', given: 'a=b=c', want: "found '=', expected: ',' or 'end of string'" },
    { name: 'rejects a value after a non-existence term', given: '!a=b', want: "found '=', expected: ',' or 'end of string'" },
    { name: 'rejects a parenthesis as an exact value', given: 'a=(', want: "unable to parse requirement: found '(', expected: identifier" },
    { name: 'rejects an invalid key with a <nil> field path', given: 'a+b=c', want: `unable to parse requirement: <nil>: Invalid value: "a+b": name part ${keyRule}` },
    {
      name: 'rejects a key with two slashes',
      given: 'x/y/z',
      want: `unable to parse requirement: <nil>: Invalid value: "x/y/z": a qualified name ${keyRule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    },
    {
      name: 'rejects an upper-case key prefix',
      given: 'Example.com/app',
      want:
        'unable to parse requirement: <nil>: Invalid value: "Example.com/app": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    },
    {
      name: 'rejects an invalid value with its key in the path',
      given: 'app=-web',
      want:
        "unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    },
    { name: 'rejects a non-integer gt bound', given: 'a>b', want: 'unable to parse requirement: values[0]: Invalid value: "b": for \'Gt\', \'Lt\' operators, the value must be an integer' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(parseError(c.given), c.want));
  }
});

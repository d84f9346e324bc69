import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, mappingFor } from '../../../../../daemon/node/kubelet/expansion.js';

const mapping = mappingFor({ NAME: 'world', EMPTY: '' }, { SERVICE_HOST: '10.96.0.1' });
const cases = [
  { name: 'a defined variable is replaced', given: 'hello $(NAME)', want: 'hello world' },
  { name: 'an undefined variable stays as written', given: '$(MISSING) x', want: '$(MISSING) x' },
  { name: 'later maps are looked up too', given: '$(SERVICE_HOST)', want: '10.96.0.1' },
  { name: 'a variable set to empty expands to empty', given: '[$(EMPTY)]', want: '[]' },
  { name: '$$ escapes a reference', given: '$$(NAME)', want: '$(NAME)' },
  { name: 'a lone $ before another character is kept', given: 'cost: $5', want: 'cost: $5' },
  { name: 'a trailing $ is kept', given: 'a$', want: 'a$' },
  { name: 'an unclosed reference is kept', given: '$(NAME', want: '$(NAME' },
  { name: 'shell-style ${VAR} is not a reference', given: '${NAME}', want: '${NAME}' },
  { name: 'several references in one string', given: '$(NAME)-$(NAME)', want: 'world-world' },
];

for (const { name, given, want } of cases) test(`expand: ${name}`, () => assert.equal(expand(given, mapping), want));

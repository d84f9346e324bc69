import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../../../shared/api/errors.js';
import type { LabelSelector, Labels } from '../../../shared/api/meta.js';
import {
  everything,
  formatLabels,
  formatLabelSelector,
  nothing,
  parseLabelSelector,
  selectorFromLabelSelector,
  selectorFromSet,
} from '../../../shared/labels.js';

const web: Labels = { app: 'web', tier: 'frontend', version: '3' };

describe('parseLabelSelector matching', () => {
  const cases: { name: string; given: string; want: boolean }[] = [
    { name: 'matches an equality term', given: 'app=web', want: true },
    { name: 'treats == like =', given: 'app==web', want: true },
    { name: 'rejects a different value', given: 'app=db', want: false },
    { name: 'matches != when the value differs', given: 'app!=db', want: true },
    { name: 'matches != when the key is missing', given: 'env!=prod', want: true },
    { name: 'matches in when the value is listed', given: 'tier in (backend,frontend)', want: true },
    { name: 'rejects in when the key is missing', given: 'env in (prod)', want: false },
    { name: 'matches notin when the key is missing', given: 'env notin (prod)', want: true },
    { name: 'rejects notin when the value is listed', given: 'tier notin (frontend)', want: false },
    { name: 'matches an existence term', given: 'app', want: true },
    { name: 'rejects an existence term for a missing key', given: 'env', want: false },
    { name: 'matches a non-existence term for a missing key', given: '!env', want: true },
    { name: 'requires every comma-separated term', given: 'app=web,tier=backend', want: false },
    { name: 'compares integers with gt', given: 'version>2', want: true },
    { name: 'compares integers with lt', given: 'version<3', want: false },
    { name: 'matches everything with the empty string', given: '', want: true },
    { name: 'ignores whitespace around operators', given: ' app = web , tier in ( frontend ) ', want: true },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(parseLabelSelector(c.given).matches(web), c.want));
  }

  it('matches an empty value with a bare = term', () => {
    assert.equal(parseLabelSelector('app=').matches({ app: '' }), true);
  });
});

describe('parseLabelSelector string form', () => {
  const cases: { name: string; given: string; want: string }[] = [
    { name: 'sorts requirements by key', given: 'tier=a,app=b', want: 'app=b,tier=a' },
    { name: 'sorts and dedupes set values', given: 'x in (c,a,c)', want: 'x in (a,c)' },
    { name: 'keeps empty set members', given: 'x in (foo,,baz)', want: 'x in (,baz,foo)' },
    { name: 'reads () as the empty value', given: 'x notin ()', want: 'x notin ()' },
    { name: 'prints existence and non-existence', given: '!b,a', want: 'a,!b' },
    { name: 'keeps the == spelling', given: 'a==b', want: 'a==b' },
    { name: 'accepts in and notin as keys and values', given: 'in in (notin)', want: 'in in (notin)' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(parseLabelSelector(c.given).toString(), c.want));
  }

  it('throws a 400 BadRequest StatusError on a syntax error', () => {
    assert.throws(
      () => parseLabelSelector('a b'),
      (err: unknown) => isStatusError(err) && err.code === 400 && err.reason === 'BadRequest',
    );
  });
});

describe('selectorFromLabelSelector', () => {
  const cases: { name: string; given: LabelSelector | undefined; labels: Labels; want: boolean }[] = [
    { name: 'matches with matchLabels', given: { matchLabels: { app: 'web' } }, labels: web, want: true },
    { name: 'applies In expressions', given: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }] }, labels: web, want: true },
    { name: 'applies NotIn expressions', given: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, labels: web, want: false },
    { name: 'applies Exists expressions', given: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels: web, want: true },
    { name: 'applies DoesNotExist expressions', given: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels: web, want: false },
    { name: 'matches everything when empty', given: {}, labels: {}, want: true },
    { name: 'matches nothing when missing', given: undefined, labels: web, want: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(selectorFromLabelSelector(c.given).matches(c.labels), c.want));
  }

  it('matches everything when missing if asked to', () => {
    assert.equal(selectorFromLabelSelector(undefined, 'everything').matches(web), true);
  });

  it('rejects an unknown operator with apimachinery wording', () => {
    const bad = { matchExpressions: [{ key: 'a', operator: 'Gt' }] } as unknown as LabelSelector;
    assert.throws(() => selectorFromLabelSelector(bad), { message: '"Gt" is not a valid label selector operator' });
  });

  it('rejects In without values with apimachinery wording', () => {
    assert.throws(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), {
      message: "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    });
  });
});

describe('selectorFromSet and the fixed selectors', () => {
  it('selects exactly the given labels', () => {
    assert.equal(selectorFromSet({ tier: 'frontend', app: 'web' }).toString(), 'app=web,tier=frontend');
    assert.equal(selectorFromSet({ app: 'db' }).matches(web), false);
  });
  it('selects everything from an empty set', () => {
    assert.equal(selectorFromSet({}).isEmpty(), true);
  });
  it('tells everything and nothing apart', () => {
    assert.deepEqual([everything.isEmpty(), everything.matches({}), nothing.isEmpty(), nothing.matches({}), nothing.toString()], [true, true, false, false, '']);
  });
});

describe('formatLabelSelector', () => {
  const cases: { name: string; given: LabelSelector | undefined; want: string }[] = [
    { name: 'prints matchLabels sorted', given: { matchLabels: { 'pod-template-hash': '5d4f8c7b9', app: 'web' } }, want: 'app=web,pod-template-hash=5d4f8c7b9' },
    {
      name: 'prints expressions in their set form, sorted by key',
      given: {
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'app', operator: 'Exists' },
        ],
      },
      want: 'app,!canary,env notin (dev),tier in (a,b)',
    },
    { name: 'prints <none> for an empty selector', given: {}, want: '<none>' },
    { name: 'prints <none> for a missing selector', given: undefined, want: '<none>' },
    { name: 'prints <error> for an invalid key', given: { matchLabels: { 'a b': 'c' } }, want: '<error>' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(formatLabelSelector(c.given), c.want));
  }
});

describe('formatLabels', () => {
  const cases: { name: string; given: Labels | undefined; want: string }[] = [
    { name: 'prints k=v pairs sorted', given: { tier: 'frontend', app: 'web' }, want: 'app=web,tier=frontend' },
    { name: 'sorts whole pairs byte-wise, as Go does', given: { a: '2', 'a.b': '1' }, want: 'a.b=1,a=2' },
    { name: 'prints <none> for no labels', given: {}, want: '<none>' },
    { name: 'prints <none> for missing labels', given: undefined, want: '<none>' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(formatLabels(c.given), c.want));
  }
});

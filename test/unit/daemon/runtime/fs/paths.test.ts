import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { childPath, normalizePath } from '../../../../../daemon/runtime/fs/paths.js';

test('normalizePath turns dot segments, doubled and trailing slashes and relative paths into one absolute path', () => {
  const cases: [string, string][] = [
    ['/', '/'],
    ['', '/'],
    ['a/b', '/a/b'],
    ['/a/./b/../c/', '/a/c'],
    ['//a', '/a'],
    ['/a//b', '/a/b'],
    ['/..', '/'],
    ['/a/.', '/a'],
    ['/a/..', '/'],
    ['/...', '/...'],
    ['/a.b/.c', '/a.b/.c'],
    ['/etc/hosts', '/etc/hosts'],
  ];
  for (const [input, want] of cases) assert.equal(normalizePath(input), want, JSON.stringify(input));
});

test('normalizePath agrees with posix.normalize on every short path of slashes, dots and names', () => {
  const reference = (path: string): string => {
    const normalized = posix.normalize(path.startsWith('/') ? path : `/${path}`);
    return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
  };
  const parts = ['/', '.', 'a', '..'];
  const walk = (path: string, depth: number): void => {
    assert.equal(normalizePath(path), reference(path), JSON.stringify(path));
    if (depth > 0) for (const part of parts) walk(path + part, depth - 1);
  };
  walk('', 7);
});

test('childPath joins a name to a normal directory, the root included', () => {
  assert.equal(childPath('/', 'etc'), '/etc');
  assert.equal(childPath('/etc', 'hosts'), '/etc/hosts');
});

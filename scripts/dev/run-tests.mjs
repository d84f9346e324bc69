#!/usr/bin/env node
// Runs every compiled test file with node's test runner. Node 20's `--test` takes no globs and no
// .ts files, so the list is built here from the tsc output (dist/test/**/*.test.js; tsc compiles
// both *.test.ts and *.test.tsx to *.test.js).
// Usage: node scripts/dev/run-tests.mjs [substring filters...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('../../dist/test/', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (entry.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = collect(root).filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)));
if (files.length === 0) {
  console.error('run-tests: no test files found under dist/test (did the build run?)');
  process.exit(1);
}
// e2e files start a daemon each; two at a time fits 2 cores.
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

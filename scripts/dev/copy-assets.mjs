#!/usr/bin/env node
// Copies the data files that modules read at run time (next to themselves, via import.meta.url) into
// dist/, because tsc emits only .js. Today that is shared/api/schema/types.txt; any *.txt under the
// source trees is copied the same way.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const sourceTrees = ['shared', 'daemon', 'tui'];
const assetExtensions = ['.txt'];

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (assetExtensions.some((ext) => entry.endsWith(ext))) out.push(path);
  }
  return out;
}

let copied = 0;
for (const tree of sourceTrees) {
  let files;
  try {
    files = collect(join(root, tree));
  } catch (err) {
    if (err.code === 'ENOENT') continue; // a tree that does not exist yet
    throw err;
  }
  for (const file of files) {
    const target = join(root, 'dist', relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied++;
  }
}
console.log(`copy-assets: ${copied} file(s) copied to dist/`);

// The module boundaries of STYLE §2.3, enforced: every source file's imports and clock calls are
// scanned, and a violation fails with the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { existsSync } from 'node:fs';

/** The repository root, found from this file whether it runs from test/ (tsx) or dist/test/. */
function findRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'daemon'))) dir = join(dir, '..');
  return dir;
}
const root = findRoot();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry)) out.push(path);
  }
  return out;
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

function scan(files: string[], pattern: RegExp): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    readFileSync(join(root, file), 'utf8').split('\n').forEach((text, i) => {
      if (!/^\s*(\/\/|\*)/.test(text) && pattern.test(text)) found.push({ file, line: i + 1, text: text.trim() });
    });
  }
  return found;
}

function importsOf(files: string[]): { file: string; line: number; target: string }[] {
  const out: { file: string; line: number; target: string }[] = [];
  for (const file of files) {
    readFileSync(join(root, file), 'utf8').split('\n').forEach((text, i) => {
      const m = /(?:^|\s)(?:import|export)\s[^'"]*from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/.exec(text);
      const target = m?.[1] ?? m?.[2];
      if (!target) return;
      const resolved = target.startsWith('.') ? relative(root, join(root, file, '..', target)) : target;
      out.push({ file, line: i + 1, target: resolved });
    });
  }
  return out;
}

const show = (f: { file: string; line: number; text?: string; target?: string }[]): string => f.map((x) => `${x.file}:${x.line} ${x.text ?? x.target}`).join('\n');

const shared = sourceFiles('shared');
const daemon = sourceFiles('daemon');
const tui = sourceFiles('tui');
const components = ['daemon/controllers', 'daemon/scheduler', 'daemon/node', 'daemon/runtime'].flatMap(sourceFiles);

test('the scan sees the source tree', () => {
  assert.ok(shared.length > 20 && daemon.length > 20, `found ${shared.length} shared and ${daemon.length} daemon files under ${root}`);
});

test('shared/ imports nothing from daemon/, tui/ or scripts/', () => {
  const bad = importsOf(shared).filter((i) => /^(daemon|tui|scripts)\//.test(i.target));
  assert.equal(show(bad), '');
});

test('tui/ reaches the daemon only through shared/', () => {
  const bad = importsOf(tui).filter((i) => /^(daemon|scripts)\//.test(i.target));
  assert.equal(show(bad), '');
});

test('controllers, scheduler, nodes and runtime use the ApiClient, never the store or the apiserver', () => {
  const bad = importsOf(components).filter((i) => /^daemon\/(store|apiserver)\//.test(i.target));
  assert.equal(show(bad), '');
});

test('only daemon/apiserver and daemon wiring import the store', () => {
  const bad = importsOf(daemon).filter((i) => i.target.startsWith('daemon/store/') && !/^daemon\/(apiserver|store)\//.test(i.file) && i.file !== 'daemon/daemon.ts');
  assert.equal(show(bad), '');
});

test('the simulated runtime and kubelet never touch host processes, files or threads', () => {
  const files = ['daemon/runtime', 'daemon/node/kubelet'].flatMap(sourceFiles);
  const bad = importsOf(files).filter((i) => /^node:(child_process|fs|fs\/promises|worker_threads)$|^(child_process|fs|worker_threads)$/.test(i.target));
  assert.equal(show(bad), '');
});

test('the daemon and shared/ never import Ink or React', () => {
  const bad = importsOf([...daemon, ...shared]).filter((i) => /^(ink|react)(\/|$)/.test(i.target));
  assert.equal(show(bad), '');
});

test('only shared/clock.ts reads the time or sets timers', () => {
  const files = [...shared, ...daemon, ...tui, ...sourceFiles('scripts')].filter((f) => f !== 'shared/clock.ts');
  const bad = scan(files, /\bDate\.now\(|new Date\(\)|\bsetTimeout\(|\bsetInterval\(|performance\.now\(/);
  assert.equal(show(bad), '');
});

test('no barrel index.ts files inside daemon/', () => {
  assert.deepEqual(daemon.filter((f) => /(^|\/)index\.ts$/.test(f)), []);
});

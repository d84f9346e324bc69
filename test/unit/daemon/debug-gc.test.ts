import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installDebugGc, residentParts } from '../../../daemon/debug-gc.js';
import type { Logger } from '../../../shared/log.js';
import { waitFor } from '../../helpers/wait-for.js';

function recordingLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (m) => errors.push(m), info: () => undefined, debug: () => undefined };
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-debug-gc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('off by default: without KUBELAB_DEBUG_GC no SIGUSR2 handler is installed, even with gc exposed', (t) => {
  const before = process.listenerCount('SIGUSR2');
  const remove = installDebugGc({ env: {}, gc: () => undefined, dataDir: tempDir(t), log: recordingLog() });
  assert.equal(remove, undefined);
  assert.equal(process.listenerCount('SIGUSR2'), before);
});

test('KUBELAB_DEBUG_GC=1 without --expose-gc installs nothing and says why', (t) => {
  const before = process.listenerCount('SIGUSR2');
  const log = recordingLog();
  const remove = installDebugGc({ env: { KUBELAB_DEBUG_GC: '1' }, gc: undefined, dataDir: tempDir(t), log });
  assert.equal(remove, undefined);
  assert.equal(process.listenerCount('SIGUSR2'), before);
  assert.deepEqual(log.errors, ['KUBELAB_DEBUG_GC=1 needs node --expose-gc (NODE_OPTIONS=--expose-gc); no GC hook installed']);
});

test('when asked for, SIGUSR2 runs gc() with no argument (a major GC; twice, to finish the sweep) and appends one memory sample per signal', async (t) => {
  const dir = tempDir(t);
  const before = process.listenerCount('SIGUSR2');
  const calls: unknown[][] = [];
  const remove = installDebugGc({ env: { KUBELAB_DEBUG_GC: '1' }, gc: (...args: unknown[]) => calls.push(args), dataDir: dir, log: recordingLog(), unmapWaitMs: 0 });
  assert.ok(remove);
  t.after(remove);
  assert.equal(process.listenerCount('SIGUSR2'), before + 1);
  process.emit('SIGUSR2', 'SIGUSR2');
  process.emit('SIGUSR2', 'SIGUSR2');
  // Any argument makes Node 20's gc() a scavenge only.
  assert.deepEqual(calls, [[], [], [], []]);
  const file = join(dir, 'gc-samples.jsonl');
  const lines = (): string[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);
  await waitFor(() => lines().length === 2, { what: 'two samples' });
  const samples = lines().map((line) => JSON.parse(line) as Record<string, number>);
  assert.deepEqual(samples.map((s) => s.sequence), [1, 2]);
  for (const s of samples) for (const field of ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers']) assert.ok(s[field] > 0 || field === 'arrayBuffers', field);
  remove();
  assert.equal(process.listenerCount('SIGUSR2'), before);
});

test('residentParts splits RSS into anonymous and file-backed bytes from /proc/<pid>/status, and gives nothing where those lines are missing', () => {
  const status = 'Name:\tnode\nVmRSS:\t   99000 kB\nRssAnon:\t   53552 kB\nRssFile:\t   45164 kB\nRssShmem:\t       0 kB\n';
  assert.deepEqual(residentParts(status), { rssAnon: 53552 * 1024, rssFile: 45164 * 1024 });
  assert.deepEqual(residentParts('Name:\tnode\nVmRSS:\t   99000 kB\n'), {});
  assert.deepEqual(residentParts(''), {});
});

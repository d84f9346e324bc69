// The guided labs of labs/*.yaml end to end, with the real kubectl: `kubelab lab start`, then for
// each step its check is asserted not to pass yet, its commands are run exactly as the lab prints
// them (through sh, in a scratch directory, with `kubelab` on the PATH), and its check must then
// pass. The daemon runs at --speed 20 (back-offs, probe periods, the 50 s node grace period and
// the 300 s toleration of lab K shrink twenty-fold). Labs in their own namespaces run side by
// side; K, which kills node2, runs last and alone.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpClientFromKubeconfig } from '../../shared/client/kubeconfig.js';
import { httpCheckEnvironment } from '../../shared/labs/http-environment.js';
import { evaluateCheck } from '../../shared/labs/lab-checks.js';
import { readLabs, renderCommand } from '../../shared/labs/lab-files.js';
import type { CheckResult, Lab } from '../../shared/labs/lab-types.js';
import { kubelabBin, runCli, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const parallelLabs = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A directory with a `kubelab` that runs this checkout's CLI, for the steps that call it. */
function kubelabOnPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-bin-'));
  const wrapper = join(dir, 'kubelab');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${kubelabBin}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return dir;
}

async function runLab(lab: Lab, daemon: TestDaemon, bin: string): Promise<void> {
  const started = runCli(['lab', 'start', lab.id, '--data', daemon.dataDir]);
  assert.equal(started.code, 0, started.stderr);
  assert.match(started.stdout, new RegExp(`^kubelab: lab ${lab.id} started${lab.createNamespace ? ` \\(namespace ${lab.namespace} created\\)` : ''}\n`));
  const { client } = httpClientFromKubeconfig(daemon.kubeconfig);
  const env = httpCheckEnvironment(client, lab.namespace);
  const cwd = mkdtempSync(join(tmpdir(), `kubelab-lab-${lab.id}-`));
  const shellEnv = { KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: daemon.cacheDir, KUBELAB_HOME: daemon.dataDir, PATH: `${bin}${delimiter}${process.env.PATH}` };
  try {
    for (const step of lab.steps) {
      const before = await evaluateCheck(step.check, env);
      assert.equal(before.state, 'waiting', `lab ${lab.id} step ${step.id} before its commands: ${JSON.stringify(before)}`);
      for (const command of step.commands) {
        let result = await sh(renderCommand(command), cwd, shellEnv);
        // TODO(exec): under the load of ten labs at once, kubectl exec now and then loses the
        // daemon's status frame ("Unknown stream id 3, discarding message" / "closed all streams");
        // one retry keeps this test about the labs until the exec endpoint is fixed.
        if (result.code !== 0 && result.output.includes('Unknown stream id')) result = await sh(renderCommand(command), cwd, shellEnv);
        if (command.includes('replicaset-no-selector')) {
          assert.notEqual(result.code, 0);
          assert.match(result.output, /spec\.selector: Required value/);
        } else {
          assert.equal(result.code, 0, `lab ${lab.id} step ${step.id}: ${command}\n${result.output}`);
        }
      }
      let last: CheckResult = before;
      await waitFor(async () => (last = await evaluateCheck(step.check, env)).state === 'passed', { what: `lab ${lab.id} step ${step.id} to pass (last: ${JSON.stringify(last)})`, timeout: 45_000 });
      // The learner's `kubelab lab status` ticks the step and keeps the tick in the cluster.
      const index = lab.steps.indexOf(step);
      // A check on a flapping state (CrashLoopBackOff between restarts) may need a second look, as a learner's would.
      let ticked = { code: 1, output: '' };
      await waitFor(async () => {
        ticked = await sh(`kubelab lab status ${lab.id} --lang en`, cwd, shellEnv);
        assert.equal(ticked.code, 0, ticked.output);
        return ticked.output.includes(`\n✔ ${index + 1}. ${step.title.en}\n`);
      }, { what: `lab ${lab.id} status to tick step ${step.id} (last: ${ticked.output})`, timeout: 30_000 });
    }
    const status = await sh(`kubelab lab status ${lab.id} --lang en`, cwd, shellEnv);
    assert.equal(status.code, 0, status.output);
    assert.match(status.output, new RegExp(`^Lab ${lab.id.toUpperCase()}: ${lab.title.en} \\(namespace ${lab.namespace}\\), ${lab.steps.length}/${lab.steps.length} done\n`));
    assert.ok(status.output.includes(`Every step is done. \`kubelab lab reset ${lab.id}\` removes what the lab made.`));
  } finally {
    client.close();
    rmSync(cwd, { recursive: true, force: true });
  }
}

test('the guided labs, step by step, with the real kubectl', { concurrency: true }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-labs-'));
  const daemon = await startDaemon(t, { speed: 20, dataDir });
  const bin = kubelabOnPath();
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  const labs = readLabs();

  await Promise.all(parallelLabs.map((id) => t.test(`lab ${id}`, () => runLab(labs.find((l) => l.id === id)!, daemon, bin))));

  await t.test('lab k (a node dies and comes back)', () => runLab(labs.find((l) => l.id === 'k')!, daemon, bin));

  await t.test('reset removes the lab namespace and its progress, nothing else', async () => {
    const reset = runCli(['lab', 'reset', 'a', '--data', daemon.dataDir]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal(reset.stdout, 'kubelab: lab a reset: namespace "lab-a" deleted\n');
    await waitFor(async () => (await daemon.kubectl('get', 'ns', 'lab-a')).code !== 0, { what: 'lab-a to be gone', timeout: 30_000 });
    assert.equal((await daemon.kubectl('get', 'ns', 'lab-b', '-o', 'name')).stdout, 'namespace/lab-b\n');
    const list = runCli(['lab', 'list', '--data', daemon.dataDir, '--lang', 'en']);
    assert.match(list.stdout, /^a {5}Pods, watch and output formats {7}4$/m);
    assert.match(list.stdout, /^b {5}Multi-container pods {17}2 {7}2\/2$/m);
  });

  await t.test('a restarted daemon resumes: the progress is in its store', async () => {
    await daemon.stop();
    await startDaemon(t, { speed: 20, dataDir });
    // Registered after both daemons' own clean-ups, so it runs once both have stopped.
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const list = runCli(['lab', 'list', '--data', dataDir, '--lang', 'en']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^k {5}Nodes and self-healing {15}6 {7}6\/6 \(active\)$/m);
    assert.match(list.stdout, /^f {5}Controllers {26}8 {7}8\/8$/m);
    const status = runCli(['lab', 'status', '--data', dataDir, '--lang', 'ko']);
    assert.match(status.stdout, /^실습 K: 노드와 자가 치유 \(namespace lab-k\), 6\/6 완료$/m);
  });
});

// Custom kinds in the TUI, with ink-testing-library against the in-process API and its CRD
// controller (ManualClock): `:crd` lists the CRDs, `:ct`, `:crontab` and
// `:crontabs.stable.example.com` list CronTabs with the CRD's printer columns (learned by watching
// the CRDs, as k9s learns them from discovery), and describe, YAML and delete work on them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import type { KubeObject } from '../../shared/api/meta.js';
import { ManualClock } from '../../shared/clock.js';
import { bootstrapCluster } from '../../daemon/apiserver/bootstrap.js';
import { CrdController } from '../../daemon/apiserver/crd/crd-controller.js';
import { LocalClient } from '../../daemon/apiserver/local-client.js';
import { GenericRegistry } from '../../daemon/apiserver/registry/generic-registry.js';
import { LevelStore } from '../../daemon/store/level-store.js';
import { App } from '../../tui/app.js';
import { waitFor } from '../helpers/wait-for.js';

const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const crontabs = { group: 'stable.example.com', version: 'v1', resource: 'crontabs' };
const info = { context: 'kubelab', cluster: 'kubelab', server: 'https://127.0.0.1:6443', namespace: 'default' };

const crontabCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' }, image: { type: 'string' }, replicas: { type: 'integer' } } } } } },
        additionalPrinterColumns: [
          { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
  },
};

async function startApiWithCrds(t: { after(fn: () => unknown): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-tui-crd-'));
  const store = await LevelStore.open(join(dir, 'store'));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const registry = new GenericRegistry({ store, clock });
  const client = new LocalClient(registry);
  const controller = new CrdController(registry, clock);
  controller.start();
  t.after(async () => {
    await controller.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bootstrapCluster(client, { address: '127.0.0.1', port: 6443 });
  await client.create(crds, undefined, crontabCrd);
  await waitFor(async () => (await client.list(crontabs, 'default').catch(() => undefined)) !== undefined, { what: 'the CRD served' });
  await client.create(crontabs, 'default', { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'my-new-cron-object' }, spec: { cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 2 } });
  return { client, clock };
}

function openApp(t: { after(fn: () => unknown): void }, client: LocalClient, clock: ManualClock, initialCommand: string) {
  const app = render(createElement(App, { client, clock, info, initialCommand, size: { columns: 100, rows: 30 }, onQuit: () => undefined, nodeAction: async () => undefined }));
  t.after(() => app.unmount());
  return {
    lastFrame: () => app.lastFrame() ?? '',
    type: async (text: string) => {
      app.stdin.write(text);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    frame: async (predicate: (frame: string) => boolean, what: string) => {
      const frame = await waitFor(
        () => {
          clock.step(100);
          const current = app.lastFrame() ?? '';
          return predicate(current) ? current : false;
        },
        { what: `${what}\n${app.lastFrame()}`, timeout: 10_000, interval: 20 },
      );
      await new Promise<void>((resolve) => setImmediate(resolve));
      return frame;
    },
  };
}

test(':crd lists the CRDs as kubectl get crd does', async (t) => {
  const { client, clock } = await startApiWithCrds(t);
  const app = openApp(t, client, clock, 'crd');
  const frame = await app.frame((f) => f.includes('crontabs.stable.example.com'), 'the CRD row');
  const lines = frame.split('\n').map((l) => l.trimEnd());
  assert.ok(lines.includes(' customresourcedefinitions[1]'), frame);
  assert.ok(lines.includes('NAME                          CREATED AT'), frame);
  assert.ok(lines.includes('crontabs.stable.example.com   2026-01-01T00:00:00Z'), frame);
});

test(':ct lists CronTabs with the CRD columns; describe, yaml and delete work on them', async (t) => {
  const { client, clock } = await startApiWithCrds(t);
  const app = openApp(t, client, clock, 'ct');
  let frame = await app.frame((f) => f.includes('my-new-cron-object'), 'the CronTab row');
  let lines = frame.split('\n').map((l) => l.trimEnd());
  assert.ok(lines.includes(' crontabs(default)[1]'), frame);
  assert.ok(lines.includes('NAME                 SPEC          REPLICAS   AGE'), frame);
  assert.ok(lines.some((l) => /^my-new-cron-object {3}\* \* \* \* \*\/5 {3}2 {10}\d+s$/.test(l)), frame);

  for (const alias of ['crontab', 'crontabs.stable.example.com', 'crontab.stable.example.com']) {
    await app.type(':');
    await app.frame((f) => f.includes(':█'), 'the command prompt');
    await app.type(`${alias} -A\r`);
    frame = await app.frame((f) => f.includes(' crontabs(all)[1]'), `:${alias} -A`);
    assert.ok(frame.includes('NAMESPACE   NAME                 SPEC          REPLICAS   AGE'), frame);
    await app.type(':');
    await app.frame((f) => f.includes(':█'), 'the command prompt');
    await app.type('ct\r');
    await app.frame((f) => f.includes(' crontabs(default)[1]'), 'back to :ct');
  }

  await app.type('d');
  frame = await app.frame((f) => f.includes('<describe crontabs/my-new-cron-object>') && f.includes('Kind:'), 'the describe view');
  lines = frame.split('\n').map((l) => l.trimEnd());
  assert.ok(lines.includes('Name:         my-new-cron-object'), frame);
  assert.ok(lines.includes('Namespace:    default'), frame);
  assert.ok(lines.includes('API Version:  stable.example.com/v1'), frame);
  assert.ok(lines.includes('Kind:         CronTab'), frame);
  assert.ok(lines.includes('  Cron Spec:  * * * * */5'), frame);
  await app.type('\x1b');
  await app.frame((f) => f.includes(' crontabs(default)[1]'), 'back to the table');

  await app.type('y');
  frame = await app.frame((f) => f.includes('<yaml crontabs/my-new-cron-object>') && f.includes('kind: CronTab'), 'the yaml view');
  assert.ok(frame.includes('apiVersion: stable.example.com/v1'), frame);
  assert.ok(frame.includes("  cronSpec: '* * * * */5'"), frame);
  await app.type('\x1b');
  await app.frame((f) => f.includes(' crontabs(default)[1]'), 'back to the table');

  await app.type('\x04');
  await app.frame((f) => f.includes('Delete crontab.stable.example.com default/my-new-cron-object? (y/n)'), 'the confirmation');
  await app.type('y');
  await app.frame((f) => f.includes('crontab.stable.example.com "my-new-cron-object" deleted'), 'the flash');
  await waitFor(async () => (await client.list(crontabs, 'default')).items.length === 0, { what: 'the CronTab gone' });
});

test('deleting the CRD of the kind on screen flashes what kubectl says', async (t) => {
  const { client, clock } = await startApiWithCrds(t);
  const app = openApp(t, client, clock, 'crontab');
  await app.frame((f) => f.includes('my-new-cron-object'), 'the CronTab row');
  await client.delete(crds, undefined, 'crontabs.stable.example.com');
  await app.frame((f) => f.includes(`the server doesn't have a resource type "crontabs"`), 'the flash');
});

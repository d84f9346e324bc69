// Labs A.3, A.4, E.1–E.3, F.4, H.1–H.2 and J against a real daemon with the real kubectl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

const fixtures = fileURLToPath(new URL('../../../test/e2e/fixtures/foundation/', import.meta.url));
const fixture = (name: string): string => join(fixtures, name);

test('objects through kubectl', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;

  await t.test('run --dry-run=client -o yaml, then apply: created, unchanged, configured (A.4)', async () => {
    const dry = await k('run', 'mynginx', '--image', 'nginx', '--dry-run=client', '-o', 'yaml');
    assert.equal(dry.code, 0, dry.stderr);
    const file = join(daemon.dataDir, 'mynginx.yaml');
    writeFileSync(file, dry.stdout);
    const first = await k('apply', '-f', file);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), 'pod/mynginx created');
    assert.equal(first.stderr, '');
    // kubectl's 3-way patch sees the file's `creationTimestamp: null` against the live timestamp, so a
    // real cluster answers "configured" to this file on every apply; without that line it is "unchanged".
    assert.equal((await k('apply', '-f', file)).stdout.trim(), 'pod/mynginx configured');
    const clean = dry.stdout.replace('  creationTimestamp: null\n', '');
    writeFileSync(file, clean);
    assert.equal((await k('apply', '-f', file)).stdout.trim(), 'pod/mynginx configured');
    const again = await k('apply', '-f', file);
    assert.equal(again.stdout.trim(), 'pod/mynginx unchanged');
    writeFileSync(file, clean.replace('image: nginx', 'image: nginx:1.15'));
    const changed = await k('apply', '-f', file);
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(changed.stdout.trim(), 'pod/mynginx configured');
    const image = await k('get', 'pod', 'mynginx', '-o', 'jsonpath={.spec.containers[0].image}');
    assert.equal(image.stdout, 'nginx:1.15');
  });

  await t.test('-o yaml, json, name, jsonpath and custom-columns show the stored pod (A.3)', async () => {
    const yaml = await k('get', 'pod', 'mynginx', '-o', 'yaml');
    assert.equal(yaml.code, 0, yaml.stderr);
    for (const line of ['  uid: ', '  resourceVersion: ', '  creationTimestamp: ', '  dnsPolicy: ClusterFirst', '  restartPolicy: Always', '  schedulerName: default-scheduler',
      '  terminationGracePeriodSeconds: 30', '    imagePullPolicy: Always', '    terminationMessagePath: /dev/termination-log', '  qosClass: BestEffort']) {
      assert.ok(yaml.stdout.includes(line), `-o yaml has "${line}"\n${yaml.stdout}`);
    }
    // The kubelet may already have started the pod: either phase is what a real cluster shows by now.
    assert.match(yaml.stdout, /^  phase: (Pending|Running)$/m);
    const json = JSON.parse((await k('get', 'pod', 'mynginx', '-o', 'json')).stdout);
    assert.equal(json.kind, 'Pod');
    assert.equal(json.metadata.labels.run, 'mynginx');
    assert.equal((await k('get', 'pod', 'mynginx', '-o', 'name')).stdout, 'pod/mynginx\n');
    assert.equal((await k('get', 'pod', 'mynginx', '-o', 'jsonpath={.metadata.name} {.spec.dnsPolicy}')).stdout, 'mynginx ClusterFirst');
    const cc = await k('get', 'pod', 'mynginx', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image');
    assert.deepEqual(tableRows(cc.stdout), [['NAME', 'IMAGE'], ['mynginx', 'nginx:1.15']]);
  });

  await t.test('get pod -o wide prints the server-side table of a running pod', async () => {
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'pod', '-o', 'wide')).stdout);
      return table[1]?.[1] === '1/1' && table[1]?.[2] === 'Running' ? table : undefined;
    }, { what: 'mynginx to run', timeout: 20_000 });
    assert.deepEqual(rows[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    assert.deepEqual([...rows[1].slice(0, 3), ...rows[1].slice(7)], ['mynginx', '1/1', 'Running', '<none>', '<none>']);
    // The image changed by the apply above restarts the container in place, as a kubelet does.
    assert.match(rows[1][3], /^(0|1 \(\d+s ago\))$/);
    assert.match(rows[1][5], /^10\.244\.[1-3]\.\d+$/);
    assert.match(rows[1][6], /^node[1-3]$/);
  });

  await t.test('labels: add, refuse without --overwrite, overwrite, remove, -L, -l, --show-labels (E.1, E.2)', async () => {
    assert.equal((await k('label', 'po', 'mynginx', 'iwanna=gohome')).stdout.trim(), 'pod/mynginx labeled');
    const refused = await k('label', 'po', 'mynginx', 'iwanna=stay');
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim(), "error: 'iwanna' already has a value (gohome), and --overwrite is false");
    assert.equal((await k('label', 'po', 'mynginx', 'iwanna=stay', '--overwrite')).stdout.trim(), 'pod/mynginx labeled');
    const withL = tableRows((await k('get', 'po', '-L', 'iwanna')).stdout);
    assert.deepEqual(withL[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IWANNA']);
    assert.equal(withL[1][5], 'stay');
    const shown = tableRows((await k('get', 'po', '--show-labels')).stdout);
    assert.equal(shown[1][5], 'iwanna=stay,run=mynginx');
    assert.equal((await k('label', 'po', 'mynginx', 'iwanna-')).stdout.trim(), 'pod/mynginx unlabeled');
    assert.equal(tableRows((await k('get', 'po', '-l', 'run=mynginx')).stdout)[1][0], 'mynginx');
    const none = await k('get', 'po', '-l', 'run=nobody');
    assert.equal(none.stderr.trim(), 'No resources found in default namespace.');
  });

  await t.test('annotations show in -o yaml (E.3)', async () => {
    const applied = await k('apply', '-f', fixture('labels-annotations.yaml'));
    assert.equal(applied.stdout.trim(), 'pod/test5 created', applied.stderr);
    const yaml = (await k('get', 'pod', 'test5', '-o', 'yaml')).stdout;
    assert.ok(yaml.includes('    kubernetes.io/change-cause: test rolling update version 1:1'), yaml);
    assert.ok(yaml.includes('    user: you suye'), yaml);
  });

  await t.test('a ReplicaSet without a selector is rejected with both causes (F.4)', async () => {
    const out = await k('apply', '-f', fixture('replicaset-no-selector.yaml'));
    assert.equal(out.code, 1);
    assert.equal(out.stderr.trim(), [
      `The ReplicaSet "test-rs" is invalid: `,
      `* spec.selector: Required value`,
      '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"myweb"}: `selector` does not match template `labels`',
    ].join('\n'));
  });

  await t.test('configmaps from a file, from literals and from a manifest (H.1)', async () => {
    assert.equal((await k('create', 'configmap', 'game-config', `--from-file=${fixture('game.properties')}`)).stdout.trim(), 'configmap/game-config created');
    assert.equal((await k('create', 'cm', 'special-config', '--from-literal=special.power=10', '--from-literal=special.strength=20')).stdout.trim(), 'configmap/special-config created');
    assert.equal((await k('apply', '-f', fixture('monster-config.yaml'))).stdout.trim(), 'configmap/monster-config created');
    const special = JSON.parse((await k('get', 'cm', 'special-config', '-o', 'json')).stdout);
    assert.deepEqual(special.data, { 'special.power': '10', 'special.strength': '20' });
    const game = JSON.parse((await k('get', 'cm', 'game-config', '-o', 'json')).stdout);
    assert.equal(game.data['game.properties'], readFileSync(fixture('game.properties'), 'utf8'));
    const rows = tableRows((await k('get', 'cm')).stdout);
    assert.deepEqual(rows[0], ['NAME', 'DATA', 'AGE']);
    // kube-root-ca.crt is in every namespace, as the root-ca-cert-publisher keeps it on a real cluster.
    assert.deepEqual(rows.slice(1).map((r) => r.slice(0, 2)), [['game-config', '1'], ['kube-root-ca.crt', '1'], ['monster-config', '3'], ['special-config', '2']]);
  });

  await t.test('secrets from data, stringData and an env file show base64 data (H.2)', async () => {
    assert.equal((await k('apply', '-f', fixture('user-info.yaml'))).stdout.trim(), 'secret/user-info created');
    assert.equal((await k('apply', '-f', fixture('user-info-stringdata.yaml'))).stdout.trim(), 'secret/user-info-stringdata created');
    assert.equal((await k('create', 'secret', 'generic', 'user-info-from-file', `--from-env-file=${fixture('user-info.properties')}`)).stdout.trim(), 'secret/user-info-from-file created');
    for (const name of ['user-info', 'user-info-stringdata', 'user-info-from-file']) {
      const secret = JSON.parse((await k('get', 'secret', name, '-o', 'json')).stdout);
      assert.deepEqual(secret.data, { password: 'cGFzc3dvcmQxMjM=', username: 'YWRtaW4=' }, name);
      assert.equal(secret.type, 'Opaque');
      assert.equal(secret.stringData, undefined);
    }
    const rows = tableRows((await k('get', 'secret', 'user-info')).stdout);
    assert.deepEqual(rows[0], ['NAME', 'TYPE', 'DATA', 'AGE']);
    assert.deepEqual(rows[1].slice(0, 3), ['user-info', 'Opaque', '2']);
  });

  await t.test('namespaces: create, use with -n, duplicate refused (J)', async () => {
    assert.equal((await k('create', 'ns', 'lab')).stdout.trim(), 'namespace/lab created');
    const empty = await k('get', 'pods', '-n', 'lab');
    assert.equal(empty.stderr.trim(), 'No resources found in lab namespace.');
    const dup = await k('create', 'ns', 'lab');
    assert.equal(dup.code, 1);
    assert.equal(dup.stderr.trim(), 'Error from server (AlreadyExists): namespaces "lab" already exists');
    assert.equal((await k('create', 'cm', 'in-lab', '-n', 'lab', '--from-literal=a=b')).stdout.trim(), 'configmap/in-lab created');
    const missing = await k('create', 'cm', 'x', '-n', 'nowhere', '--from-literal=a=b');
    assert.equal(missing.stderr.trim(), 'error: failed to create configmap: namespaces "nowhere" not found');
    const labelled = JSON.parse((await k('get', 'ns', 'lab', '-o', 'json')).stdout);
    assert.deepEqual(labelled.metadata.labels, { 'kubernetes.io/metadata.name': 'lab' });
    assert.deepEqual(labelled.spec, { finalizers: ['kubernetes'] });
  });

  await t.test('patch with merge, strategic and json types', async () => {
    assert.equal((await k('patch', 'cm', 'special-config', '--type=merge', '-p', '{"data":{"special.power":"11"}}')).stdout.trim(), 'configmap/special-config patched');
    assert.equal((await k('patch', 'pod', 'mynginx', '-p', '{"spec":{"containers":[{"name":"mynginx","image":"nginx:1.16"}]}}')).stdout.trim(), 'pod/mynginx patched');
    assert.equal((await k('patch', 'cm', 'special-config', '--type=json', '-p', '[{"op":"remove","path":"/data/special.strength"}]')).stdout.trim(), 'configmap/special-config patched');
    const cm = JSON.parse((await k('get', 'cm', 'special-config', '-o', 'json')).stdout);
    assert.deepEqual(cm.data, { 'special.power': '11' });
    assert.equal((await k('get', 'pod', 'mynginx', '-o', 'jsonpath={.spec.containers[0].image}')).stdout, 'nginx:1.16');
    const noop = await k('patch', 'cm', 'special-config', '--type=merge', '-p', '{"data":{"special.power":"11"}}');
    assert.equal(noop.stdout.trim(), 'configmap/special-config patched (no change)');
  });

  await t.test('edit through EDITOR', async () => {
    const editor = join(daemon.dataDir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/special.power: \\"11\\"/special.power: \\"12\\"/" "$1"\n', { mode: 0o755 });
    const out = await daemon.kubectlEnv({ EDITOR: editor }, 'edit', 'cm', 'special-config');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), 'configmap/special-config edited');
    assert.equal((await k('get', 'cm', 'special-config', '-o', 'jsonpath={.data.special\\.power}')).stdout, '12');
  });

  await t.test('delete prints the deleted object and it is gone', async () => {
    const out = await k('delete', 'pod', 'mynginx');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), 'pod "mynginx" deleted');
    const gone = await k('get', 'pod', 'mynginx');
    assert.equal(gone.stderr.trim(), 'Error from server (NotFound): pods "mynginx" not found');
  });

  await t.test('server dry run creates nothing', async () => {
    const out = await k('create', 'cm', 'dry', '--from-literal=a=b', '--dry-run=server');
    assert.equal(out.stdout.trim(), 'configmap/dry created (server dry run)');
    assert.equal((await k('get', 'cm', 'dry')).code, 1);
    const del = await k('delete', 'cm', 'special-config', '--dry-run=server');
    assert.equal(del.stdout.trim(), 'configmap "special-config" deleted (server dry run)');
    assert.equal((await k('get', 'cm', 'special-config')).code, 0, 'still there');
  });

  await t.test('config keys named like JavaScript object properties are keys like any other', async () => {
    const created = await k('create', 'configmap', 'odd-keys', '--from-literal=__proto__=x', '--from-literal=constructor=1', '--from-literal=a=2');
    assert.equal(created.stdout.trim(), 'configmap/odd-keys created', created.stderr);
    const listed = await k('get', 'configmap', 'odd-keys');
    assert.match(listed.stdout, /^NAME\s+DATA\s+AGE\nodd-keys\s+3\s+\d+s\n$/);
    assert.equal((await k('get', 'configmap', 'odd-keys', '-o', 'jsonpath={.data}')).stdout, '{"__proto__":"x","a":"2","constructor":"1"}');
  });
});

// The `kubectl create <subcommand>` family sends protobuf bodies (reference/kubectl-compat.md §0.1);
// each must be decoded, defaulted and printed as a real cluster prints it. Also `get events`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait-for.js';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { rawRequest } from '../helpers/raw-api.js';

test('kubectl create subcommands (protobuf bodies)', async (t) => {
  const daemon = await startDaemon(t);
  const k = daemon.kubectl;

  await t.test('create deployment with replicas (A.2)', async () => {
    const out = await k('create', 'deployment', 'mypod', '--image=nginx:1.14', '--replicas=4');
    assert.equal(out.stdout.trim(), 'deployment.apps/mypod created', out.stderr);
    const d = JSON.parse((await k('get', 'deploy', 'mypod', '-o', 'json')).stdout);
    assert.equal(d.spec.replicas, 4);
    assert.deepEqual(d.spec.selector, { matchLabels: { app: 'mypod' } });
    assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(d.spec.revisionHistoryLimit, 10);
    assert.equal(d.spec.progressDeadlineSeconds, 600);
    assert.equal(d.spec.template.spec.containers[0].name, 'nginx');
    assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(d.metadata.generation, 1);
    // Right after the create the controller may not have written the status yet (UP-TO-DATE 0), as on
    // a real cluster: wait for its first status.
    const rows = await waitFor(async () => {
      const table = tableRows((await k('get', 'deploy', '-o', 'wide')).stdout);
      return table[1]?.[2] === '4' ? table : undefined;
    }, { what: 'the deployment status to count 4 up-to-date replicas', timeout: 15_000 });
    assert.deepEqual(rows[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    // READY and AVAILABLE count up as the pods start: any of 0..4 is right by now.
    assert.deepEqual([rows[1][0], rows[1][2], ...rows[1].slice(5)], ['mypod', '4', 'nginx', 'nginx:1.14', 'app=mypod']);
    assert.match(`${rows[1][1]} ${rows[1][3]}`, /^[0-4]\/4 [0-4]$/);
  });

  await t.test('create service nodeport allocates a cluster IP and a node port (G.2)', async () => {
    const out = await k('create', 'service', 'nodeport', 'mynginx', '--tcp=80:80');
    assert.equal(out.stdout.trim(), 'service/mynginx created', out.stderr);
    const rows = tableRows((await k('get', 'svc', 'mynginx', '-o', 'wide')).stdout);
    assert.deepEqual(rows[0], ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    assert.equal(rows[1][1], 'NodePort');
    assert.match(rows[1][2], /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    assert.equal(rows[1][3], '<none>');
    assert.match(rows[1][4], /^80:3\d{4}\/TCP$/);
    assert.equal(rows[1][6], 'app=mynginx');
    const svc = JSON.parse((await k('get', 'svc', 'mynginx', '-o', 'json')).stdout);
    assert.deepEqual(svc.spec.ports, [{ name: '80-80', protocol: 'TCP', port: 80, targetPort: 80, nodePort: svc.spec.ports[0].nodePort }]);
    assert.equal(svc.spec.externalTrafficPolicy, 'Cluster');
    assert.ok(svc.spec.ports[0].nodePort >= 30000 && svc.spec.ports[0].nodePort <= 32767);
  });

  await t.test('create job and cronjob', async () => {
    assert.equal((await k('create', 'job', 'myjob', '--image=busybox', '--', 'echo', 'hi')).stdout.trim(), 'job.batch/myjob created');
    const job = JSON.parse((await k('get', 'job', 'myjob', '-o', 'json')).stdout);
    assert.equal(job.spec.backoffLimit, 6);
    assert.equal(job.spec.completions, 1);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    assert.ok(job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'], 'generated selector');
    assert.equal((await k('create', 'cronjob', 'mycron', '--image=busybox', '--schedule=*/1 * * * *', '--', 'date')).stdout.trim(), 'cronjob.batch/mycron created');
    const rows = tableRows((await k('get', 'cronjob')).stdout);
    assert.deepEqual(rows[0], ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    assert.deepEqual(rows[1].slice(0, 6), ['mycron', '*/1 * * * *', '<none>', 'False', '0', '<none>']);
  });

  await t.test('get all lists every kind of the all category in discovery order', async () => {
    const out = (await k('get', 'all')).stdout;
    const kinds = [...new Set(out.split('\n').filter((l) => /^[a-z.]+\//.test(l)).map((l) => l.split('/')[0]))];
    assert.deepEqual(kinds, ['pod', 'service', 'deployment.apps', 'replicaset.apps', 'cronjob.batch', 'job.batch']);
    assert.match(out, /^service\/kubernetes\s/m);
    assert.match(out, /^deployment\.apps\/mypod\s/m);
  });

  await t.test('get events prints the real columns', async () => {
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'mypod.1', namespace: 'default' },
      involvedObject: { kind: 'Deployment', name: 'mypod', namespace: 'default', apiVersion: 'apps/v1' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set mypod-7d9c6 from 0 to 4',
      type: 'Normal',
      source: { component: 'deployment-controller' },
      firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      count: 1,
    };
    const res = await rawRequest(daemon, 'POST', '/api/v1/namespaces/default/events', JSON.stringify(event), { 'Content-Type': 'application/json' });
    assert.equal(res.code, 201, res.text);
    // The event posted above has no involvedObject.uid; selecting on that leaves out the controller's own.
    const rows = tableRows((await k('get', 'events', '--field-selector', 'involvedObject.name=mypod,reason=ScalingReplicaSet,involvedObject.uid=')).stdout);
    assert.deepEqual(rows[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    assert.deepEqual(rows.slice(1).map((r) => r.slice(1)), [['Normal', 'ScalingReplicaSet', 'deployment/mypod', 'Scaled up replica set mypod-7d9c6 from 0 to 4']]);
  });

  await t.test('events.k8s.io/v1 shows the same events, converted', async () => {
    const rows = tableRows((await k('get', 'events.events.k8s.io', '--field-selector', 'regarding.name=mypod,reason=ScalingReplicaSet,regarding.uid=')).stdout);
    assert.deepEqual(rows[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    assert.deepEqual(rows.slice(1).map((r) => r.slice(1)), [['Normal', 'ScalingReplicaSet', 'deployment/mypod', 'Scaled up replica set mypod-7d9c6 from 0 to 4']]);
    const v1 = JSON.parse((await k('get', 'events.v1.events.k8s.io', 'mypod.1', '-o', 'json')).stdout);
    assert.equal(v1.apiVersion, 'events.k8s.io/v1');
    assert.equal(v1.note, 'Scaled up replica set mypod-7d9c6 from 0 to 4');
    assert.deepEqual(v1.regarding, { kind: 'Deployment', name: 'mypod', namespace: 'default', apiVersion: 'apps/v1' });
    assert.deepEqual(v1.deprecatedSource, { component: 'deployment-controller' });
    assert.equal(v1.deprecatedCount, 1);
    const created = await rawRequest(daemon, 'POST', '/apis/events.k8s.io/v1/namespaces/default/events', JSON.stringify({
      apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'from-v1' },
      eventTime: '2026-01-01T00:00:00.000000Z', reportingController: 'kubelab.io/test', reportingInstance: 'test-1', action: 'Testing', reason: 'Tested', type: 'Normal',
      regarding: { kind: 'Deployment', name: 'mypod', namespace: 'default' }, note: 'seen through both APIs',
    }), { 'Content-Type': 'application/json' });
    assert.equal(created.code, 201, created.text);
    const core = JSON.parse((await k('get', 'events', 'from-v1', '-o', 'json')).stdout);
    assert.equal(core.message, 'seen through both APIs');
    assert.equal(core.reportingComponent, 'kubelab.io/test');
    assert.deepEqual(core.involvedObject, { kind: 'Deployment', name: 'mypod', namespace: 'default' });
  });
});

// Service accounts with the real kubectl: the kube-api-access volume every pod gets (ServiceAccount
// admission), kube-root-ca.crt in every namespace (root-ca-cert-publisher), `kubectl create token`
// (TokenRequest), and the files the kubelet projects into the container. Expected output written
// out as a v1.32 cluster prints it; the volume's random suffix is matched by pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = (name: string): string => repoPath('test', 'e2e', 'fixtures', 'service-accounts', name);
const tokenDir = '/var/run/secrets/kubernetes.io/serviceaccount';
const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** `kubectl get pod web -o yaml`, from `spec:` to `status:`, on a v1.32 cluster (VOLUME and NODE vary). */
const webSpec = `spec:
  containers:
  - image: nginx:1.14
    imagePullPolicy: IfNotPresent
    name: web
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: VOLUME
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  nodeName: NODE
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: VOLUME
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
`;

test('service accounts: token volume, kube-root-ca.crt, create token, projected files', async (t) => {
  const daemon = await startDaemon(t, { nodes: 2 });
  const k = daemon.kubectl;
  const running = (pod: string, ns = 'default'): Promise<unknown> =>
    waitFor(async () => tableRows((await k('get', 'pod', pod, '-n', ns)).stdout)[1]?.[2] === 'Running', { what: `${ns}/${pod} Running`, timeout: 30_000 });

  await t.test('kube-root-ca.crt is in every namespace, with the API server\'s CA', async () => {
    const listed = await waitFor(async () => {
      const rows = tableRows((await k('get', 'cm', '-A')).stdout);
      return rows.filter((r) => r[1] === 'kube-root-ca.crt').length === 5 ? rows : undefined;
    }, { what: 'kube-root-ca.crt in the four system namespaces and local-path-storage' });
    assert.deepEqual(listed[0], ['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    const published = listed.filter((r) => r[1] === 'kube-root-ca.crt');
    assert.deepEqual(published.map((r) => r.slice(0, 3)), [
      ['default', 'kube-root-ca.crt', '1'],
      ['kube-node-lease', 'kube-root-ca.crt', '1'],
      ['kube-public', 'kube-root-ca.crt', '1'],
      ['kube-system', 'kube-root-ca.crt', '1'],
      ['local-path-storage', 'kube-root-ca.crt', '1'],
    ]);
    for (const r of published) assert.match(r[3]!, /^\d+s$/);
    const ca = (await k('get', 'cm', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}')).stdout;
    assert.equal(ca, readFileSync(`${daemon.dataDir}/apiserver.crt`, 'utf8'), 'the CA that kubeconfig trusts');
    const description = (await k('get', 'cm', 'kube-root-ca.crt', '-o', 'jsonpath={.metadata.annotations.kubernetes\\.io/description}')).stdout;
    assert.equal(description, 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service (kubernetes.default.svc). No other usage is guaranteed across distributions of Kubernetes clusters.');
  });

  await t.test('a deleted kube-root-ca.crt comes back', async () => {
    const uid = (await k('get', 'cm', 'kube-root-ca.crt', '-o', 'jsonpath={.metadata.uid}')).stdout;
    assert.equal((await k('delete', 'cm', 'kube-root-ca.crt')).stdout.trim(), 'configmap "kube-root-ca.crt" deleted');
    await waitFor(async () => {
      const again = await k('get', 'cm', 'kube-root-ca.crt', '-o', 'jsonpath={.metadata.uid}');
      return again.code === 0 && again.stdout !== uid;
    }, { what: 'the publisher to recreate it' });
  });

  await t.test('kubectl get pod -o yaml shows the kube-api-access volume and mount as a real cluster does', async () => {
    assert.equal((await k('apply', '-f', fixture('pod-web.yaml'))).stdout.trim(), 'pod/web created');
    await running('web');
    const yaml = (await k('get', 'pod', 'web', '-o', 'yaml')).stdout;
    const spec = yaml.slice(yaml.indexOf('\nspec:\n') + 1, yaml.indexOf('\nstatus:\n') + 9);
    const volume = /name: (kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5})\n/.exec(spec)?.[1];
    assert.ok(volume, 'a kube-api-access-<5 random> volume');
    const node = /nodeName: (node\d)\n/.exec(spec)?.[1];
    assert.equal(spec.replaceAll(volume, 'VOLUME').replace(`nodeName: ${node}`, 'nodeName: NODE'), webSpec);
    // The kubelet reports the mount in the container's status, recursiveReadOnly included (1.32).
    assert.ok(yaml.includes(`    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: ${volume}
      readOnly: true
      recursiveReadOnly: Disabled
`), 'status.containerStatuses[0].volumeMounts');
  });

  await t.test('kubectl describe pod shows the mount and the projected volume', async () => {
    const text = (await k('describe', 'pod', 'web')).stdout;
    assert.match(text, /^ {4}Mounts:\n {6}\/var\/run\/secrets\/kubernetes\.io\/serviceaccount from kube-api-access-[a-z0-9]{5} \(ro\)$/m);
    assert.match(text, /^Volumes:\n {2}kube-api-access-[a-z0-9]{5}:\n {4}Type: {20}Projected \(a volume that contains injected data from multiple sources\)\n {4}TokenExpirationSeconds: {2}3607\n {4}ConfigMapName: {11}kube-root-ca\.crt\n {4}ConfigMapOptional: {7}<nil>\n {4}DownwardAPI: {13}true\nQoS Class: {19}BestEffort$/m);
  });

  await t.test('the container reads its namespace, the CA and a token bound to it', async () => {
    const namespace = await k('exec', 'web', '--', 'cat', `${tokenDir}/namespace`);
    assert.deepEqual([namespace.code, namespace.stdout], [0, 'default']);
    assert.equal((await k('exec', 'web', '--', 'ls', tokenDir)).stdout, 'ca.crt\nnamespace\ntoken\n');
    const ca = (await k('exec', 'web', '--', 'cat', `${tokenDir}/ca.crt`)).stdout;
    assert.equal(ca, readFileSync(`${daemon.dataDir}/apiserver.crt`, 'utf8'));
    const token = (await k('exec', 'web', '--', 'cat', `${tokenDir}/token`)).stdout;
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = claimsOf(token);
    const uid = (await k('get', 'pod', 'web', '-o', 'jsonpath={.metadata.uid}')).stdout;
    assert.equal(claims.sub, 'system:serviceaccount:default:default');
    assert.deepEqual((claims['kubernetes.io'] as { pod: unknown }).pod, { name: 'web', uid });
    assert.equal((claims.exp as number) - (claims.iat as number), 365 * 24 * 3600, 'the kubelet\'s 3607 s token is extended to a year');
    const write = await k('exec', 'web', '--', 'sh', '-c', `echo x > ${tokenDir}/token`);
    assert.notEqual(write.code, 0, 'the volume is read-only');
  });

  await t.test('kubectl create token default prints a signed three-part JWT', async () => {
    const out = await k('create', 'token', 'default');
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'no newline when stdout is not a terminal, as kubectl does');
    const header = JSON.parse(Buffer.from(out.stdout.split('.')[0]!, 'base64url').toString()) as { alg: string; kid: string };
    assert.equal(header.alg, 'ES256');
    assert.match(header.kid, /^[\w-]{43}$/);
    const claims = claimsOf(out.stdout);
    assert.deepEqual([claims.aud, claims.iss, claims.sub, (claims.exp as number) - (claims.iat as number)], [
      ['https://kubernetes.default.svc.cluster.local'], 'https://kubernetes.default.svc.cluster.local', 'system:serviceaccount:default:default', 3600,
    ]);
    const long = claimsOf((await k('create', 'token', 'default', '--duration=24h', '--audience=vault')).stdout);
    assert.deepEqual([long.aud, (long.exp as number) - (long.iat as number)], [['vault'], 86400]);
  });

  await t.test('kubectl create token refuses what a real API server refuses', async () => {
    const short = await k('create', 'token', 'default', '--duration=5m');
    assert.deepEqual([short.code, short.stderr.trim()], [1, 'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes']);
    const missing = await k('create', 'token', 'nope');
    assert.deepEqual([missing.code, missing.stderr.trim()], [1, 'error: failed to create token: serviceaccounts "nope" not found']);
  });

  await t.test('a pod naming an account that does not exist is forbidden; a Deployment\'s ReplicaSet reports it', async () => {
    const pod = await k('run', 'x', '--image=nginx', '--overrides={"spec":{"serviceAccountName":"foo"}}');
    assert.deepEqual([pod.code, pod.stderr.trim()], [1, 'Error from server (Forbidden): pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found']);
    await k('create', 'deployment', 'dep', '--image=nginx');
    await k('patch', 'deployment', 'dep', '-p', '{"spec":{"template":{"spec":{"serviceAccountName":"foo"}}}}');
    const message = await waitFor(async () => {
      const out = await k('get', 'events', '--field-selector', 'reason=FailedCreate', '-o', 'jsonpath={.items[0].message}');
      return out.stdout;
    }, { what: 'the FailedCreate event' });
    assert.match(message, /^Error creating: pods "dep-[a-z0-9]+-" is forbidden: error looking up service account default\/foo: serviceaccount "foo" not found$/);
  });

  await t.test('automountServiceAccountToken: false on the account, true on one pod', async () => {
    const applied = await k('apply', '-f', fixture('robot.yaml'));
    assert.equal(applied.stdout.trim(), 'serviceaccount/robot created\npod/quiet created\npod/talkative created');
    assert.equal((await k('get', 'pod', 'quiet', '-o', 'jsonpath={.spec.volumes}')).stdout, '');
    assert.match((await k('get', 'pod', 'talkative', '-o', 'jsonpath={.spec.volumes[0].name}')).stdout, /^kube-api-access-[a-z0-9]{5}$/);
    await running('quiet');
    const ls = await k('exec', 'quiet', '--', 'ls', tokenDir);
    assert.deepEqual([ls.code, ls.stderr], [1, `ls: ${tokenDir}: No such file or directory\ncommand terminated with exit code 1\n`]);
  });

  await t.test('a pod applied with its new namespace starts: the default account and the CA arrive in time', async () => {
    const applied = await k('apply', '-f', fixture('namespace-and-pod.yaml'));
    assert.equal(applied.stdout.trim(), 'namespace/sa-fresh created\npod/reader created');
    await running('reader', 'sa-fresh');
    assert.equal((await k('exec', '-n', 'sa-fresh', 'reader', '--', 'cat', `${tokenDir}/namespace`)).stdout, 'sa-fresh');
    const rows = tableRows((await k('get', 'sa,cm', '-n', 'sa-fresh')).stdout).filter((r) => r[0] !== '');
    assert.deepEqual(rows.map((r) => r.slice(0, 2)), [['NAME', 'SECRETS'], ['serviceaccount/default', '0'], ['NAME', 'DATA'], ['configmap/kube-root-ca.crt', '1']]);
  });
});

// RBAC enforcement with the real kubectl, the classic exercise a learner brings from a kind
// cluster: a stranger (`--as=bob`) is refused, a ServiceAccount can do nothing until a Role and a
// RoleBinding let it read pods, its token (`kubectl create token`) works with exactly those rights,
// `kubectl auth whoami` and `auth can-i --list` describe it, exec and logs need their own
// subresources, nobody grants rights it lacks, system:masters may do anything, and impersonation
// needs its own permission.
// Expected lines are written out as a v1.32 kind cluster prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { tableRows } from '../helpers/kubectl.js';
import { waitFor } from '../helpers/wait-for.js';

const ns = 'rbac-e2e';
const reader = 'system:serviceaccount:rbac-e2e:reader';

test('rbac enforcement: forbidden lines, service-account tokens, can-i, whoami, impersonation', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;

  await t.test('a user without bindings is refused with the apiserver\'s words', async () => {
    const pods = await k('get', 'pods', '--as=bob');
    assert.equal(pods.code, 1);
    assert.equal(pods.stderr, 'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"\n');
    const nodes = await k('get', 'nodes', '--as=bob');
    assert.equal(nodes.stderr, 'Error from server (Forbidden): nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope\n');
    const deployment = await k('get', 'deployment', 'web', '--as=bob');
    assert.equal(deployment.stderr, 'Error from server (Forbidden): deployments.apps "web" is forbidden: User "bob" cannot get resource "deployments" in API group "apps" in the namespace "default"\n');
    const metrics = await k('get', '--raw', '/metrics', '--as=bob');
    assert.equal(metrics.stderr, 'Error from server (Forbidden): forbidden: User "bob" cannot get path "/metrics"\n');
  });

  await t.test('every authenticated user may discover the API and ask about itself', async () => {
    const resources = await k('api-resources', '--as=bob', '--api-group=apps');
    assert.equal(resources.code, 0, resources.stderr);
    assert.match(resources.stdout, /^deployments +deploy +apps\/v1 +true +Deployment$/m);
    const whoami = await k('auth', 'whoami', '--as=bob');
    assert.equal(whoami.stdout, 'ATTRIBUTE   VALUE\nUsername    bob\nGroups      [system:authenticated]\n');
    const canI = await k('auth', 'can-i', 'create', 'pods', '--as=system:serviceaccount:default:default');
    assert.deepEqual([canI.code, canI.stdout], [1, 'no\n']);
  });

  await t.test('a Role and RoleBinding let a ServiceAccount read pods in its namespace', async () => {
    assert.equal((await k('create', 'namespace', ns)).code, 0);
    assert.equal((await k('create', 'serviceaccount', 'reader', '-n', ns)).stdout, 'serviceaccount/reader created\n');
    const before = await k('auth', 'can-i', 'list', 'pods', `--as=${reader}`, '-n', ns);
    assert.deepEqual([before.code, before.stdout], [1, 'no\n']);
    assert.equal((await k('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods', '-n', ns)).stdout, 'role.rbac.authorization.k8s.io/pod-reader created\n');
    assert.equal(
      (await k('create', 'rolebinding', 'read-pods', '--role=pod-reader', `--serviceaccount=${ns}:reader`, '-n', ns)).stdout,
      'rolebinding.rbac.authorization.k8s.io/read-pods created\n',
    );
    const after = await k('auth', 'can-i', 'list', 'pods', `--as=${reader}`, '-n', ns);
    assert.deepEqual([after.code, after.stdout], [0, 'yes\n']);
    const elsewhere = await k('auth', 'can-i', 'list', 'pods', `--as=${reader}`, '-n', 'default');
    assert.deepEqual([elsewhere.code, elsewhere.stdout], [1, 'no\n']);
  });

  await t.test('kubectl auth can-i --list shows the ServiceAccount\'s rules', async () => {
    const list = await k('auth', 'can-i', '--list', `--as=${reader}`, '-n', ns);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(
      list.stdout,
      [
        'Resources                                       Non-Resource URLs                      Resource Names   Verbs',
        'selfsubjectreviews.authentication.k8s.io        []                                     []               [create]',
        'selfsubjectaccessreviews.authorization.k8s.io   []                                     []               [create]',
        'selfsubjectrulesreviews.authorization.k8s.io    []                                     []               [create]',
        'pods                                            []                                     []               [get list watch]',
        '                                                [/.well-known/openid-configuration/]   []               [get]',
        '                                                [/.well-known/openid-configuration]    []               [get]',
        '                                                [/api/*]                               []               [get]',
        '                                                [/api]                                 []               [get]',
        '                                                [/apis/*]                              []               [get]',
        '                                                [/apis]                                []               [get]',
        '                                                [/healthz]                             []               [get]',
        '                                                [/healthz]                             []               [get]',
        '                                                [/livez]                               []               [get]',
        '                                                [/livez]                               []               [get]',
        '                                                [/openapi/*]                           []               [get]',
        '                                                [/openapi]                             []               [get]',
        '                                                [/openid/v1/jwks/]                     []               [get]',
        '                                                [/openid/v1/jwks]                      []               [get]',
        '                                                [/readyz]                              []               [get]',
        '                                                [/readyz]                              []               [get]',
        '                                                [/version/]                            []               [get]',
        '                                                [/version/]                            []               [get]',
        '                                                [/version]                             []               [get]',
        '                                                [/version]                             []               [get]',
        '',
      ].join('\n'),
    );
  });

  // Made by the admin, for the exec and logs checks below.
  assert.equal((await k('run', 'web', '--image=nginx', '-n', ns)).stdout, 'pod/web created\n');
  const created = await k('create', 'token', 'reader', '-n', ns);
  assert.equal(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  const asReader = (...args: string[]) => k(`--token=${token}`, ...args);

  await t.test('the ServiceAccount\'s token reads pods and nothing else', async () => {
    await waitFor(async () => tableRows((await k('get', 'pod', 'web', '-n', ns)).stdout)[1]?.[2] === 'Running', { what: 'pod web Running', timeout: 30_000 });
    const pods = await asReader('get', 'pods', '-n', ns);
    assert.equal(pods.code, 0, pods.stderr);
    assert.deepEqual(tableRows(pods.stdout)[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.deepEqual(tableRows(pods.stdout)[1]!.slice(0, 3), ['web', '1/1', 'Running']);
    const secrets = await asReader('get', 'secrets', '-n', ns);
    assert.equal(secrets.code, 1);
    assert.equal(secrets.stderr, `Error from server (Forbidden): secrets is forbidden: User "${reader}" cannot list resource "secrets" in API group "" in the namespace "rbac-e2e"\n`);
    const namespace = await asReader('get', 'namespace', ns);
    assert.equal(namespace.stderr, `Error from server (Forbidden): namespaces "rbac-e2e" is forbidden: User "${reader}" cannot get resource "namespaces" in API group "" in the namespace "rbac-e2e"\n`);
    const wrong = await k('--token=not-a-token', 'get', 'pods', '-n', ns);
    assert.equal(wrong.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  });

  await t.test('kubectl auth whoami with the token shows the ServiceAccount, its uid and the token id', async () => {
    const uid = (await k('get', 'serviceaccount', 'reader', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).stdout;
    const jti = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    const whoami = await asReader('auth', 'whoami');
    assert.equal(
      whoami.stdout,
      [
        'ATTRIBUTE                                           VALUE',
        'Username                                            system:serviceaccount:rbac-e2e:reader',
        `UID                                                 ${uid}`,
        'Groups                                              [system:serviceaccounts system:serviceaccounts:rbac-e2e system:authenticated]',
        `Extra: authentication.kubernetes.io/credential-id   [JTI=${jti}]`,
        '',
      ].join('\n'),
    );
  });

  await t.test('exec and logs need pods/exec and pods/log', async () => {
    const exec = await asReader('exec', 'web', '-n', ns, '--', 'ls', '/');
    assert.equal(exec.code, 1);
    assert.equal(exec.stderr, `Error from server (Forbidden): pods "web" is forbidden: User "${reader}" cannot create resource "pods/exec" in API group "" in the namespace "rbac-e2e"\n`);
    const logs = await asReader('logs', 'web', '-n', ns);
    assert.equal(logs.code, 1);
    assert.equal(logs.stderr, `Error from server (Forbidden): pods "web" is forbidden: User "${reader}" cannot get resource "pods/log" in API group "" in the namespace "rbac-e2e"\n`);
    assert.equal((await k('create', 'role', 'pod-logs', '--verb=get', '--resource=pods/log', '-n', ns)).code, 0);
    assert.equal((await k('create', 'rolebinding', 'read-logs', '--role=pod-logs', `--serviceaccount=${ns}:reader`, '-n', ns)).code, 0);
    const allowed = await asReader('logs', 'web', '-n', ns);
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  await t.test('a user may not grant permissions it does not hold', async () => {
    assert.equal((await k('create', 'role', 'role-maker', '--verb=create,get,list', '--resource=roles.rbac.authorization.k8s.io,pods', '-n', ns)).code, 0);
    assert.equal((await k('create', 'rolebinding', 'sam', '--role=role-maker', '--user=sam', '-n', ns)).code, 0);
    const within = await k('create', 'role', 'pod-get', '--verb=get', '--resource=pods', '-n', ns, '--as=sam');
    assert.equal(within.stdout, 'role.rbac.authorization.k8s.io/pod-get created\n');
    const beyond = await k('create', 'role', 'peek', '--verb=get,list', '--resource=secrets,pods', '-n', ns, '--as=sam');
    assert.equal(beyond.code, 1);
    assert.equal(
      beyond.stderr,
      'Error from server (Forbidden): roles.rbac.authorization.k8s.io "peek" is forbidden: user "sam" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}\n',
    );
  });

  await t.test('system:masters may do anything; impersonating needs its own permission', async () => {
    const masters = await k('get', 'pods', '-n', ns, '--as=bob', '--as-group=system:masters');
    assert.equal(masters.code, 0, masters.stderr);
    assert.deepEqual(tableRows(masters.stdout)[1]!.slice(0, 1), ['web']);
    const refused = await asReader('get', 'pods', '-n', ns, '--as=bob');
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, `Error from server (Forbidden): users "bob" is forbidden: User "${reader}" cannot impersonate resource "users" in API group "" at the cluster scope\n`);
    const admin = await k('auth', 'can-i', '*', '*');
    assert.deepEqual([admin.code, admin.stdout], [0, 'yes\n']);
  });

  await t.test('a token handed out before a restart still works after it', async () => {
    await daemon.stop();
    const again = await startDaemon(undefined, { nodes: 1, dataDir: daemon.dataDir });
    try {
      const pods = await again.kubectl(`--token=${token}`, 'get', 'pods', '-n', ns, '-o', 'name');
      assert.equal(pods.stdout, 'pod/web\n', pods.stderr);
    } finally {
      await again.stop();
    }
  });
});

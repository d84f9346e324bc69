// The long-lived token of the Kubernetes docs ("Manually create an API token for a ServiceAccount"):
// a Secret of type kubernetes.io/service-account-token naming an account is filled by the token
// controller, `kubectl describe` shows the token, the API server accepts it for that account, and
// deleting the account deletes the Secret and ends the token. Expected lines as kind v1.32 prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const secretManifest = `apiVersion: v1
kind: Secret
metadata:
  name: build-robot-secret
  annotations:
    kubernetes.io/service-account.name: build-robot
type: kubernetes.io/service-account-token
`;

test('a service-account token Secret is filled, works as that account, and goes with it', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;
  assert.equal((await k('create', 'serviceaccount', 'build-robot')).code, 0);
  const applied = await daemon.kubectlWithInput(secretManifest, 'apply', '-f', '-');
  assert.equal(applied.stdout, 'secret/build-robot-secret created\n', applied.stderr);
  let token = '';
  await waitFor(async () => {
    const encoded = (await k('get', 'secret', 'build-robot-secret', '-o', 'jsonpath={.data.token}')).stdout;
    token = Buffer.from(encoded, 'base64').toString('utf8');
    return token !== '';
  }, { what: 'the token controller filling the Secret' });

  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, string>;
  const uid = (await k('get', 'serviceaccount', 'build-robot', '-o', 'jsonpath={.metadata.uid}')).stdout;
  assert.deepEqual(claims, {
    iss: 'kubernetes/serviceaccount',
    'kubernetes.io/serviceaccount/namespace': 'default',
    'kubernetes.io/serviceaccount/secret.name': 'build-robot-secret',
    'kubernetes.io/serviceaccount/service-account.name': 'build-robot',
    'kubernetes.io/serviceaccount/service-account.uid': uid,
    sub: 'system:serviceaccount:default:build-robot',
  });
  const described = (await k('describe', 'secret', 'build-robot-secret')).stdout;
  assert.match(described, /^Type:  kubernetes\.io\/service-account-token$/m);
  assert.match(described, new RegExp(`^Annotations:  kubernetes\\.io/service-account\\.name: build-robot\\n +kubernetes\\.io/service-account\\.uid: ${uid}$`, 'm'));
  // kubectl prints the Data keys in Go's map order, which changes from run to run: one line each.
  assert.match(described, /^namespace:  7 bytes$/m);
  assert.match(described, new RegExp(`^token:      ${token.replaceAll('.', '\\.')}$`, 'm'));
  assert.match(described, /^ca\.crt:     \d+ bytes$/m);

  const whoami = await k('auth', 'whoami', `--token=${token}`);
  assert.equal(
    whoami.stdout,
    `ATTRIBUTE   VALUE\nUsername    system:serviceaccount:default:build-robot\nUID         ${uid}\nGroups      [system:serviceaccounts system:serviceaccounts:default system:authenticated]\n`,
    whoami.stderr,
  );
  const pods = await k('get', 'pods', `--token=${token}`);
  assert.equal(pods.stderr, 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:build-robot" cannot list resource "pods" in API group "" in the namespace "default"\n');

  assert.equal((await k('delete', 'serviceaccount', 'build-robot')).code, 0);
  await waitFor(async () => (await k('get', 'secret', 'build-robot-secret')).code !== 0, { what: 'the Secret deleted with its account' });
  const after = await k('get', 'pods', `--token=${token}`);
  assert.equal(after.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
});

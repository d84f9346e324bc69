// Bad input of every kind gets the real Status code, reason and message; nothing is half-written
// and the daemon keeps answering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from '../helpers/daemon.js';
import { rawRequest } from '../helpers/raw-api.js';

const json = { 'Content-Type': 'application/json' };

test('bad input', async (t) => {
  const daemon = await startDaemon(t);
  const cases: { name: string; method: string; path: string; body?: string | Buffer; headers?: Record<string, string>; token?: string; code: number; reason: string; message: string | RegExp }[] = [
    {
      name: 'a wrong token is 401 Unauthorized',
      method: 'GET', path: '/api/v1/namespaces', token: 'nope', code: 401, reason: 'Unauthorized', message: 'Unauthorized',
    },
    {
      name: 'malformed JSON is 400 BadRequest',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '{"apiVersion":"v1",', headers: json, code: 400, reason: 'BadRequest', message: /^couldn't get version\/kind; json parse error: /,
    },
    {
      name: 'malformed YAML is 400 BadRequest',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: 'a: [b\n', headers: { 'Content-Type': 'application/yaml' }, code: 400, reason: 'BadRequest', message: /^couldn't get version\/kind; yaml parse error: /,
    },
    {
      name: 'garbage protobuf is 400 BadRequest',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff]), headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' }, code: 400, reason: 'BadRequest', message: /.+/,
    },
    {
      name: 'an unknown content type is 415',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: 'x', headers: { 'Content-Type': 'text/plain' }, code: 415, reason: 'UnsupportedMediaType', message: /^the body of the request was in an unknown format/,
    },
    {
      name: 'an unknown field under Strict is 400 with the strict decoding error',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, datta: {} }), headers: json,
      code: 400, reason: 'BadRequest', message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"',
    },
    {
      name: 'a wrong type is 400 with Go\'s unmarshal wording',
      method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'three' } }), headers: json,
      code: 400, reason: 'BadRequest', message: 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'a name that is not DNS-1123 is 422 Invalid',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }), headers: json,
      code: 422, reason: 'Invalid', message: `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    },
    {
      name: 'a body over 3 MiB is 413',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } }), headers: json,
      code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728',
    },
    {
      name: 'an unknown resource is 404',
      method: 'GET', path: '/api/v1/namespaces/default/foos', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource',
    },
    {
      name: 'a kind that does not match the URL is 400',
      method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }), headers: json, code: 400, reason: 'BadRequest', message: /kind/,
    },
    {
      name: 'a bad label selector is 400',
      method: 'GET', path: '/api/v1/namespaces/default/pods?labelSelector=a%20in%20(', code: 400, reason: 'BadRequest', message: /.+/,
    },
    {
      name: 'an unsupported field selector is 400',
      method: 'GET', path: '/api/v1/namespaces/default/pods?fieldSelector=spec.foo%3Dx', code: 400, reason: 'BadRequest', message: 'field label not supported: spec.foo',
    },
    {
      name: 'a stale resourceVersion on update is 409 Conflict',
      method: 'PUT', path: '/api/v1/namespaces/default', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', resourceVersion: '999999' } }), headers: json,
      code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on namespaces "default": the object has been modified; please apply your changes to the latest version and try again',
    },
    {
      name: 'deletecollection of a namespaced kind across all namespaces is 405',
      method: 'DELETE', path: '/api/v1/configmaps', code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource',
    },
    {
      name: 'deletecollection of namespaces is 405, as discovery does not offer it',
      method: 'DELETE', path: '/api/v1/namespaces', code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource',
    },
    {
      name: 'a grace period that is not a number is 400',
      method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/x?gracePeriodSeconds=abc', code: 400, reason: 'BadRequest', message: 'gracePeriodSeconds: Invalid value: "abc": strconv.ParseInt: parsing "abc": invalid syntax',
    },
    {
      name: 'a grace period beyond int64 is 400',
      method: 'DELETE', path: '/api/v1/namespaces/default/pods?gracePeriodSeconds=99999999999999999999', code: 400, reason: 'BadRequest', message: 'gracePeriodSeconds: Invalid value: "99999999999999999999": strconv.ParseInt: parsing "99999999999999999999": value out of range',
    },
    {
      name: 'a watch with a bad selector is a plain 400, not a stream',
      method: 'GET', path: '/api/v1/namespaces/default/pods?watch=true&labelSelector=a%20in%20(', code: 400, reason: 'BadRequest', message: /.+/,
    },
    {
      name: 'a watch from a revision the server has not reached is 504',
      method: 'GET', path: '/api/v1/namespaces/default/pods?watch=true&resourceVersion=99999999', code: 504, reason: 'Timeout', message: /^Timeout: Too large resource version: 99999999, current: \d+$/,
    },
    {
      name: 'deleting the default namespace is forbidden',
      method: 'DELETE', path: '/api/v1/namespaces/default', code: 403, reason: 'Forbidden', message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const res = await rawRequest(daemon, c.method, c.path, c.body, c.headers, c.token);
      assert.equal(res.code, c.code, res.text);
      assert.equal(res.json?.kind, 'Status', res.text);
      assert.equal(res.json.reason, c.reason);
      assert.equal(res.json.code, c.code);
      if (typeof c.message === 'string') assert.equal(res.json.message, c.message);
      else assert.match(res.json.message, c.message);
    });
  }

  await t.test('nothing was written and the daemon still answers', async () => {
    const list = await rawRequest(daemon, 'GET', '/api/v1/namespaces/default/configmaps');
    assert.equal(list.code, 200);
    // Only what the root-ca-cert-publisher keeps in every namespace.
    assert.deepEqual(list.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['kube-root-ca.crt']);
    const ns = await daemon.kubectl('get', 'ns', 'default');
    assert.equal(ns.code, 0, ns.stderr);
  });

  await t.test('an unknown field under Warn is dropped with a warning', async () => {
    const res = await rawRequest(daemon, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'warned' }, datta: {} }), json);
    assert.equal(res.code, 201, res.text);
    assert.equal(res.headers.warning, '299 - "unknown field \\"datta\\""');
    assert.equal(res.json.datta, undefined);
  });

  await t.test('kubectl reports an unknown field in a manifest as a real server does', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\ndatta:\n  a: b\n';
    const out = await daemon.kubectlWithInput(manifest, 'apply', '-f', '-');
    assert.equal(out.code, 1);
    assert.equal(out.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"');
  });

  await t.test('controllers are never handed bad specs: the API refuses them in kubectl\'s words', async () => {
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: bad-cron\nspec:\n  schedule: "every minute"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: c\n            image: busybox\n';
    assert.equal((await daemon.kubectlWithInput(cron, 'apply', '-f', '-')).stderr.trim(), 'The CronJob "bad-cron" is invalid: spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]');
    const negative = await daemon.kubectl('create', 'deployment', 'neg', '--image=nginx', '--replicas=-2');
    assert.equal(negative.stderr.trim(), 'error: failed to create deployment: Deployment.apps "neg" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0');
    const selector = await daemon.kubectl('get', 'rs', '-l', 'app in (a');
    assert.equal(selector.stderr.trim(), 'Error from server (BadRequest): Unable to find "apps/v1, Resource=replicasets" that match label selector "app in (a", field selector "": unable to parse requirement: found \'\', expected: \',\' or \')\'');
  });
});

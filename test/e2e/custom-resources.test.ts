// CustomResourceDefinitions through the real kubectl: the CronTab walkthrough of the Kubernetes docs
// task "Extend the Kubernetes API with CustomResourceDefinitions" (a CRD refused for its mistakes or
// for a default that does not fit its schema, apply the CRD, create and list
// CronTabs by plural, singular and short name, validation, printer columns, subresources, deleting
// the CRD with its objects), a CRD refused for a name conflict, the garbage collector deleting a
// CronTab with its owner, and `kubectl get ct -w` ending with the CRD, with the lines a v1.32
// cluster prints.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { startDaemon } from '../helpers/daemon.js';
import { repoPath } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = (name: string): string => repoPath('test', 'e2e', 'fixtures', 'custom-resources', name);

/** A kubectl table with runs of spaces collapsed and a trailing age (`5s`, `2m3s`) replaced by AGE. */
function rows(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' | ').replace(/\| \d+(s|m\d*s?|h\d*m?)$/, '| AGE'));
}

test('custom resources: the CronTab walkthrough', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const k = daemon.kubectl;

  await t.test('a CRD with mistakes is refused with the apiextensions messages', async () => {
    const out = await k('apply', '-f', fixture('bad-crd.yaml'));
    assert.equal(out.code, 1);
    assert.equal(
      out.stderr,
      'The CustomResourceDefinition "crontab.stable.example.com" is invalid: \n' +
        '* metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group\n' +
        '* spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required\n' +
        '* spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:false, …}}: must have exactly one version marked as storage version\n',
    );
  });

  await t.test('a misspelt schema field is an unknown field, as kubectl sends fieldValidation=Strict', async () => {
    const out = await k('apply', '-f', fixture('typo-crd.yaml'));
    assert.equal(
      out.stderr,
      `Error from server (BadRequest): error when creating "${fixture('typo-crd.yaml')}": CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: strict decoding error: unknown field "spec.versions[0].schema.openAPIv3Schema"\n`,
    );
  });

  await t.test('a default that does not fit its own schema refuses the CRD', async () => {
    const out = await k('apply', '-f', fixture('bad-default-crd.yaml'));
    assert.equal(out.code, 1);
    assert.equal(
      out.stderr,
      'The CustomResourceDefinition "gizmos.stable.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[size].default: Invalid value: "string":  in body must be of type integer: "string"\n',
    );
  });

  await t.test('apply the CRD: it is established and listed', async () => {
    const out = await k('apply', '-f', fixture('crontab-crd.yaml'));
    assert.equal(out.stdout, 'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n', out.stderr);
    const wait = await k('wait', '--for', 'condition=Established', 'crd/crontabs.stable.example.com', '--timeout=20s');
    assert.equal(wait.stdout, 'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com condition met\n', wait.stderr);
    const crds = await k('get', 'crd');
    const [header, row] = crds.stdout.trimEnd().split('\n');
    assert.equal(header, 'NAME                          CREATED AT');
    assert.match(row!, /^crontabs\.stable\.example\.com {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const status = await k('get', 'crd', 'crontabs.stable.example.com', '-o', 'jsonpath={range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\\n"}{end}');
    assert.equal(status.stdout, 'NamesAccepted=True NoConflicts: no conflicts found\nEstablished=True InitialNamesAccepted: the initial names have been accepted\n');
    const resources = await k('api-resources', '--api-group=stable.example.com');
    assert.deepEqual(rows(resources.stdout), ['NAME | SHORTNAMES | APIVERSION | NAMESPACED | KIND', 'crontabs | ct | stable.example.com/v1 | true | CronTab']);
  });

  await t.test('create a CronTab and get it by plural, singular and short name', async () => {
    const out = await k('apply', '-f', fixture('my-crontab.yaml'));
    assert.equal(out.stdout, 'crontab.stable.example.com/my-new-cron-object created\n', out.stderr);
    for (const name of ['crontabs', 'crontab', 'ct']) {
      const got = await k('get', name);
      assert.deepEqual(rows(got.stdout), ['NAME | AGE', 'my-new-cron-object | AGE'], `kubectl get ${name}`);
    }
    const yaml = await k('get', 'crontab', 'my-new-cron-object', '-o', 'yaml');
    assert.match(yaml.stdout, /^apiVersion: stable\.example\.com\/v1\nkind: CronTab\nmetadata:\n/);
    assert.match(yaml.stdout, /\n {2}generation: 1\n {2}name: my-new-cron-object\n {2}namespace: default\n/);
    assert.match(yaml.stdout, /\nspec:\n {2}cronSpec: '\* \* \* \* \*\/5'\n {2}image: my-awesome-cron-image\n$/);
    const again = await k('apply', '-f', fixture('my-crontab.yaml'));
    assert.equal(again.stdout, 'crontab.stable.example.com/my-new-cron-object unchanged\n', again.stderr);
  });

  await t.test('kubectl get ct -w prints a row for each change', async () => {
    const child = spawn('kubectl', ['get', 'ct', '-w'], { env: { ...process.env, KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: daemon.cacheDir } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    t.after(() => child.kill('SIGKILL'));
    await waitFor(() => out.includes('my-new-cron-object'), { what: 'the initial list', timeout: 15_000 });
    const created = await daemon.kubectlWithInput('apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: watched\nspec:\n  cronSpec: "0 * * * *"\n', 'create', '-f', '-');
    assert.equal(created.stdout, 'crontab.stable.example.com/watched created\n', created.stderr);
    assert.equal((await k('delete', 'ct', 'watched')).stdout, 'crontab.stable.example.com "watched" deleted\n');
    await waitFor(() => out.split('watched').length === 3, { what: 'the rows of "watched"', timeout: 15_000 });
    child.kill('SIGTERM');
    assert.deepEqual(rows(out), ['NAME | AGE', 'my-new-cron-object | AGE', 'watched | AGE', 'watched | AGE']);
  });

  await t.test('unknown fields and wrong types are refused as a real apiserver refuses them', async () => {
    const unknown = await k('apply', '-f', fixture('unknown-field-crontab.yaml'));
    assert.equal(
      unknown.stderr,
      `Error from server (BadRequest): error when creating "${fixture('unknown-field-crontab.yaml')}": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.imagee"\n`,
    );
    const wrong = await k('apply', '-f', fixture('wrong-type-crontab.yaml'));
    assert.equal(wrong.stderr, 'The CronTab "wrong-type" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n');
    const smp = await k('patch', 'ct', 'my-new-cron-object', '-p', '{"spec":{"replicas":2}}');
    assert.equal(
      smp.stderr,
      'error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
    );
    const merge = await k('patch', 'ct', 'my-new-cron-object', '--type=merge', '-p', '{"spec":{"replicas":2}}');
    assert.equal(merge.stdout, 'crontab.stable.example.com/my-new-cron-object patched\n', merge.stderr);
  });

  await t.test('validation, printer columns and subresources of the updated CRD', async () => {
    const out = await k('apply', '-f', fixture('crontab-crd-validated.yaml'));
    assert.equal(out.stdout, 'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com configured\n', out.stderr);
    await waitFor(async () => (await k('get', 'ct')).stdout.startsWith('NAME'), { what: 'the new columns', timeout: 10_000 });
    const invalid = await k('apply', '-f', fixture('invalid-crontab.yaml'));
    assert.equal(
      invalid.stderr,
      'The CronTab "my-new-cron-object" is invalid: \n' +
        "* spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'\n" +
        '* spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10\n',
    );
    assert.deepEqual(rows((await k('get', 'crontab')).stdout), ['NAME | SPEC | REPLICAS | AGE', 'my-new-cron-object | * * * * */5 | 2 | AGE']);
    assert.deepEqual(rows((await k('get', 'crontab', '-o', 'wide')).stdout), ['NAME | SPEC | REPLICAS | IMAGE | AGE', 'my-new-cron-object | * * * * */5 | 2 | my-awesome-cron-image | AGE']);

    const scaled = await k('scale', 'ct', 'my-new-cron-object', '--replicas=5');
    assert.equal(scaled.stdout, 'crontab.stable.example.com/my-new-cron-object scaled\n', scaled.stderr);
    assert.equal((await k('get', 'ct', 'my-new-cron-object', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}')).stdout, '5 3');
    // With the status subresource, .status changes only through /status, and leaves the generation alone.
    const status = await k('patch', 'ct', 'my-new-cron-object', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":5}}');
    assert.equal(status.stdout, 'crontab.stable.example.com/my-new-cron-object patched\n', status.stderr);
    const ignored = await k('patch', 'ct', 'my-new-cron-object', '--type=merge', '-p', '{"status":{"replicas":9}}');
    assert.equal(ignored.stdout, 'crontab.stable.example.com/my-new-cron-object patched (no change)\n', ignored.stderr);
    assert.equal((await k('get', 'ct', 'my-new-cron-object', '-o', 'jsonpath={.status.replicas} {.metadata.generation}')).stdout, '5 3');
    // The default of spec.replicas fills a new object.
    const defaulted = await daemon.kubectlWithInput('apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: defaulted\nspec:\n  cronSpec: "0 * * * *"\n', 'create', '-f', '-', '-o', 'jsonpath={.spec.replicas}');
    assert.equal(defaulted.stdout, '1', defaulted.stderr);
  });

  await t.test('kubectl explain reads the CRD schema', async () => {
    const out = await k('explain', 'crontab.spec');
    assert.match(out.stdout, /^GROUP: {6}stable\.example\.com\nKIND: {7}CronTab\nVERSION: {4}v1\n\nFIELD: spec <Object>\n/);
    assert.match(out.stdout, /\n {2}replicas\t<integer>\n/);
  });

  await t.test('deleting a namespace deletes its CronTabs', async () => {
    assert.equal((await k('create', 'namespace', 'cron-team')).code, 0);
    const created = await k('apply', '-n', 'cron-team', '-f', fixture('my-crontab.yaml'));
    assert.equal(created.stdout, 'crontab.stable.example.com/my-new-cron-object created\n', created.stderr);
    const deleted = await k('delete', 'namespace', 'cron-team', '--timeout=60s');
    assert.equal(deleted.stdout, 'namespace "cron-team" deleted\n', deleted.stderr);
    assert.deepEqual(rows((await k('get', 'ct', '-A')).stdout), [
      'NAMESPACE | NAME | SPEC | REPLICAS | AGE',
      'default | defaulted | 0 * * * * | 1 | AGE',
      'default | my-new-cron-object | * * * * */5 | 5 | AGE',
    ]);
  });

  await t.test('a CRD wanting a name another CRD of the group holds is not established', async () => {
    const conflicting = fixture('conflicting-crd.yaml');
    assert.equal((await k('apply', '-f', conflicting)).stdout, 'customresourcedefinition.apiextensions.k8s.io/cronjobs.stable.example.com created\n');
    const conditions = 'jsonpath={range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\\n"}{end}';
    await waitFor(async () => (await k('get', 'crd', 'cronjobs.stable.example.com', '-o', conditions)).stdout.includes('NamesAccepted'), { what: 'the naming conditions', timeout: 10_000 });
    const status = await k('get', 'crd', 'cronjobs.stable.example.com', '-o', conditions);
    assert.equal(status.stdout, 'NamesAccepted=False ShortNamesConflict: "ct" is already in use\nEstablished=False NotAccepted: not all names are accepted\n');
    const resources = await k('api-resources', '--api-group=stable.example.com');
    assert.deepEqual(rows(resources.stdout), ['NAME | SHORTNAMES | APIVERSION | NAMESPACED | KIND', 'crontabs | ct | stable.example.com/v1 | true | CronTab']);
    const deleted = await k('delete', '-f', conflicting);
    assert.equal(deleted.stdout, 'customresourcedefinition.apiextensions.k8s.io "cronjobs.stable.example.com" deleted\n', deleted.stderr);
  });

  await t.test('the garbage collector deletes a CronTab whose Deployment is deleted', async () => {
    assert.equal((await k('create', 'deployment', 'cron-owner', '--image=nginx', '--replicas=0')).code, 0);
    const uid = (await k('get', 'deployment', 'cron-owner', '-o', 'jsonpath={.metadata.uid}')).stdout;
    const owned = `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: owned\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: Deployment\n    name: cron-owner\n    uid: ${uid}\nspec:\n  cronSpec: "0 * * * *"\n`;
    const created = await daemon.kubectlWithInput(owned, 'create', '-f', '-');
    assert.equal(created.stdout, 'crontab.stable.example.com/owned created\n', created.stderr);
    assert.equal((await k('delete', 'deployment', 'cron-owner')).stdout, 'deployment.apps "cron-owner" deleted\n');
    await waitFor(async () => (await k('get', 'ct', 'owned')).stderr === 'Error from server (NotFound): crontabs.stable.example.com "owned" not found\n', { what: 'the owned CronTab deleted', timeout: 15_000 });
  });

  await t.test('deleting the CRD deletes its CronTabs, ends watches and stops serving them', async () => {
    const child = spawn('kubectl', ['get', 'ct', '-w'], { env: { ...process.env, KUBECONFIG: daemon.kubeconfig, KUBECACHEDIR: daemon.cacheDir } });
    let watched = '';
    let err = '';
    child.stdout.on('data', (d) => (watched += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    t.after(() => child.kill('SIGKILL'));
    await waitFor(() => watched.includes('my-new-cron-object'), { what: 'the initial list', timeout: 15_000 });
    const out = await k('delete', 'crd', 'crontabs.stable.example.com');
    assert.equal(out.stdout, 'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n', out.stderr);
    const code = await exited;
    assert.deepEqual({ code, err }, { code: 0, err: '' });
    assert.equal((await k('get', 'crd')).stderr, 'No resources found\n');
    const raw = await k('get', '--raw', '/apis/stable.example.com/v1/namespaces/default/crontabs');
    assert.equal(raw.stderr, 'Error from server (NotFound): the server could not find the requested resource\n');
    // Created again, the kind starts empty: the old objects went with the CRD.
    assert.equal((await k('apply', '-f', fixture('crontab-crd.yaml'))).code, 0);
    await k('wait', '--for', 'condition=Established', 'crd/crontabs.stable.example.com', '--timeout=20s');
    const list = await k('get', '--raw', '/apis/stable.example.com/v1/namespaces/default/crontabs');
    assert.deepEqual(JSON.parse(list.stdout).items, []);
  });
});

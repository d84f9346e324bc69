// Bodies and expected texts from Kubernetes' own field validation integration test
// (test/integration/apiserver/field_validation_test.go, v1.32).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInput } from '../../../../../daemon/apiserver/codec/input-check.js';
import { decodeObjectBody, decodePatchBody } from '../../../../../daemon/apiserver/codec/body.js';
import { newContext } from '../../../../../daemon/apiserver/request-context.js';
import { findResource } from '../../../../../shared/api/resources.js';
import { isStatusError } from '../../../../../shared/api/errors.js';
import type { FieldValidation } from '../../../../../shared/client/client.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';

const deployments = findResource('apps', 'v1', 'deployments')!;

const invalidBodyJSON = `{
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "dupename", "name": "web", "labels": {"app": "nginx"}, "unknownMeta": "metaVal"},
  "spec": {
    "unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2", "paused": true, "paused": false,
    "selector": {"matchLabels": {"app": "nginx"}},
    "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{
      "name": "nginx", "image": "nginx:latest", "unknownNested": "val1", "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}}}`;

const invalidBodyYAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dupename
  name: web
  unknownMeta: metaVal
  labels:
    app: nginx
spec:
  unknown1: val1
  unknownDupe: valDupe
  unknownDupe: valDupe2
  paused: true
  paused: false
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        unknownNested: val1
        imagePullPolicy: Always
        imagePullPolicy: Never`;

async function decodeAndCheck(contentType: string, body: string, validation: FieldValidation): Promise<{ obj: KubeObject; warnings: string[] }> {
  const ctx = newContext({ fieldValidation: validation });
  const input = (await decodeObjectBody(contentType, Buffer.from(body), ctx)) as KubeObject;
  return { obj: checkInput(deployments, input, ctx), warnings: ctx.warnings };
}

function strictMessage(err: unknown): string {
  assert.ok(isStatusError(err) && err.code === 400, String(err));
  return err.status.message!;
}

test('Strict lists repeated and unknown fields of a JSON body in document order', async () => {
  await assert.rejects(decodeAndCheck('application/json', invalidBodyJSON, 'Strict'), (err) => {
    assert.equal(
      strictMessage(err),
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "metadata.name", unknown field "metadata.unknownMeta", unknown field "spec.unknown1", unknown field "spec.unknownDupe", duplicate field "spec.paused", unknown field "spec.template.spec.containers[0].unknownNested", duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
    );
    return true;
  });
});

test('Warn turns each into a warning and keeps the last value of a repeated key', async () => {
  const { obj, warnings } = await decodeAndCheck('application/json', invalidBodyJSON, 'Warn');
  assert.deepEqual(warnings, [
    'duplicate field "metadata.name"',
    'unknown field "metadata.unknownMeta"',
    'unknown field "spec.unknown1"',
    'unknown field "spec.unknownDupe"',
    'duplicate field "spec.paused"',
    'unknown field "spec.template.spec.containers[0].unknownNested"',
    'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
  ]);
  assert.equal(obj.metadata.name, 'web');
  assert.equal(obj.spec.paused, false);
});

test('Ignore says nothing', async () => {
  const { warnings } = await decodeAndCheck('application/json', invalidBodyJSON, 'Ignore');
  assert.deepEqual(warnings, []);
});

test('a YAML body reports go-yaml\'s repeated keys first, then the unknown fields in key order', async () => {
  await assert.rejects(decodeAndCheck('application/yaml', invalidBodyYAML, 'Strict'), (err) => {
    assert.equal(
      strictMessage(err),
      `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: yaml: unmarshal errors:
  line 5: key "name" already set in map
  line 12: key "unknownDupe" already set in map
  line 14: key "paused" already set in map
  line 28: key "imagePullPolicy" already set in map, unknown field "metadata.unknownMeta", unknown field "spec.template.spec.containers[0].unknownNested", unknown field "spec.unknown1", unknown field "spec.unknownDupe"`,
    );
    return true;
  });
  const { warnings } = await decodeAndCheck('application/yaml', invalidBodyYAML, 'Warn');
  assert.deepEqual(warnings, [
    'line 5: key "name" already set in map',
    'line 12: key "unknownDupe" already set in map',
    'line 14: key "paused" already set in map',
    'line 28: key "imagePullPolicy" already set in map',
    'unknown field "metadata.unknownMeta"',
    'unknown field "spec.template.spec.containers[0].unknownNested"',
    'unknown field "spec.unknown1"',
    'unknown field "spec.unknownDupe"',
  ]);
});

test('a patch reports its own repeated keys first, unknown ones included', () => {
  const ctx = newContext({ fieldValidation: 'Warn' });
  const body = '{"spec": {"unknownDupe": "a", "unknownDupe": "b", "paused": true, "paused": false}}';
  const { patch } = decodePatchBody('application/merge-patch+json', Buffer.from(body), ctx);
  const patched = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: (patch as KubeObject).spec } as KubeObject;
  checkInput(deployments, patched, ctx);
  assert.deepEqual(ctx.warnings, ['duplicate field "spec.unknownDupe"', 'duplicate field "spec.paused"', 'unknown field "spec.unknownDupe"']);
});

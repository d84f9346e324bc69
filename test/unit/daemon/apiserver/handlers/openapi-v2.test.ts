import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import {
  negotiateOpenApiV2,
  openapiV2Document,
  openapiV2Json,
  openapiV2Protobuf,
  openapiV2ProtobufType,
  openapiV2Response,
} from '../../../../../daemon/apiserver/handlers/openapi-v2.js';
import { resources } from '../../../../../shared/api/resources.js';

/** A decoded message: field number → the raw values, in wire order (bytes for length-delimited, numbers for varints). */
type Fields = Map<number, (Uint8Array | number)[]>;

function decode(bytes: Uint8Array): Fields {
  const reader = protobuf.Reader.create(bytes);
  const fields: Fields = new Map();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    let value: Uint8Array | number;
    if (wire === 0) value = reader.uint32();
    else if (wire === 2) value = reader.bytes();
    else throw new Error(`unexpected wire type ${wire} for field ${field}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const text = (value: Uint8Array | number | undefined): string => Buffer.from(value as Uint8Array).toString('utf8');
const messages = (fields: Fields, field: number): Fields[] => (fields.get(field) ?? []).map((v) => decode(v as Uint8Array));
const one = (fields: Fields, field: number): Fields => {
  const all = messages(fields, field);
  assert.equal(all.length, 1, `field ${field} once`);
  return all[0];
};
const str = (fields: Fields, field: number): string => text(fields.get(field)?.[0]);

/** Document.paths (8) → Paths.path (2) → NamedPathItem {name 1, value 2}. */
function pathItems(doc: Fields): Map<string, Fields> {
  const out = new Map<string, Fields>();
  for (const named of messages(one(doc, 8), 2)) out.set(str(named, 1), one(named, 2));
  return out;
}

/** Operation.vendor_extension (13) → NamedAny {name 1, value: Any {yaml 2}}. */
function extensions(operation: Fields): Map<string, string> {
  const out = new Map<string, string>();
  for (const named of messages(operation, 13)) out.set(str(named, 1), str(one(named, 2), 2));
  return out;
}

/** ParametersItem.parameter (1) → Parameter.non_body_parameter (2) → query (3) or path (4) sub-schema. */
function queryParameterNames(operation: Fields): string[] {
  return messages(operation, 8).flatMap((item) => messages(one(one(item, 1), 2), 3).map((query) => str(query, 4)));
}

describe('openapiV2Protobuf', () => {
  const doc = decode(openapiV2Protobuf().bytes);
  const paths = pathItems(doc);

  it('is a Swagger 2.0 document with info and no definitions', () => {
    assert.equal(str(doc, 1), '2.0');
    assert.equal(str(one(doc, 2), 1), 'Kubernetes');
    assert.equal(doc.has(9), false, 'no definitions: kubectl must fall back to its compiled-in types for patches');
  });

  it('gives Deployment a PATCH operation with its GVK, the patch action and fieldValidation', () => {
    const item = paths.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
    assert.ok(item);
    const patch = one(item, 8);
    const ext = extensions(patch);
    assert.equal(ext.get('x-kubernetes-group-version-kind'), 'group: apps\nkind: Deployment\nversion: v1\n');
    assert.equal(ext.get('x-kubernetes-action'), 'patch\n');
    assert.ok(queryParameterNames(patch).includes('fieldValidation'));
    assert.equal(str(patch, 5), 'patchAppsV1NamespacedDeployment');
  });

  it('writes the fieldValidation query parameter with its in, type and uniqueItems', () => {
    const patch = one(paths.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}') as Fields, 8);
    const query = messages(patch, 8)
      .map((item) => one(one(one(item, 1), 2), 3))
      .find((q) => str(q, 4) === 'fieldValidation');
    assert.ok(query);
    assert.equal(str(query, 2), 'query');
    assert.equal(str(query, 6), 'string');
    assert.deepEqual(query.get(20), [1]);
  });

  it('quotes the core group and uses cluster-scoped paths for cluster-scoped kinds', () => {
    const cm = one(paths.get('/api/v1/namespaces/{namespace}/configmaps/{name}') as Fields, 8);
    assert.equal(extensions(cm).get('x-kubernetes-group-version-kind'), 'group: ""\nkind: ConfigMap\nversion: v1\n');
    const ns = paths.get('/api/v1/namespaces/{name}');
    assert.ok(ns);
    assert.equal(extensions(one(ns, 8)).get('x-kubernetes-group-version-kind'), 'group: ""\nkind: Namespace\nversion: v1\n');
  });

  it('covers every served kind exactly once', () => {
    assert.equal(paths.size, resources.length);
    const gvks = [...paths.values()].map((item) => extensions(one(item, 8)).get('x-kubernetes-group-version-kind'));
    for (const info of resources) {
      const group = info.group === '' ? '""' : info.group;
      assert.ok(gvks.includes(`group: ${group}\nkind: ${info.kind}\nversion: ${info.version}\n`), `${info.group}/${info.version} ${info.kind}`);
    }
  });

  it('is built once', () => {
    assert.equal(openapiV2Protobuf(), openapiV2Protobuf());
    assert.match(openapiV2Protobuf().etag, /^[0-9A-F]{128}$/);
  });
});

describe('openapiV2Json', () => {
  it('has the same paths as the protobuf form', () => {
    const json = JSON.parse(openapiV2Json().bytes.toString('utf8'));
    assert.deepEqual(Object.keys(json.paths), [...pathItems(decode(openapiV2Protobuf().bytes)).keys()]);
    const patch = json.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal(json.definitions, undefined);
    assert.deepEqual(openapiV2Document().paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch, patch);
  });
});

describe('negotiateOpenApiV2', () => {
  it('serves protobuf for either spelling kubectl may send and JSON for json or a wildcard', () => {
    assert.equal(negotiateOpenApiV2('application/com.github.proto-openapi.spec.v2@v1.0+protobuf'), 'protobuf');
    assert.equal(negotiateOpenApiV2('application/com.github.proto-openapi.spec.v2.v1.0+protobuf'), 'protobuf');
    assert.equal(negotiateOpenApiV2('application/json'), 'json');
    assert.equal(negotiateOpenApiV2(undefined), 'json');
    assert.equal(negotiateOpenApiV2('*/*'), 'json');
    assert.equal(negotiateOpenApiV2('application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf'), 'protobuf');
    assert.equal(negotiateOpenApiV2('text/html'), undefined);
  });
});

describe('openapiV2Response', () => {
  it('answers protobuf with the content type Go can parse, an ETag and Vary', () => {
    const answer = openapiV2Response('application/com.github.proto-openapi.spec.v2@v1.0+protobuf', undefined);
    assert.ok(answer);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['Content-Type'], openapiV2ProtobufType);
    assert.equal(answer.headers.Vary, 'Accept');
    assert.equal(answer.body, openapiV2Protobuf().bytes);
  });

  it('answers 304 when the ETag matches', () => {
    const etag = `"${openapiV2Protobuf().etag}"`;
    const answer = openapiV2Response('application/com.github.proto-openapi.spec.v2.v1.0+protobuf', etag);
    assert.equal(answer?.status, 304);
    assert.equal(answer?.body.length, 0);
  });

  it('answers nothing for an unacceptable type', () => {
    assert.equal(openapiV2Response('text/html', undefined), undefined);
  });
});

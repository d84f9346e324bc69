/**
 * The OpenAPI v2 document at `/openapi/v2`, for kubectl 1.27 and 1.28. Their `--validate=strict`
 * (the default of apply, create -f, replace -f) downloads v2 before anything else and gives up when it
 * is missing; kubectl 1.29+ read v3 (handlers/openapi.ts) and only fall back to v2 for patching.
 *
 * The document holds paths and nothing else: per served kind one path item whose PATCH operation
 * names the kind in `x-kubernetes-group-version-kind` and takes the `fieldValidation` query
 * parameter. That is all cli-runtime's v2 query-param verifier looks at, and finding it makes
 * kubectl leave validation to the server (it sends `fieldValidation=Strict` and validates nothing
 * client-side). There are deliberately no `definitions`: with none, kubectl finds no model for a
 * kind and computes strategic merge patches from its compiled-in types, which are right for every
 * built-in kind (reference/kubectl-compat.md §3.2; same reasoning as the v3 PATCH operations
 * without requestBody).
 *
 * kubectl asks only for protobuf: gnostic's `openapi.v2.Document` (google/gnostic-models
 * openapiv2/OpenAPIv2.proto). The JSON form is the same document, for `Accept: application/json`.
 * Both are built once, on first use, and cached. Pure functions: the server does the HTTP.
 */
import { createHash } from 'node:crypto';
import protobuf from 'protobufjs/minimal.js';
import { groupVersionPath, resources, type GroupVersionKind, type ResourceInfo } from '../../../shared/api/resources.js';
import { kubernetesVersion } from '../version.js';

/**
 * What the real apiserver (kube-openapi's handler) answers for protobuf, whichever of the two
 * spellings was asked for. Not the `…spec.v2@v1.0+protobuf` that kubectl sends in Accept: Go's
 * mime.ParseMediaType rejects the `@`, and client-go would turn the response into an error.
 */
export const openapiV2ProtobufType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** A non-body parameter as Swagger 2.0 writes it; the subset we emit. */
export interface SwaggerParameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  type: 'string' | 'boolean';
  required?: boolean;
  uniqueItems?: boolean;
}

export interface SwaggerOperation {
  description: string;
  consumes: string[];
  produces: string[];
  schemes: string[];
  tags: string[];
  operationId: string;
  parameters: SwaggerParameter[];
  responses: Record<string, { description: string }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': GroupVersionKind;
}

export interface SwaggerPathItem {
  patch: SwaggerOperation;
  parameters: SwaggerParameter[];
}

/** The JSON body of `GET /openapi/v2`. */
export interface SwaggerDocument {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, SwaggerPathItem>;
}

/** A served form of the document: its bytes and their ETag (upper-case hex SHA-512, as kube-openapi). */
export interface OpenApiV2Body {
  bytes: Buffer;
  etag: string;
}

let document: SwaggerDocument | undefined;
let protobufBody: OpenApiV2Body | undefined;
let jsonBody: OpenApiV2Body | undefined;

/** The v2 document as JSON-shaped data. Built once and cached: callers must not modify it. */
export function openapiV2Document(): SwaggerDocument {
  if (!document) {
    const paths: SwaggerDocument['paths'] = {};
    for (const info of resources) paths[resourcePath(info)] = pathItem(info);
    document = { swagger: '2.0', info: { title: 'Kubernetes', version: kubernetesVersion }, paths };
  }
  return document;
}

/** The document as gnostic protobuf, what kubectl asks for. */
export function openapiV2Protobuf(): OpenApiV2Body {
  protobufBody ??= withEtag(encodeDocument(openapiV2Document()));
  return protobufBody;
}

/** The document as JSON. */
export function openapiV2Json(): OpenApiV2Body {
  jsonBody ??= withEtag(Buffer.from(JSON.stringify(openapiV2Document())));
  return jsonBody;
}

/**
 * Which form an Accept header gets, negotiated like kube-openapi: the first clause (by q, then by
 * order) that matches JSON or either protobuf spelling; `*` matches JSON first. Undefined means 406.
 */
export function negotiateOpenApiV2(accept: string | undefined): 'json' | 'protobuf' | undefined {
  const offered: [string, string, 'json' | 'protobuf'][] = [
    ['application', 'json', 'json'],
    ['application', 'com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
    ['application', 'com.github.proto-openapi.spec.v2.v1.0+protobuf', 'protobuf'],
  ];
  const clauses = (accept?.trim() ? accept : '*/*')
    .split(',')
    .map((raw, index) => {
      const [range, ...params] = raw.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      const [type, subType = ''] = range.split('/');
      return { type, subType, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((c) => c.type && c.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const clause of clauses) {
    for (const [type, subType, form] of offered) {
      if ((clause.type === type || clause.type === '*') && (clause.subType === subType || clause.subType === '*')) return form;
    }
  }
  return undefined;
}

/** A response to `GET /openapi/v2` for the server to write. */
export interface OpenApiV2Response {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The answer for an Accept and If-None-Match header pair, or undefined when no form is acceptable
 * (the server answers 406). Carries kube-openapi's ETag and `Vary: Accept`.
 */
export function openapiV2Response(accept: string | undefined, ifNoneMatch: string | undefined): OpenApiV2Response | undefined {
  const form = negotiateOpenApiV2(accept);
  if (!form) return undefined;
  const { bytes, etag } = form === 'json' ? openapiV2Json() : openapiV2Protobuf();
  const headers = {
    'Content-Type': form === 'json' ? 'application/json' : openapiV2ProtobufType,
    Etag: JSON.stringify(etag),
    Vary: 'Accept',
  };
  const matches = ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === headers.Etag || tag.trim() === '*');
  return matches ? { status: 304, headers, body: Buffer.alloc(0) } : { status: 200, headers, body: bytes };
}

function withEtag(bytes: Buffer): OpenApiV2Body {
  return { bytes, etag: createHash('sha512').update(bytes).digest('hex').toUpperCase() };
}

function resourcePath(info: ResourceInfo): string {
  const base = groupVersionPath(info.group, info.version);
  return info.namespaced ? `${base}/namespaces/{namespace}/${info.resource}/{name}` : `${base}/${info.resource}/{name}`;
}

// The patch types the real PATCH operations list; kubectl does not read them, people reading the JSON might.
const patchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function pathItem(info: ResourceInfo): SwaggerPathItem {
  const gvk: GroupVersionKind = { group: info.group, version: info.version, kind: info.kind };
  const { tag, operationPart } = operationNames(info.group, info.version);
  const kindPart = (info.namespaced ? 'Namespaced' : '') + info.kind;
  const pathParams: SwaggerParameter[] = [
    { name: 'name', in: 'path', description: `name of the ${info.kind}`, type: 'string', required: true, uniqueItems: true },
  ];
  if (info.namespaced) {
    pathParams.push({ name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', type: 'string', required: true, uniqueItems: true });
  }
  pathParams.push({ name: 'pretty', in: 'query', description: "If 'true', then the output is pretty printed.", type: 'string', uniqueItems: true });
  return {
    patch: {
      description: `partially update the specified ${info.kind}`,
      consumes: patchTypes,
      produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
      schemes: ['https'],
      tags: [tag],
      operationId: `patch${operationPart}${kindPart}`,
      // The verifier scans these for a query parameter named fieldValidation; the others make the
      // operation read like the real one.
      parameters: [
        { name: 'dryRun', in: 'query', description: 'When present, indicates that modifications should not be persisted.', type: 'string', uniqueItems: true },
        { name: 'fieldManager', in: 'query', description: 'fieldManager is a name associated with the actor or entity that is making these changes.', type: 'string', uniqueItems: true },
        {
          name: 'fieldValidation',
          in: 'query',
          description: 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.',
          type: 'string',
          uniqueItems: true,
        },
        { name: 'force', in: 'query', description: 'Force is going to "force" Apply requests. It must be unset for non-apply patch requests.', type: 'boolean', uniqueItems: true },
      ],
      responses: { '200': { description: 'OK' }, '201': { description: 'Created' }, '401': { description: 'Unauthorized' } },
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': gvk,
    },
    parameters: pathParams,
  };
}

/** `apps_v1` / `AppsV1`, `core_v1` / `CoreV1`, `networking_v1` / `NetworkingV1`: the real tag and operationId parts. */
function operationNames(group: string, version: string): { tag: string; operationPart: string } {
  const name = group === '' ? 'core' : group.split('.')[0];
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return { tag: `${name}_${version}`, operationPart: `${capital(name)}${capital(version)}` };
}

// ---- gnostic protobuf encoding --------------------------------------------------------------------
// Field numbers from google/gnostic-models openapiv2/OpenAPIv2.proto. Every field here is a string,
// a bool or a message; messages are written length-delimited with Writer.fork()/ldelim().

type Writer = protobuf.Writer;

const Document = { swagger: 1, info: 2, paths: 8 } as const;
const Info = { title: 1, version: 2 } as const;
const Paths = { path: 2 } as const;
const NamedPathItem = { name: 1, value: 2 } as const;
const PathItem = { patch: 8, parameters: 9 } as const;
const Operation = { tags: 1, description: 3, operationId: 5, produces: 6, consumes: 7, parameters: 8, responses: 9, schemes: 10, vendorExtension: 13 } as const;
const ParametersItem = { parameter: 1 } as const;
const Parameter = { nonBodyParameter: 2 } as const;
const NonBodyParameter = { query: 3, path: 4 } as const;
// QueryParameterSubSchema and PathParameterSubSchema agree up to name, then diverge: query has
// allow_empty_value at 5, so its type is 6 and unique_items 20; path's type is 5 and unique_items 19.
const QueryParameter = { required: 1, in: 2, description: 3, name: 4, type: 6, uniqueItems: 20 } as const;
const PathParameter = { required: 1, in: 2, description: 3, name: 4, type: 5, uniqueItems: 19 } as const;
const Responses = { responseCode: 1 } as const;
const NamedResponseValue = { name: 1, value: 2 } as const;
const ResponseValue = { response: 1 } as const;
const Response = { description: 1 } as const;
const NamedAny = { name: 1, value: 2 } as const;
const Any = { yaml: 2 } as const;

const wireVarint = 0;
const wireBytes = 2;

function encodeDocument(doc: SwaggerDocument): Buffer {
  const w = protobuf.Writer.create();
  string(w, Document.swagger, doc.swagger);
  message(w, Document.info, () => {
    string(w, Info.title, doc.info.title);
    string(w, Info.version, doc.info.version);
  });
  message(w, Document.paths, () => {
    for (const [name, item] of Object.entries(doc.paths)) {
      message(w, Paths.path, () => {
        string(w, NamedPathItem.name, name);
        message(w, NamedPathItem.value, () => encodePathItem(w, item));
      });
    }
  });
  return Buffer.from(w.finish());
}

function encodePathItem(w: Writer, item: SwaggerPathItem): void {
  // Field order follows the field numbers, as Go's proto.Marshal writes them.
  message(w, PathItem.patch, () => encodeOperation(w, item.patch));
  for (const p of item.parameters) message(w, PathItem.parameters, () => encodeParameter(w, p));
}

function encodeOperation(w: Writer, op: SwaggerOperation): void {
  for (const tag of op.tags) string(w, Operation.tags, tag);
  string(w, Operation.description, op.description);
  string(w, Operation.operationId, op.operationId);
  for (const type of op.produces) string(w, Operation.produces, type);
  for (const type of op.consumes) string(w, Operation.consumes, type);
  for (const p of op.parameters) message(w, Operation.parameters, () => encodeParameter(w, p));
  message(w, Operation.responses, () => {
    for (const [code, response] of Object.entries(op.responses)) {
      message(w, Responses.responseCode, () => {
        string(w, NamedResponseValue.name, code);
        message(w, NamedResponseValue.value, () => message(w, ResponseValue.response, () => string(w, Response.description, response.description)));
      });
    }
  });
  for (const scheme of op.schemes) string(w, Operation.schemes, scheme);
  vendorExtension(w, Operation.vendorExtension, 'x-kubernetes-action', yamlScalar(op['x-kubernetes-action']));
  vendorExtension(w, Operation.vendorExtension, 'x-kubernetes-group-version-kind', yamlMap(op['x-kubernetes-group-version-kind']));
}

/** A ParametersItem holding a Parameter holding a NonBodyParameter holding the query or path sub-schema. */
function encodeParameter(w: Writer, p: SwaggerParameter): void {
  const numbers = p.in === 'query' ? QueryParameter : PathParameter;
  message(w, ParametersItem.parameter, () =>
    message(w, Parameter.nonBodyParameter, () =>
      message(w, p.in === 'query' ? NonBodyParameter.query : NonBodyParameter.path, () => {
        bool(w, numbers.required, p.required ?? false);
        string(w, numbers.in, p.in);
        string(w, numbers.description, p.description);
        string(w, numbers.name, p.name);
        string(w, numbers.type, p.type);
        bool(w, numbers.uniqueItems, p.uniqueItems ?? false);
      }),
    ),
  );
}

/** A NamedAny whose Any carries the value as YAML, as gnostic converts vendor extensions. */
function vendorExtension(w: Writer, field: number, name: string, yaml: string): void {
  message(w, field, () => {
    string(w, NamedAny.name, name);
    message(w, NamedAny.value, () => string(w, Any.yaml, yaml));
  });
}

function message(w: Writer, field: number, body: () => void): void {
  w.uint32((field << 3) | wireBytes).fork();
  body();
  w.ldelim();
}

// proto3 leaves default values (empty string, false) off the wire.
function string(w: Writer, field: number, value: string): void {
  if (value !== '') w.uint32((field << 3) | wireBytes).string(value);
}

function bool(w: Writer, field: number, value: boolean): void {
  if (value) w.uint32((field << 3) | wireVarint).bool(true);
}

/**
 * `group: apps\nkind: Deployment\nversion: v1\n`: keys sorted, as gnostic's YAML has them. kubectl
 * reads it with sigs.k8s.io/yaml into a map of strings, so the core group must be `""`, not empty.
 */
function yamlMap(value: GroupVersionKind): string {
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([k, v]) => `${k}: ${yamlString(v)}\n`).join('');
}

function yamlScalar(value: string): string {
  return `${yamlString(value)}\n`;
}

/** Plain when YAML would read it back as the same string; double-quoted (JSON is valid YAML) otherwise. */
function yamlString(value: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9._/-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

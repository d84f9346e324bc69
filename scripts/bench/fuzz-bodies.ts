/**
 * Generators (fast-check) for the bodies of the bad-input campaign (issue #9, item 3): objects with
 * wrong types and unknown fields, truncated and garbage JSON, YAML (alias bombs included), the
 * protobuf envelope with random bytes, deep nesting, huge strings, and patch documents of every
 * kind (JSON patch ops, merge patches with nulls, strategic-merge directives). Generating bodies by
 * hand would miss what a property-based library finds: fast-check shrinks and replays by seed.
 * Numbers are drawn from a small set on purpose: a generated `replicas: 1000000` that happens to be
 * valid would make the controllers create a million pods instead of testing the API's edges.
 */
import fc from 'fast-check';

export interface FuzzBody {
  contentType: string;
  body: string | Buffer;
}

/** Values of every JSON type, with the numbers that sit on int32 and int64 edges. */
const numbers = fc.constantFrom(-1, 0, 1, 3, 0.5, -2147483649, 2147483648, 9007199254740993, 1e30, -0);
const shortText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', 'true', '1', '-1', 'Always', 'TCP', 'nginx', '../../etc/passwd', '${HOME}', '$(cat /etc/passwd)', '\u0000', 'é', '\ud800'),
);
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    shortText,
    numbers,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(shortText, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A well-formed object of each fuzzed kind, named from the same small pool as the paths. */
export function skeleton(kind: string, name: string): Record<string, unknown> {
  const metadata = { name, labels: { app: 'fuzz' } };
  const container = { name: 'c', image: 'busybox', command: ['sleep', '3600'] };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata, spec: { containers: [container] } };
    case 'Deployment':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { replicas: 1, selector: { matchLabels: { app: 'fuzz' } }, template: { metadata: { labels: { app: 'fuzz' } }, spec: { containers: [container] } } } };
    case 'Service':
      return { apiVersion: 'v1', kind, metadata, spec: { selector: { app: 'fuzz' }, ports: [{ port: 80, targetPort: 8080 }] } };
    case 'Secret':
      return { apiVersion: 'v1', kind, metadata, type: 'Opaque', data: { key: 'dmFsdWU=' } };
    case 'Namespace':
      return { apiVersion: 'v1', kind, metadata };
    case 'ServiceAccount':
      return { apiVersion: 'v1', kind, metadata };
    default:
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { key: 'value' } };
  }
}

/** Sets value at a path of keys (creating objects as needed); a path through a non-object replaces it. */
function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    at[key] = next !== null && typeof next === 'object' ? next : {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]] = value;
  return copy;
}

const fieldPaths = fc.oneof(
  fc.constantFrom(
    ['apiVersion'], ['kind'], ['metadata'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'labels'], ['metadata', 'labels', 'app'],
    ['metadata', 'annotations'], ['metadata', 'resourceVersion'], ['metadata', 'uid'], ['metadata', 'generateName'], ['metadata', 'finalizers'],
    ['metadata', 'ownerReferences'], ['metadata', 'deletionTimestamp'], ['metadata', 'creationTimestamp'], ['spec'], ['spec', 'replicas'],
    ['spec', 'containers'], ['spec', 'selector'], ['spec', 'ports'], ['spec', 'type'], ['spec', 'template', 'spec', 'containers'], ['data'], ['data', 'key'],
    ['stringData'], ['type'], ['status'], ['spec', 'nodeName'], ['spec', 'clusterIP'], ['spec', 'strategy', 'type'],
  ),
  fc.array(shortText, { minLength: 1, maxLength: 4 }),
);

/** A skeleton with one field given a value of any type, and maybe an unknown field. */
export function mutatedObject(kind: string, name: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(fieldPaths, anyJson, fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), anyJson)))
    .map(([path, value, extra]) => {
      const object = setAt(skeleton(kind, name), path, value);
      if (extra) object[extra[0]] = extra[1];
      return object;
    });
}

/** `[[[…]]]`, `{"a":{"a":…}}`, or deep nesting inside an otherwise valid object. */
const deepNesting = fc.tuple(fc.constantFrom(50, 1_000, 10_001, 100_000, 500_000), fc.constantFrom('array', 'object', 'inside')).map(([depth, shape]) => {
  if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  if (shape === 'object') return nested;
  return `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep","annotations":{"a":"b"},"labels":${nested}}}`;
});

/** Huge strings in the places an apiserver measures (name, label, annotation, data), up to past the 3 MiB limit. */
const hugeBody = fc.tuple(fc.constantFrom(300, 70_000, 300_000, 3 * 1024 * 1024 - 200, 3 * 1024 * 1024 + 1), fc.constantFrom('name', 'label', 'annotation', 'data', 'key')).map(([size, where]) => {
  const big = 'x'.repeat(size);
  const object = skeleton('ConfigMap', 'huge') as { metadata: Record<string, unknown>; data: Record<string, string> };
  if (where === 'name') object.metadata.name = big;
  if (where === 'label') object.metadata.labels = { app: big };
  if (where === 'annotation') object.metadata.annotations = { a: big };
  if (where === 'data') object.data = { key: big };
  if (where === 'key') object.data = { [big.slice(0, 100_000)]: 'v' };
  return JSON.stringify(object);
});

const yamlText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constant('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'),
  fc.constantFrom('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [\n', 'kind: !!binary aGk=\n', '--- 1\n--- 2\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y, name: z}\n', '? [a]\n: b\n'),
  mutatedObject('ConfigMap', 'fuzz-y').map((o) => JSON.stringify(o)),
);

const protobufBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([Buffer.from('k8s\0'), Buffer.from(b)])),
  fc.tuple(fc.uint8Array({ maxLength: 16 }), fc.integer({ min: 0, max: 0xffffffff })).map(([b, n]) => {
    // A length prefix that claims far more bytes than follow.
    const length = Buffer.alloc(5);
    length.writeUInt8(0x0a, 0);
    length.writeUInt32LE(n, 1);
    return Buffer.concat([Buffer.from('k8s\0'), length, Buffer.from(b)]);
  }),
);

const jsonPatch = fc.array(
  fc.record(
    {
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', ''),
      path: fc.oneof(fc.constantFrom('/metadata/labels/x', '/spec/replicas', '/metadata/name', '/data/key', '/spec/containers/0/image', '/spec/containers/-', '/metadata/labels/~1', '/a/b/c', '', '/', '/spec/containers/99999999999'), fc.string({ maxLength: 12 })),
      from: fc.constantFrom('/metadata/labels', '/data', '/nope', 'x'),
      value: anyJson,
    },
    { requiredKeys: ['op'] },
  ),
  { maxLength: 4 },
);

const strategicPatch = fc.oneof(
  anyJson.map((value) => ({ spec: { containers: [{ name: 'c', image: value }] } })),
  fc.constantFrom<unknown>(
    { $patch: 'replace' }, { $patch: 'delete' }, { $patch: 'bogus' }, { spec: { containers: [{ $patch: 'delete' }] } }, { spec: { containers: [{ name: 'c', $patch: 'bogus' }] } },
    { spec: { $retainKeys: 'x' } }, { spec: { $retainKeys: ['replicas', 1] } }, { spec: { '$setElementOrder/containers': [{ nope: 1 }] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': 'x' } },
    { spec: { containers: null } }, { metadata: { labels: [] } }, { metadata: null }, [], 'x', 1, null,
  ),
);

const withContentType = (contentType: string) => (body: string | Buffer): FuzzBody => ({ contentType, body });

/** Bodies for create and update (POST/PUT). */
export function objectBody(kind: string, name: string): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedObject(kind, name).map((o) => JSON.stringify(o)).map(withContentType('application/json')) },
    { weight: 2, arbitrary: mutatedObject(kind, name).map((o) => JSON.stringify(o)).chain((t) => fc.nat({ max: Math.max(0, t.length - 1) }).map((n) => t.slice(0, n))).map(withContentType('application/json')) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map(withContentType('application/json')) },
    { weight: 1, arbitrary: deepNesting.map(withContentType('application/json')) },
    { weight: 1, arbitrary: fc.constant(1).chain(() => hugeBody).map(withContentType('application/json')) },
    { weight: 2, arbitrary: yamlText.map(withContentType('application/yaml')) },
    { weight: 2, arbitrary: protobufBytes.map(withContentType('application/vnd.kubernetes.protobuf')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=utf-16', '*/*', ';;;', 'application/json-patch+json'), fc.string({ maxLength: 20 })).map(([type, text]) => ({ contentType: type, body: text })) },
  );
}

/** Bodies for PATCH, of every patch type (and wrong ones). */
export const patchBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  { weight: 3, arbitrary: jsonPatch.map((p) => JSON.stringify(p)).map(withContentType('application/json-patch+json')) },
  { weight: 3, arbitrary: anyJson.map((p) => JSON.stringify(p) ?? 'null').map(withContentType('application/merge-patch+json')) },
  { weight: 3, arbitrary: strategicPatch.map((p) => JSON.stringify(p)).map(withContentType('application/strategic-merge-patch+json')) },
  { weight: 1, arbitrary: fc.constantFrom('application/apply-patch+yaml', 'application/json', 'application/yaml', '').chain((type) => anyJson.map((p) => ({ contentType: type, body: JSON.stringify(p) ?? '' }))) },
  { weight: 1, arbitrary: deepNesting.map(withContentType('application/merge-patch+json')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(withContentType('application/strategic-merge-patch+json')) },
);

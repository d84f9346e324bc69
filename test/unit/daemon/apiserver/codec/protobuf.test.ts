import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import { decodeDeleteOptions, decodeProtobufObject, isProtobufBody } from '../../../../../daemon/apiserver/codec/protobuf.js';
import { StatusError } from '../../../../../shared/api/errors.js';

// A tiny hand encoder over protobufjs' Writer, so each body below reads as its field numbers.
type Part = Uint8Array;
const concat = (...parts: Part[]): Part => Buffer.concat(parts);
const str = (n: number, s: string): Part => protobuf.Writer.create().uint32((n << 3) | 2).string(s).finish();
const bytes = (n: number, b: Uint8Array): Part => protobuf.Writer.create().uint32((n << 3) | 2).bytes(b).finish();
const varint = (n: number, v: number): Part => protobuf.Writer.create().uint32(n << 3).int64(v).finish();
const bool = (n: number, v: boolean): Part => protobuf.Writer.create().uint32(n << 3).bool(v).finish();
const msg = (n: number, ...parts: Part[]): Part => bytes(n, concat(...parts));
const entry = (n: number, key: string, value: Part): Part => msg(n, str(1, key), value);
const envelope = (apiVersion: string, kind: string, ...raw: Part[]): Buffer =>
  Buffer.concat([Buffer.from('k8s\0', 'binary'), msg(1, str(1, apiVersion), str(2, kind)), bytes(2, concat(...raw)), str(3, ''), str(4, '')]);

/** ObjectMeta as Go writes it: every non-pointer scalar present even when empty, creationTimestamp {}. */
const objectMeta = (n: number, name: string, ...extra: Part[]): Part =>
  msg(n, str(1, name), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), varint(7, 0), msg(8), ...extra);

function decodeError(body: Buffer): string {
  try {
    decodeProtobufObject(body);
  } catch (err) {
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    return err.message;
  }
  assert.fail('expected a BadRequest');
}

describe('decodeProtobufObject', () => {
  it('decodes a Namespace and drops the empty values Go always writes', () => {
    const body = envelope('v1', 'Namespace', objectMeta(1, 'team-a'), msg(2), msg(3, str(1, '')));
    assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  });

  it('decodes a ConfigMap data map', () => {
    const body = envelope('v1', 'ConfigMap', objectMeta(1, 'cfg'), entry(2, 'a', str(2, '1')), entry(2, 'b', str(2, 'two')));
    assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1', b: 'two' } });
  });

  it('keeps a map key named like an object property (`__proto__`, `constructor`) as a key', () => {
    const body = envelope('v1', 'ConfigMap', objectMeta(1, 'cfg'), entry(2, '__proto__', str(2, 'x')), entry(2, 'constructor', str(2, 'y')));
    const decoded = decodeProtobufObject(body) as unknown as { data: Record<string, string> };
    assert.deepEqual(Object.keys(decoded.data), ['__proto__', 'constructor']);
    assert.equal(JSON.stringify(decoded.data), '{"__proto__":"x","constructor":"y"}');
  });

  it('turns Secret bytes into base64, as JSON carries them', () => {
    const body = envelope('v1', 'Secret', objectMeta(1, 'pw'), entry(2, 'password', bytes(2, Buffer.from('s3cr\0t', 'binary'))), str(3, 'Opaque'));
    assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pw' }, data: { password: 'czNjcgB0' }, type: 'Opaque' });
  });

  it('decodes a Deployment with replicas, selector, template and an empty strategy', () => {
    const labels = entry(11, 'app', str(2, 'web'));
    const container = msg(2, str(1, 'nginx'), str(2, 'nginx'), str(5, ''), msg(8), str(13, '/dev/termination-log'), str(14, 'IfNotPresent'), bool(16, false));
    const body = envelope(
      'apps/v1',
      'Deployment',
      objectMeta(1, 'web', labels),
      msg(2, varint(1, 4), msg(2, entry(1, 'app', str(2, 'web'))), msg(3, objectMeta(1, '', labels), msg(2, container, str(3, ''))), msg(4, str(1, '')), varint(5, 0), bool(7, false)),
      msg(3),
    );
    assert.deepEqual(decodeProtobufObject(body), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' }] },
        },
      },
    });
  });

  it('keeps a zero on a pointer field (replicas: 0, suspend: false)', () => {
    const deployment = decodeProtobufObject(envelope('apps/v1', 'Deployment', objectMeta(1, 'web'), msg(2, varint(1, 0))));
    assert.deepEqual(deployment.spec, { replicas: 0 });
    const cronJob = decodeProtobufObject(envelope('batch/v1', 'CronJob', objectMeta(1, 'cj'), msg(2, str(1, '* * * * *'), bool(4, false))));
    assert.deepEqual(cronJob.spec, { schedule: '* * * * *', suspend: false });
  });

  it('decodes a NodePort Service with an int targetPort and a named one', () => {
    const port = (name: string, targetPort: Part) => msg(1, str(1, name), str(2, 'TCP'), varint(3, 80), targetPort, varint(5, 0));
    const body = envelope(
      'v1',
      'Service',
      objectMeta(1, 'web'),
      msg(2, port('80-80', msg(4, varint(1, 0), varint(2, 80), str(3, ''))), port('http', msg(4, varint(1, 1), varint(2, 0), str(3, 'http'))), entry(2, 'app', str(2, 'web')), str(4, 'NodePort'), str(7, '')),
      msg(3, msg(1)),
    );
    assert.deepEqual(decodeProtobufObject(body).spec, {
      ports: [
        { name: '80-80', protocol: 'TCP', port: 80, targetPort: 80 },
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
      ],
      selector: { app: 'web' },
      type: 'NodePort',
    });
  });

  it('writes Time as RFC 3339 and Quantity as its string', () => {
    const meta = msg(1, str(1, 'p'), msg(8, varint(1, 1704067200)));
    const container = msg(2, str(1, 'c'), msg(8, entry(1, 'cpu', msg(2, str(1, '500m'))), entry(2, 'memory', msg(2, str(1, '64Mi')))));
    const pod = decodeProtobufObject(envelope('v1', 'Pod', meta, msg(2, container)));
    assert.equal(pod.metadata.creationTimestamp, '2024-01-01T00:00:00Z');
    assert.deepEqual(pod.spec.containers[0].resources, { limits: { cpu: '500m' }, requests: { memory: '64Mi' } });
  });

  it('flattens inline embeddings (Volume.volumeSource, Probe.handler) and keeps an empty pointer message', () => {
    const volume = msg(1, str(1, 'data'), msg(2, msg(2, str(1, ''))));
    const probe = msg(10, msg(1, msg(2, str(1, '/healthz'), msg(2, varint(1, 0), varint(2, 8080), str(3, '')))), varint(4, 10));
    const pod = decodeProtobufObject(envelope('v1', 'Pod', objectMeta(1, 'p'), msg(2, volume, msg(2, str(1, 'c'), probe))));
    assert.deepEqual(pod.spec, {
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [{ name: 'c', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 } }],
    });
  });

  it('skips field numbers newer than the schema', () => {
    const body = envelope('v1', 'ConfigMap', objectMeta(1, 'cfg'), str(99, 'from the future'), varint(98, 7));
    assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } });
  });

  it('fills an empty envelope kind from the request path', () => {
    const body = envelope('', '', objectMeta(1, 'cfg'));
    assert.deepEqual(decodeProtobufObject(body, { group: '', version: 'v1', kind: 'ConfigMap' }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } });
  });

  it('decodes the bodies real kubectl 1.32 sent for create namespace / deployment / service nodeport', () => {
    const namespace = Buffer.from('6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200', 'hex');
    assert.deepEqual(decodeProtobufObject(namespace), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const deployment = Buffer.from(
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b1010a250a0377656212001a067465616d2d6122002a003200380042005a0a0a036170701203776562127a0804120c0a0a0a0361707012037765621a600a1c0a0012001a0022002a003200380042005a0a0a036170701203776562124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
      'hex',
    );
    assert.deepEqual(decodeProtobufObject(deployment), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a', labels: { app: 'web' } },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    });
    const service = Buffer.from(
      '6b3873000a0d0a02763112075365727669636512650a1f0a0377656212001a0022002a003200380042005a0a0a036170701203776562123e0a180a0538302d3830120354435018502206080010501a002800120a0a0361707012037765621a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
      'hex',
    );
    assert.deepEqual(decodeProtobufObject(service).spec, { ports: [{ name: '80-80', protocol: 'TCP', port: 80, targetPort: 80 }], selector: { app: 'web' }, type: 'NodePort' });
  });
});

describe('decodeProtobufObject on malformed input', () => {
  const cases: { name: string; given: Buffer; want: string }[] = [
    { name: 'rejects an empty body', given: Buffer.alloc(0), want: 'empty data' },
    { name: 'rejects a body without the k8s prefix', given: Buffer.from('{"kind":"Pod"}'), want: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]' },
    { name: 'rejects the prefix alone', given: Buffer.from('k8s\0', 'binary'), want: 'empty body' },
    { name: 'rejects a kind the schema lacks', given: envelope('v1', 'Widget', objectMeta(1, 'w')), want: 'no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"' },
    {
      name: 'reports a truncated object as unexpected EOF, wrapped like a decode error',
      given: envelope('apps/v1', 'Deployment', Buffer.from([0x0a, 0x10, 0x0a])),
      want: 'Deployment in version "v1" cannot be handled as a Deployment: unexpected EOF',
    },
    {
      name: 'reports a wrong wire type',
      given: envelope('v1', 'ConfigMap', varint(1, 5)),
      want: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: proto: wrong wireType = 0 for field Metadata',
    },
    { name: 'reports a missing kind', given: envelope('v1', '', objectMeta(1, 'x')), want: `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'` },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => assert.equal(decodeError(given), want));
  }

  it('never throws anything but a StatusError on random bytes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 256;
    for (let i = 0; i < 500; i++) {
      const raw = Buffer.from(Array.from({ length: 1 + (i % 40) }, random));
      try {
        decodeProtobufObject(envelope('apps/v1', 'Deployment', raw));
      } catch (err) {
        assert.ok(err instanceof StatusError, `got ${String(err)}`);
      }
    }
  });
});

describe('decodeDeleteOptions', () => {
  it('decodes a typed DELETE body', () => {
    const body = envelope('v1', 'DeleteOptions', varint(1, 30), msg(2, str(1, 'uid-1')), str(4, 'Background'), str(5, 'All'));
    assert.deepEqual(decodeDeleteOptions(body), { gracePeriodSeconds: 30, preconditions: { uid: 'uid-1' }, propagationPolicy: 'Background', dryRun: ['All'] });
  });
});

describe('isProtobufBody', () => {
  it('recognises the envelope prefix only', () => {
    assert.equal(isProtobufBody(Buffer.from('k8s\0\n', 'binary')), true);
    assert.equal(isProtobufBody(Buffer.from('{}')), false);
  });
});

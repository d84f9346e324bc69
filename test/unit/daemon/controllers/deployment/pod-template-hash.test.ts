import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeHash, fnv32a, safeEncodeString } from '../../../../../daemon/controllers/deployment/pod-template-hash.js';
import { goDump } from '../../../../../daemon/controllers/deployment/go-dump.js';
import { quantityAsStored } from '../../../../../daemon/controllers/deployment/go-quantity.js';

const template = {
  metadata: { creationTimestamp: null, labels: { tier: 'web', app: 'nginx' } },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.14.2',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { memory: '128Mi', cpu: '0.5' } },
        readinessProbe: { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, periodSeconds: 10 },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
  },
};

test('FNV-32a and SafeEncodeString match Go', () => {
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  assert.deepEqual([fnv32a(bytes('')), fnv32a(bytes('a')), fnv32a(bytes('foobar'))], [0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
});

test('dumps the template as go-spew %#v does, every Go field in declaration order', () => {
  const dump = goDump('core.PodTemplateSpec', template);
  const expected = [
    '(v1.PodTemplateSpec){ObjectMeta:(v1.ObjectMeta){Name:(string) GenerateName:(string) Namespace:(string) SelfLink:(string) UID:(types.UID) ResourceVersion:(string) Generation:(int64)0 ',
    'CreationTimestamp:(v1.Time){Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}} DeletionTimestamp:(*v1.Time)<nil> DeletionGracePeriodSeconds:(*int64)<nil> ',
    'Labels:(map[string]string)map[app:nginx tier:web] Annotations:(map[string]string)<nil> ',
    'Containers:([]v1.Container)[{Name:(string)nginx Image:(string)nginx:1.14.2 Command:([]string)<nil> ',
    'Ports:([]v1.ContainerPort)[{Name:(string) HostPort:(int32)0 ContainerPort:(int32)80 Protocol:(v1.Protocol)TCP HostIP:(string)}]',
    'Limits:(v1.ResourceList)map[cpu:{i:(resource.int64Amount){value:(int64)500 scale:(resource.Scale)-3} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)500m Format:(resource.Format)DecimalSI} ',
    'memory:{i:(resource.int64Amount){value:(int64)134217728 scale:(resource.Scale)0} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string) Format:(resource.Format)BinarySI}] Requests:(v1.ResourceList)<nil>',
    'ReadinessProbe:(*v1.Probe){ProbeHandler:(v1.ProbeHandler){Exec:(*v1.ExecAction)<nil> HTTPGet:(*v1.HTTPGetAction){Path:(string)/ Port:(intstr.IntOrString){Type:(intstr.Type)0 IntVal:(int32)80 StrVal:(string)} Host:(string) Scheme:(v1.URIScheme)HTTP HTTPHeaders:([]v1.HTTPHeader)<nil>}',
    'TerminationGracePeriodSeconds:(*int64)30 ActiveDeadlineSeconds:(*int64)<nil> DNSPolicy:(v1.DNSPolicy)ClusterFirst',
    'SecurityContext:(*v1.PodSecurityContext){SELinuxOptions:(*v1.SELinuxOptions)<nil>',
  ];
  for (const part of expected) assert.ok(dump.includes(part), `missing ${part}`);
  assert.ok(dump.endsWith('SchedulingGates:([]v1.PodSchedulingGate)<nil> ResourceClaims:([]v1.PodResourceClaim)<nil> Resources:(*v1.ResourceRequirements)<nil>}}'));
});

test('quantities are hashed as kube-controller-manager holds them: parsed from the canonical string', () => {
  const cases = [
    { name: 'a canonical milli value keeps its string', given: '100m', want: { value: 100n, scale: -3, cached: '100m', format: 'DecimalSI' } },
    { name: '0.5 is stored as 500m', given: '0.5', want: { value: 500n, scale: -3, cached: '500m', format: 'DecimalSI' } },
    { name: 'a binary value whose count is a multiple of 8 keeps no string', given: '128Mi', want: { value: 134217728n, scale: 0, cached: '', format: 'BinarySI' } },
    { name: '1024Mi is stored as 1Gi', given: '1024Mi', want: { value: 1073741824n, scale: 0, cached: '1Gi', format: 'BinarySI' } },
    { name: '1.5Gi is stored as 1536Mi', given: '1.5Gi', want: { value: 1610612736n, scale: 0, cached: '', format: 'BinarySI' } },
    { name: '1000 is stored as 1k', given: '1000', want: { value: 1n, scale: 3, cached: '1k', format: 'DecimalSI' } },
  ];
  for (const c of cases) {
    const q = quantityAsStored(c.given);
    assert.deepEqual({ value: q.value, scale: q.scale, cached: q.cached, format: q.format }, c.want, c.name);
  }
});

test('the hash uses only hash characters, follows the template, and moves with collisionCount', () => {
  const hash = computeHash(template);
  assert.match(hash, /^[456789bcdf]{1,10}$/);
  assert.equal(computeHash(structuredClone(template)), hash);
  const other = structuredClone(template);
  other.spec.containers[0]!.image = 'nginx:1.15';
  assert.notEqual(computeHash(other), hash);
  assert.notEqual(computeHash(template, 1), hash);
  assert.notEqual(computeHash(template, 1), computeHash(template, 2));
});

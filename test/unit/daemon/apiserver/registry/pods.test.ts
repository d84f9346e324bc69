import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podStrategy } from '../../../../../daemon/apiserver/registry/pods.js';
import { create, podSpec, update } from './run-strategy.js';

function pod(spec: object, metadata: object = { name: 'web' }): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

describe('pod defaults visible in kubectl get -o yaml', () => {
  it('fills the spec, container and admission defaults of a real v1.32 apiserver', () => {
    const { obj, errors } = create(podStrategy, pod({ containers: [{ name: 'mynginx', image: 'nginx:1.14', ports: [{ containerPort: 80 }] }] }));
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec, {
      containers: [
        {
          name: 'mynginx',
          image: 'nginx:1.14',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      // serviceAccountName and the token volume come from the ServiceAccount admission plugin,
      // which reads the store: test/unit/daemon/apiserver/admission/service-account.test.ts.
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    });
    assert.deepEqual(obj.status, { phase: 'Pending', qosClass: 'BestEffort' });
    assert.equal(obj.metadata.generation, undefined);
  });

  it('defaults probes, env fieldRef and volumes', () => {
    const { obj } = create(
      podStrategy,
      pod({
        containers: [
          {
            name: 'web',
            image: 'nginx',
            livenessProbe: { httpGet: { port: 80 } },
            env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          },
        ],
        volumes: [{ name: 'cache' }, { name: 'cfg', configMap: { name: 'c' } }, { name: 'sec', secret: { secretName: 's' } }, { name: 'host', hostPath: { path: '/data' } }],
      }),
    );
    const c = obj.spec.containers[0];
    assert.deepEqual(c.livenessProbe, { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(c.env, [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }]);
    assert.deepEqual(obj.spec.volumes, [
      { name: 'cache', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'host', hostPath: { path: '/data', type: '' } },
    ]);
  });

  it('does not add tolerations the pod already has', () => {
    const spec = { ...podSpec(), tolerations: [{ operator: 'Exists' }] };
    assert.deepEqual(create(podStrategy, pod(spec)).obj.spec.tolerations, [{ operator: 'Exists' }]);
  });

  it('copies limits into missing requests and canonicalises quantities', () => {
    const spec = { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '0.5', memory: '1.5Gi' }, requests: { cpu: 0.25 } } }] };
    assert.deepEqual(create(podStrategy, pod(spec)).obj.spec.containers[0].resources, { limits: { cpu: '500m', memory: '1536Mi' }, requests: { cpu: '250m', memory: '1536Mi' } });
  });
});

describe('imagePullPolicy by tag', () => {
  const cases = [
    { name: 'is Always for an image without tag', given: 'nginx', want: 'Always' },
    { name: 'is Always for the latest tag', given: 'nginx:latest', want: 'Always' },
    { name: 'is IfNotPresent for a fixed tag', given: 'nginx:1.14', want: 'IfNotPresent' },
    { name: 'is Always for a registry with a port and no tag', given: 'localhost:5000/web', want: 'Always' },
    { name: 'is IfNotPresent for a digest', given: 'nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', want: 'IfNotPresent' },
    { name: 'is kept when the manifest sets it', given: 'nginx:1.14', want: 'Never', set: 'Never' },
  ];
  for (const { name, given, want, set } of cases) {
    it(name, () => {
      const container = { name: 'web', image: given, ...(set ? { imagePullPolicy: set } : {}) };
      assert.equal(create(podStrategy, pod({ containers: [container] })).obj.spec.containers[0].imagePullPolicy, want);
    });
  }
});

describe('QoS class on create', () => {
  const cases = [
    { name: 'is BestEffort without requests or limits', given: [{}], want: 'BestEffort' },
    { name: 'is Guaranteed with equal cpu and memory limits (requests defaulted)', given: [{ limits: { cpu: '1', memory: '1Gi' } }], want: 'Guaranteed' },
    { name: 'is Burstable with requests only', given: [{ requests: { cpu: '100m' } }], want: 'Burstable' },
    { name: 'is Burstable with a memory limit only', given: [{ limits: { memory: '1Gi' } }], want: 'Burstable' },
    { name: 'is Burstable when one of two containers has no limits', given: [{ limits: { cpu: '1', memory: '1Gi' } }, {}], want: 'Burstable' },
    { name: 'is Burstable when requests are below limits', given: [{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } }], want: 'Burstable' },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => {
      const containers = given.map((resources, i) => ({ name: `c${i}`, image: 'nginx', resources }));
      assert.equal(create(podStrategy, pod({ containers })).obj.status.qosClass, want);
    });
  }
});

describe('pod validation messages', () => {
  const cases: { name: string; given: object; want: string[] }[] = [
    { name: 'requires containers', given: { containers: [] }, want: ['spec.containers: Required value'] },
    { name: 'requires a container name and image', given: { containers: [{}] }, want: ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value'] },
    {
      name: 'rejects a container name that is not a DNS label',
      given: { containers: [{ name: 'Web_1', image: 'nginx' }] },
      want: [
        `spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    {
      name: 'rejects duplicate container names',
      given: { containers: [{ name: 'web', image: 'nginx' }, { name: 'web', image: 'busybox' }] },
      want: ['spec.containers[1].name: Duplicate value: "web"'],
    },
    {
      name: 'rejects a container port out of range',
      given: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }] }] },
      want: ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'rejects an unknown restartPolicy',
      given: { ...podSpec(), restartPolicy: 'Sometimes' },
      want: ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    },
    {
      name: 'rejects requests above limits with the limit in the message',
      given: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } }] },
      want: ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    },
    {
      name: 'rejects a resource name that is neither standard nor qualified, also in the request copied from it',
      given: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpus: '1' } } }] },
      want: [
        'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
        'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      ],
    },
    {
      name: 'rejects a liveness probe without handler and with successThreshold 2',
      given: { containers: [{ name: 'web', image: 'nginx', livenessProbe: { successThreshold: 2 } }] },
      want: ['spec.containers[0].livenessProbe: Required value: must specify a handler type', 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    },
    {
      name: 'rejects an env fieldRef the downward API does not offer',
      given: { containers: [{ name: 'web', image: 'nginx', env: [{ name: 'L', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }] }] },
      want: [
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      ],
    },
    {
      name: 'rejects a volume without a valid name and a duplicate mount path',
      given: {
        containers: [{ name: 'web', image: 'nginx', volumeMounts: [{ name: 'a', mountPath: '/d' }, { name: 'a', mountPath: '/d' }] }],
        volumes: [{ name: 'A', emptyDir: {} }],
      },
      want: [
        `spec.volumes[0].name: Invalid value: "A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique',
      ],
    },
  ];
  for (const { name, given, want } of cases) {
    it(name, () => assert.deepEqual(create(podStrategy, pod(given)).errors, want));
  }
});

describe('pod update rules', () => {
  const stored = create(podStrategy, pod({ containers: [{ name: 'web', image: 'nginx:1.14' }] })).obj;

  it('allows changing the image and keeps the status', () => {
    const { obj, errors } = update(podStrategy, stored, (o) => {
      o.spec.containers[0].image = 'nginx:1.15';
      o.status = { phase: 'Running' };
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('forbids other spec changes and shows the changed field', () => {
    const { errors } = update(podStrategy, stored, (o) => (o.spec.restartPolicy = 'Never'));
    assert.deepEqual(errors, [
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n' +
        '  core.PodSpec{\n  \t... // 4 identical fields\n- \tRestartPolicy: "Always",\n+ \tRestartPolicy: "Never",\n  \t... // 29 identical fields\n  }\n',
    ]);
  });

  it('forbids adding a container', () => {
    const { errors } = update(podStrategy, stored, (o) => o.spec.containers.push({ name: 'side', image: 'busybox' }));
    assert.deepEqual(errors, ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('forbids changing an existing toleration', () => {
    const { errors } = update(podStrategy, stored, (o) => (o.spec.tolerations = [{ key: 'x', operator: 'Exists' }]));
    assert.deepEqual(errors, ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });
});

// kubectl describe pod, line for line, for a Running pod that restarted once: probes, env from
// a field and a config map, mounts, conditions, an emptyDir and the kube-api-access projected
// volume, QoS, the default tolerations, and events (a scheduler event with only eventTime, a
// repeated kubelet event, a message with a trailing newline).
process.env.TZ = 'UTC'; // describe prints times in the local zone, as kubectl does
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePod } from '../../../../shared/describe/pod.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 5, 1, 16, 0) + s * 1000).toISOString().replace('.000', '');
const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web-5d4f8c7b9-x2x7q', namespace: 'default', uid: 'u1', creationTimestamp: t(0), labels: { app: 'web', 'pod-template-hash': '5d4f8c7b9' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'example.com/note': 'hello' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8c7b9', uid: 'rs1', controller: true, blockOwnerDeletion: true }] },
  spec: {
    priority: 0, serviceAccountName: 'default', nodeName: 'node1',
    containers: [{
      name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }],
      env: [{ name: 'MODE', value: 'production' }, { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'greeting' } } }],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 80, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
      volumeMounts: [{ name: 'kube-api-access-7xk2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }, { name: 'html', mountPath: '/usr/share/nginx/html' }],
    }],
    volumes: [
      { name: 'html', emptyDir: {} },
      { name: 'kube-api-access-7xk2p', projected: { defaultMode: 420, sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } } ] } },
    ],
    tolerations: [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
  },
  status: {
    phase: 'Running', hostIP: '127.0.10.2', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], startTime: t(0), qosClass: 'Burstable',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: t(2) },
      { type: 'Initialized', status: 'True', lastTransitionTime: t(0) },
      { type: 'Ready', status: 'True', lastTransitionTime: t(8) },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: t(8) },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: t(0) },
    ],
    containerStatuses: [{ name: 'nginx', ready: true, restartCount: 1, started: true, image: 'docker.io/library/nginx:1.25',
      imageID: 'docker.io/library/nginx@sha256:aaaa', containerID: 'containerd://c0ffee',
      state: { running: { startedAt: t(40) } },
      lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: t(2), finishedAt: t(39) } } }],
  },
};
const ev = (name: string, o: Record<string, unknown>) => ({ metadata: { name, namespace: 'default' }, involvedObject: { kind: 'Pod', name: pod.metadata.name }, ...o });
const events = [
  ev('e1', { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web-5d4f8c7b9-x2x7q to node1', eventTime: '2026-01-05T01:16:00.100000Z', firstTimestamp: null, lastTimestamp: null, source: {}, reportingComponent: 'default-scheduler' }),
  ev('e2', { type: 'Normal', reason: 'Pulled', message: 'Container image "nginx:1.25" already present on machine', firstTimestamp: t(1), lastTimestamp: t(39), count: 2, source: { component: 'kubelet', host: 'node1' } }),
  ev('e3', { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500\n', firstTimestamp: t(20), lastTimestamp: t(38), count: 3, source: { component: 'kubelet', host: 'node1' } }),
  ev('e4', { type: 'Normal', reason: 'Killing', message: 'Container nginx failed liveness probe, will be restarted', firstTimestamp: t(38), lastTimestamp: t(38), count: 1, source: { component: 'kubelet', host: 'node1' } }),
];
const now = Date.UTC(2026, 0, 5, 1, 16, 0) + 100_000;

const expected = [
    'Name:             web-5d4f8c7b9-x2x7q',
    'Namespace:        default',
    'Priority:         0',
    'Service Account:  default',
    'Node:             node1/127.0.10.2',
    'Start Time:       Mon, 05 Jan 2026 01:16:00 +0000',
    'Labels:           app=web',
    '                  pod-template-hash=5d4f8c7b9',
    'Annotations:      example.com/note: hello',
    'Status:           Running',
    'IP:               10.244.1.5',
    'IPs:',
    '  IP:           10.244.1.5',
    'Controlled By:  ReplicaSet/web-5d4f8c7b9',
    'Containers:',
    '  nginx:',
    '    Container ID:   containerd://c0ffee',
    '    Image:          nginx:1.25',
    '    Image ID:       docker.io/library/nginx@sha256:aaaa',
    '    Port:           80/TCP',
    '    Host Port:      0/TCP',
    '    State:          Running',
    '      Started:      Mon, 05 Jan 2026 01:16:40 +0000',
    '    Last State:     Terminated',
    '      Reason:       Error',
    '      Exit Code:    137',
    '      Started:      Mon, 05 Jan 2026 01:16:02 +0000',
    '      Finished:     Mon, 05 Jan 2026 01:16:39 +0000',
    '    Ready:          True',
    '    Restart Count:  1',
    '    Limits:',
    '      cpu:     500m',
    '      memory:  128Mi',
    '    Requests:',
    '      cpu:      250m',
    '      memory:   64Mi',
    '    Liveness:   http-get http://:80/healthz delay=5s timeout=1s period=10s #success=1 #failure=3',
    '    Readiness:  exec [cat /tmp/ready] delay=0s timeout=1s period=5s #success=1 #failure=3',
    '    Environment:',
    '      MODE:      production',
    '      POD_NAME:  web-5d4f8c7b9-x2x7q (v1:metadata.name)',
    '      GREETING:  <set to the key \'greeting\' of config map \'web-config\'>  Optional: false',
    '    Mounts:',
    '      /usr/share/nginx/html from html (rw)',
    '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)',
    'Conditions:',
    '  Type                        Status',
    '  PodReadyToStartContainers   True ',
    '  Initialized                 True ',
    '  Ready                       True ',
    '  ContainersReady             True ',
    '  PodScheduled                True ',
    'Volumes:',
    '  html:',
    '    Type:       EmptyDir (a temporary directory that shares a pod\'s lifetime)',
    '    Medium:     ',
    '    SizeLimit:  <unset>',
    '  kube-api-access-7xk2p:',
    '    Type:                    Projected (a volume that contains injected data from multiple sources)',
    '    TokenExpirationSeconds:  3607',
    '    ConfigMapName:           kube-root-ca.crt',
    '    ConfigMapOptional:       <nil>',
    '    DownwardAPI:             true',
    'QoS Class:                   Burstable',
    'Node-Selectors:              <none>',
    'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
    '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
    'Events:',
    '  Type     Reason     Age                From               Message',
    '  ----     ------     ----               ----               -------',
    '  Normal   Scheduled  99s                default-scheduler  Successfully assigned default/web-5d4f8c7b9-x2x7q to node1',
    '  Warning  Unhealthy  62s (x3 over 80s)  kubelet            Liveness probe failed: HTTP probe failed with statuscode: 500',
    '  Normal   Killing    62s                kubelet            Container nginx failed liveness probe, will be restarted',
    '  Normal   Pulled     61s (x2 over 99s)  kubelet            Container image "nginx:1.25" already present on machine',
  ].join('\n') + '\n';

test('describe pod prints what kubectl describe pod prints', () => {
  assert.equal(describePod(pod, events as never, now), expected);
});

test('a deleting pod shows Terminating and its grace period; no events shows <none>', () => {
  const deleting = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: t(70), deletionGracePeriodSeconds: 30 } };
  const lines = describePod(deleting, [], now).split('\n');
  assert.ok(lines.includes('Status:                    Terminating (lasts 30s)'), lines.join('\n'));
  assert.ok(lines.includes('Termination Grace Period:  30s'), lines.join('\n'));
  assert.equal(lines.at(-2), 'Events:                      <none>');
});

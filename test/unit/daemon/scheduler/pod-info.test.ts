import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { podInfoOf } from '../../../../daemon/scheduler/pod-info.js';

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec };
}

const c = (name: string, requests?: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, image: 'busybox', ...(requests ? { resources: { requests } } : {}), ...extra });

test('pod requests as kube-scheduler counts them', () => {
  const cases = [
    {
      name: 'app containers add up',
      given: { containers: [c('a', { cpu: '250m', memory: '64Mi' }), c('b', { cpu: '0.5', memory: '64Mi' })] },
      want: { milliCPU: 750, memory: 128 * 2 ** 20, nonZeroMilliCPU: 750, nonZeroMemory: 128 * 2 ** 20 },
    },
    {
      name: 'the largest init container raises the total',
      given: { initContainers: [c('init', { cpu: '2' })], containers: [c('a', { cpu: '1', memory: '1Gi' })] },
      want: { milliCPU: 2000, memory: 2 ** 30, nonZeroMilliCPU: 2000, nonZeroMemory: 2 ** 30 },
    },
    {
      name: 'a sidecar (restartable init container) adds to the app containers and to later init containers',
      given: { initContainers: [c('sidecar', { cpu: '500m' }, { restartPolicy: 'Always' }), c('init', { cpu: '1' })], containers: [c('a', { cpu: '1' })] },
      want: { milliCPU: 1500, memory: 0, nonZeroMilliCPU: 1500, nonZeroMemory: 2 * 200 * 2 ** 20 },
    },
    {
      name: 'overhead is added on top',
      given: { containers: [c('a', { cpu: '100m' })], overhead: { cpu: '250m', memory: '120Mi' } },
      want: { milliCPU: 350, memory: 120 * 2 ** 20, nonZeroMilliCPU: 350, nonZeroMemory: (200 + 120) * 2 ** 20 },
    },
    {
      name: 'containers without requests count 100m and 200Mi for scoring only',
      given: { containers: [c('a'), c('b', { memory: '0' })] },
      want: { milliCPU: 0, memory: 0, nonZeroMilliCPU: 200, nonZeroMemory: 200 * 2 ** 20 },
    },
  ];
  for (const { name, given, want } of cases) {
    const info = podInfoOf(pod(given));
    assert.deepEqual({ milliCPU: info.requests.milliCPU, memory: info.requests.memory, nonZeroMilliCPU: info.nonZeroMilliCPU, nonZeroMemory: info.nonZeroMemory }, want, name);
  }
});

test('host ports default to TCP on 0.0.0.0; container ports without hostPort are not host ports', () => {
  const info = podInfoOf(pod({ containers: [c('a', undefined, { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 9090 }] })] }));
  assert.deepEqual(info.hostPorts, [
    { hostIP: '0.0.0.0', protocol: 'TCP', port: 8080 },
    { hostIP: '10.0.0.1', protocol: 'UDP', port: 53 },
  ]);
});

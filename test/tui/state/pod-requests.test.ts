import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatQuantity } from '../../../shared/quantity.js';
import { allocatedResources, podRequests } from '../../../tui/state/pod-requests.js';
import { node, pod } from './fixtures.js';

test('podRequests adds containers and sidecars, takes the larger init container and adds overhead', () => {
  const p = pod('p', 'node1');
  p.spec.containers.push({ name: 'b', resources: { requests: { cpu: '250m', memory: '64Mi' } } });
  p.spec.initContainers = [
    { name: 'setup', resources: { requests: { cpu: '1', memory: '16Mi' } } },
    { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
  ];
  p.spec.overhead = { cpu: '10m' };
  const requests = podRequests(p);
  assert.equal(formatQuantity(requests.cpu), '1010m');
  assert.equal(formatQuantity(requests.memory), '192Mi');
});

test('allocatedResources sums non-terminated pods as kubectl describe node does', () => {
  const pods = [pod('a', 'node1'), pod('b', 'node1', 'running', { cpu: '850m', memory: '162Mi' }), pod('done', 'node1', 'completed')];
  assert.deepEqual(allocatedResources(node('node1', { cpu: '8', memory: '8Gi' }), pods), {
    cpu: { requested: '950m', allocatable: '8', percent: 11 },
    memory: { requested: '290Mi', allocatable: '8Gi', percent: 3 },
  });
  assert.deepEqual(allocatedResources(node('empty'), []).cpu, { requested: '0', allocatable: '2', percent: 0 });
});

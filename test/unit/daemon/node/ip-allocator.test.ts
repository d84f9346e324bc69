import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodIPAllocator, nextFreeAddresses, nodeIPs, podCIDRAt, podCIDRMask } from '../../../../daemon/node/ip-allocator.js';

test('pod IPs come from the node\'s /24 in order, from .2, and are reused after release', () => {
  const ips = new PodIPAllocator('10.244.1.0/24');
  assert.equal(ips.allocate('a'), '10.244.1.2');
  assert.equal(ips.allocate('b'), '10.244.1.3');
  assert.equal(ips.allocate('a'), '10.244.1.2', 'the same pod keeps its IP');
  ips.release('a');
  for (let i = 4; i <= 254; i++) assert.equal(ips.allocate(`p${i}`), `10.244.1.${i}`);
  assert.equal(ips.allocate('again'), '10.244.1.2', 'wraps around to the released address');
  assert.throws(() => ips.allocate('one-too-many'), /the range 10\.244\.1\.0\/24 is full/);
});

test('node IPs: the control plane first, then the workers, from the node subnet', () => {
  assert.deepEqual(nodeIPs('127.0.10.0/24', 4), ['127.0.10.1', '127.0.10.2', '127.0.10.3', '127.0.10.4']);
  assert.deepEqual(nodeIPs('127.1.0.254/23', 3), ['127.1.0.255', '127.1.1.0', '127.1.1.1']);
});

test('restored pod IPs stay with their pods and new pods get the next ones', () => {
  const ips = new PodIPAllocator('10.244.2.0/24');
  ips.restore('web-a', '10.244.2.7');
  ips.restore('web-b', '10.244.2.3');
  ips.restore('elsewhere', '10.244.9.4');
  assert.equal(ips.allocate('web-a'), '10.244.2.7');
  assert.equal(ips.allocate('web-b'), '10.244.2.3');
  assert.equal(ips.allocate('new'), '10.244.2.8', 'continues after the highest restored address');
});

test('an added node takes the first node IP and pod CIDR nobody uses', () => {
  const used = { ips: ['127.0.10.1', '127.0.10.2', '127.0.10.4'], podCIDRs: ['10.244.0.0/24', '10.244.1.0/24', '10.244.3.0/24'] };
  assert.deepEqual(nextFreeAddresses('127.0.10.0/24', used), { ip: '127.0.10.3', podCIDR: '10.244.2.0/24' });
});

test('a node with many pods gets a larger pod CIDR, used to its end', () => {
  assert.equal(podCIDRMask(110), 24);
  assert.equal(podCIDRMask(1100), 20);
  assert.equal(podCIDRAt(0, 24), '10.244.0.0/24');
  assert.equal(podCIDRAt(3, 20), '10.244.48.0/20');
  const ips = new PodIPAllocator('10.244.16.0/20');
  assert.equal(ips.allocate('a'), '10.244.16.2');
  for (let i = 0; i < 300; i++) ips.allocate(`p${i}`);
  assert.equal(ips.allocate('b'), '10.244.17.47');
  // A node added to such a cluster takes a /24 outside every block.
  assert.equal(nextFreeAddresses('127.0.10.0/24', { ips: ['127.0.10.1'], podCIDRs: ['10.244.0.0/20', '10.244.16.0/20'] }).podCIDR, '10.244.32.0/24');
});

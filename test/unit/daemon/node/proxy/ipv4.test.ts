import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, isIPv4, parseCidr, parseIPv4 } from '../../../../../daemon/node/proxy/ipv4.js';

test('dotted-quad IPv4 addresses parse to numbers; anything else does not', () => {
  assert.equal(parseIPv4('10.244.1.3'), 0x0af40103);
  assert.equal(parseIPv4('255.255.255.255'), 0xffffffff);
  for (const bad of ['', '10.244.1', '10.244.1.3.4', '10.244.1.256', '10..1.3', 'fd00::1', '10.244.1.3 ', '1000.1.1.1']) assert.equal(isIPv4(bad), false, bad);
});

test('CIDRs contain the addresses under their prefix', () => {
  const podNetwork = parseCidr('10.244.0.0/16')!;
  assert.equal(cidrContains(podNetwork, parseIPv4('10.244.3.2')!), true);
  assert.equal(cidrContains(podNetwork, parseIPv4('10.96.0.1')!), false);
  assert.equal(cidrContains(parseCidr('10.96.0.1')!, parseIPv4('10.96.0.1')!), true);
  assert.equal(cidrContains(parseCidr('0.0.0.0/0')!, parseIPv4('8.8.8.8')!), true);
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
});

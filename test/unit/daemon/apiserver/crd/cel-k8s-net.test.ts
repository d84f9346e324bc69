// The IP and CIDR libraries of the CRD rules' CEL environment, with Go's stricter parsing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { k8sCelEnvironment } from '../../../../../daemon/apiserver/crd/cel-k8s-library.js';

const run = (expression: string): unknown => k8sCelEnvironment().evaluate(expression, { self: null });

test('isIP and ip(): no leading zeros, no zones', () => {
  assert.equal(run("isIP('192.168.0.1') && isIP('2001:db8::1')"), true);
  assert.equal(run("isIP('192.168.000.1') || isIP('fe80::1%eth0') || isIP('::ffff:1.2.3.4')"), false);
  assert.equal(run("ip('::1').family() == 6 && ip('127.0.0.1').isLoopback() && ip('0.0.0.0').isUnspecified()"), true);
  assert.equal(run("ip('169.254.1.1').isLinkLocalUnicast() && !ip('10.0.0.1').isLinkLocalUnicast() && ip('8.8.8.8').isGlobalUnicast()"), true);
});

test('isCIDR and cidr(): containment and masking', () => {
  assert.equal(run("isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0/33') && !isCIDR('10.0.0.0')"), true);
  assert.equal(run("cidr('192.168.0.0/16').containsIP('192.168.4.5') && !cidr('192.168.0.0/16').containsIP('192.169.0.1')"), true);
  assert.equal(run("cidr('2001:db8::/32').containsCIDR('2001:db8:ab::/48') && !cidr('2001:db8::/32').containsCIDR('2001::/16')"), true);
  assert.equal(run("cidr('10.1.2.3/8').masked().ip() == ip('10.0.0.0') && cidr('10.1.2.3/8').prefixLength() == 8 && ip('10.0.0.1') != ip('10.0.0.2')"), true);
});

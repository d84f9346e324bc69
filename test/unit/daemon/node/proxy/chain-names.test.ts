import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointChainName, serviceChainNames, servicePortNameString } from '../../../../../daemon/node/proxy/chain-names.js';

// Hashes copied from iptables-save dumps of real clusters.
test('service chains hash the service port name and protocol as kube-proxy does', () => {
  assert.equal(serviceChainNames('default/kubernetes:https', 'tcp').clusterPolicy, 'KUBE-SVC-NPX46M4PTMTKRN6Y');
  assert.equal(serviceChainNames('kube-system/kube-dns:dns', 'udp').clusterPolicy, 'KUBE-SVC-TCOU7JCQXEZGVUNU');
  assert.equal(serviceChainNames('kube-system/kube-dns:dns-tcp', 'tcp').clusterPolicy, 'KUBE-SVC-ERIFXISQEP7F7OF4');
  assert.deepEqual(serviceChainNames('default/nginx', 'tcp'), {
    clusterPolicy: 'KUBE-SVC-2CMXP7HKUVJN7L6M',
    localPolicy: 'KUBE-SVL-2CMXP7HKUVJN7L6M',
    external: 'KUBE-EXT-2CMXP7HKUVJN7L6M',
    firewall: 'KUBE-FW-2CMXP7HKUVJN7L6M',
  });
});

test('endpoint chains add ip:port to the hashed text', () => {
  assert.equal(endpointChainName('default/kubernetes:https', 'tcp', '172.22.44.62:6443'), 'KUBE-SEP-VFX5D4HWHAGOXYCD');
  assert.equal(endpointChainName('default/jtest', 'tcp', '10.244.2.18:8080'), 'KUBE-SEP-D4L6XHEA34PXVJE3');
  assert.equal(endpointChainName('default/jtest', 'tcp', '10.244.1.21:8080'), 'KUBE-SEP-KN35ORIINUKINMGQ');
});

test('an unnamed port leaves the port out of the service port name', () => {
  assert.equal(servicePortNameString('default', 'web', ''), 'default/web');
  assert.equal(servicePortNameString('default', 'mynginx', '80-80'), 'default/mynginx:80-80');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import { categorizeEndpoints, mergeSlices, parseEndpointSlice, type EndpointInfo } from '../../../../../daemon/node/proxy/endpoint-info.js';
import { servicePortsOf } from '../../../../../daemon/node/proxy/service-info.js';

function endpointSlice(name: string, endpoints: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { namespace: 'default', name, labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints,
    ...extra,
  };
}

test('slices without the service-name label or with another address type are ignored', () => {
  assert.equal(parseEndpointSlice({ metadata: { namespace: 'default', name: 'x' }, addressType: 'IPv4' }, 'node1'), undefined);
  assert.equal(parseEndpointSlice(endpointSlice('x', [], { addressType: 'IPv6' }), 'node1'), undefined);
  assert.equal(parseEndpointSlice(endpointSlice('x', [], { addressType: 'FQDN' }), 'node1'), undefined);
});

test('missing conditions mean ready and serving, and a terminating duplicate loses to a running one', () => {
  const a = parseEndpointSlice(endpointSlice('a', [
    { addresses: ['10.244.1.5'], nodeName: 'node1' },
    { addresses: ['10.244.2.6'], nodeName: 'node2', conditions: { ready: false, serving: true, terminating: true } },
  ]), 'node1')!;
  const b = parseEndpointSlice(endpointSlice('b', [{ addresses: ['10.244.2.6'], nodeName: 'node2', conditions: { ready: true } }]), 'node1')!;
  const merged = mergeSlices([b, a]).get('http/TCP')!;
  assert.deepEqual(merged.map((e) => [e.endpoint, e.ready, e.terminating, e.isLocal]), [
    ['10.244.1.5:8080', true, false, true],
    ['10.244.2.6:8080', true, false, false],
  ]);
});

test('usable endpoints are the ready ones, else the serving terminating ones', () => {
  const info = servicePortsOf({ metadata: { namespace: 'default', name: 'web' }, spec: { clusterIP: '10.96.1.1', ports: [{ name: 'http', port: 80 }] } })[0];
  const endpoint = (ip: string, ready: boolean, serving: boolean, terminating: boolean): EndpointInfo => ({ ip, port: 8080, endpoint: `${ip}:8080`, chainName: `KUBE-SEP-${ip}`, nodeName: 'node1', isLocal: true, ready, serving, terminating });
  const ready = endpoint('10.244.1.2', true, true, false);
  const draining = endpoint('10.244.1.3', false, true, true);
  const gone = endpoint('10.244.1.4', false, false, true);
  assert.deepEqual(categorizeEndpoints([ready, draining, gone], info).clusterEndpoints, [ready]);
  assert.deepEqual(categorizeEndpoints([draining, gone], info).clusterEndpoints, [draining]);
  assert.equal(categorizeEndpoints([gone], info).hasAnyEndpoints, false);
});

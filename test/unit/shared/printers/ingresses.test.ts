import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { formatIngressHosts, ingressPrinter } from '../../../../shared/printers/ingresses.js';

const now = Date.parse('2024-01-01T12:00:00Z');

function ingress(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { metadata: { name: 'web', creationTimestamp: '2024-01-01T11:00:00Z' }, spec, status };
}

describe('ingress HOSTS', () => {
  const cases: { name: string; given: { host?: string }[]; want: string }[] = [
    { name: 'prints * without hosts', given: [{}], want: '*' },
    { name: 'lists the rule hosts', given: [{ host: 'a.example.com' }, { host: 'b.example.com' }], want: 'a.example.com,b.example.com' },
    { name: 'shows three hosts and counts every further rule', given: [{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }, {}], want: 'a,b,c + 2 more...' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(formatIngressHosts(ingress({ rules: c.given })), c.want));
  }
});

describe('ingressPrinter', () => {
  it('prints class, address and both ports with TLS', () => {
    const secured = ingress({ ingressClassName: 'nginx', rules: [{ host: 'web.example.com' }], tls: [{ hosts: ['web.example.com'] }] }, { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } });
    assert.deepEqual(ingressPrinter.cells(secured, now), ['web', 'nginx', 'web.example.com', '172.18.0.5', '80, 443', '60m']);
  });

  it('prints <none> without a class and port 80 without TLS', () => {
    assert.deepEqual(ingressPrinter.cells(ingress({ rules: [] }), now), ['web', '<none>', '*', '', '80', '60m']);
  });
});

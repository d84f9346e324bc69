import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelProbability, probabilityText, ruleText } from '../../../../../daemon/node/proxy/iptables-rule.js';

test('probabilities print with the kernel rounding iptables-save shows', () => {
  const cases: [number, string][] = [[2, '0.50000000000'], [3, '0.33333333349'], [4, '0.25000000000'], [5, '0.20000000019'], [6, '0.16666666651'], [7, '0.14285714272']];
  for (const [n, text] of cases) assert.equal(probabilityText(kernelProbability(n)), text, `1/${n}`);
});

test('IP header fields print before the match modules, whatever order they were written in', () => {
  const text = ruleText('KUBE-SVC-X', {
    source: { cidr: '10.244.0.0/16', negate: true },
    destination: '10.96.0.10',
    protocol: 'udp',
    matches: [{ module: 'comment', comment: 'kube-system/kube-dns:dns cluster IP' }, { module: 'protocol', protocol: 'udp', dport: 53 }],
    target: { type: 'jump', chain: 'KUBE-MARK-MASQ' },
  });
  assert.equal(text, '-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ');
});

test('comments made only of letters, digits, - and _ print without quotes', () => {
  assert.equal(ruleText('INPUT', { matches: [{ module: 'comment', comment: 'test' }] }), '-A INPUT -m comment --comment test');
  assert.equal(ruleText('INPUT', { matches: [{ module: 'comment', comment: 'a "b"' }] }), '-A INPUT -m comment --comment "a \\"b\\""');
});

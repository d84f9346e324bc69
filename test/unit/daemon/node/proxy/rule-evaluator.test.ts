import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateChain, RecentLists, type EvaluationEnvironment, type Packet } from '../../../../../daemon/node/proxy/rule-evaluator.js';
import type { Rule } from '../../../../../daemon/node/proxy/iptables-rule.js';

const packet: Packet = { source: 0x0af40109, sourceIP: '10.244.1.9', destination: 0x0a600001, destinationPort: 80, protocol: 'tcp', sourceIsLocal: false, destinationIsLocal: false };

function environment(chains: Record<string, Rule[]>, draws: number[] = []): EvaluationEnvironment {
  return { rulesFor: (chain) => chains[chain], random: () => draws.shift() ?? 0, now: () => 0, recent: new RecentLists() };
}

test('a user chain that ends or RETURNs hands the packet back to the next rule of its caller', () => {
  const chains: Record<string, Rule[]> = {
    TOP: [{ matches: [], target: { type: 'jump', chain: 'MARK' } }, { matches: [], target: { type: 'jump', chain: 'EARLY' } }, { matches: [], target: { type: 'dnat', ip: '10.244.2.2', port: 80 } }],
    MARK: [{ matches: [], target: { type: 'mark', value: 0x4000, mask: 0x4000 } }],
    EARLY: [{ matches: [], target: { type: 'verdict', verdict: 'RETURN' } }, { matches: [], target: { type: 'reject' } }],
  };
  const state = { marked: false };
  assert.deepEqual(evaluateChain(environment(chains), 'TOP', packet, state), { type: 'dnat', ip: '10.244.2.2', port: 80, servicePortName: '' });
  assert.equal(state.marked, true);
});

test('a statistic match draws only when the matches before it passed', () => {
  const draws = [0.9];
  const chains: Record<string, Rule[]> = {
    TOP: [
      { protocol: 'udp', matches: [{ module: 'statistic', probability: 0x40000000 }], target: { type: 'reject' } },
      { matches: [{ module: 'statistic', probability: 0x40000000 }], target: { type: 'reject' } },
    ],
  };
  assert.deepEqual(evaluateChain(environment(chains, draws), 'TOP', packet, { marked: false }), { type: 'continue' });
  assert.deepEqual(draws, [], 'one draw, for the tcp-compatible rule only');
});

test('recent lists match within --seconds of the last --set and reap older entries', () => {
  const lists = new RecentLists();
  lists.set('KUBE-SEP-A', '10.244.1.9', 1_000);
  assert.equal(lists.check('KUBE-SEP-A', '10.244.1.9', 10, 11_000), true);
  assert.equal(lists.check('KUBE-SEP-A', '10.244.1.8', 10, 11_000), false);
  assert.equal(lists.check('KUBE-SEP-A', '10.244.1.9', 10, 11_001), false);
  assert.equal(lists.check('KUBE-SEP-A', '10.244.1.9', 100, 11_001), false, 'reaped');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { ZoneDisruption, zoneKeyOf, zoneStates } from '../../../../daemon/controllers/node-disruption.js';
import { ManualClock } from '../../../../shared/clock.js';

const node = (name: string, ready: 'True' | 'False' | 'Unknown' | undefined, labels: Record<string, string> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: {}, status: { conditions: ready ? [{ type: 'Ready', status: ready }] : [] } }) as KubeObject;

test('zoneKeyOf: region and zone, the failure-domain.beta labels first, "" without either', () => {
  assert.equal(zoneKeyOf(node('n', 'True')), '');
  assert.equal(zoneKeyOf(node('n', 'True', { 'topology.kubernetes.io/zone': 'a' })), ':\x00:a');
  assert.equal(zoneKeyOf(node('n', 'True', { 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'a' })), 'r:\x00:a');
  assert.equal(zoneKeyOf(node('n', 'True', { 'topology.kubernetes.io/zone': 'a', 'failure-domain.beta.kubernetes.io/zone': 'old' })), ':\x00:old');
});

test('zoneStates: FullDisruption with no Ready node, PartialDisruption above 2 and at 55 % not ready', () => {
  const states = (list: KubeObject[]): string[] => [...zoneStates(list)].map(([zone, z]) => `${JSON.stringify(zone)} ${z.state} ${z.size}`);
  const ready = (n: number): KubeObject[] => Array.from({ length: n }, (_, i) => node(`r${i}`, 'True'));
  const down = (n: number): KubeObject[] => Array.from({ length: n }, (_, i) => node(`d${i}`, 'Unknown'));
  assert.deepEqual(states([...ready(1), ...down(1)]), ['"" Normal 2'], 'control plane + 1 worker, the worker down');
  assert.deepEqual(states([...ready(1), ...down(2)]), ['"" Normal 3'], '2 not ready is never partial');
  assert.deepEqual(states([...ready(1), ...down(3)]), ['"" PartialDisruption 4'], '3 of 4');
  assert.deepEqual(states([...ready(3), ...down(3)]), ['"" Normal 6'], '3 of 6 is 50 %');
  assert.deepEqual(states([...ready(2), ...down(3)]), ['"" PartialDisruption 5'], '3 of 5 is 60 %');
  assert.deepEqual(states(down(2)), ['"" FullDisruption 2']);
  assert.deepEqual(states([node('never', undefined), node('f', 'False')]), ['"" FullDisruption 2'], 'no Ready condition and Ready=False count as not ready');
  const excluded = node('cp', 'True', { 'node.kubernetes.io/exclude-disruption': '' });
  assert.deepEqual(states([excluded, ...down(1)]), ['"" FullDisruption 1'], 'a node with the exclude-disruption label is not counted');
});

test('the eviction bucket: first token at once, then one per 10 s; a partly disrupted zone of more than 50 nodes one per 100 s', () => {
  const clock = new ManualClock();
  const refilled: string[] = [];
  const zones = new ZoneDisruption(clock, (zone) => refilled.push(zone));
  const cluster = (ready: number, down: number): KubeObject[] => [
    ...Array.from({ length: ready }, (_, i) => node(`r${i}`, 'True')),
    ...Array.from({ length: down }, (_, i) => node(`d${i}`, 'Unknown')),
  ];
  const normal = cluster(3, 1);
  assert.equal(zones.modeFor(normal[3]!, normal), 'normal', 'a full bucket: the first taint at once');
  zones.spend('');
  assert.equal(zones.modeFor(normal[3]!, normal), 'held');
  clock.step(9_999);
  assert.equal(zones.modeFor(normal[3]!, normal), 'held');
  clock.step(1);
  assert.deepEqual(refilled, ['']);
  assert.equal(zones.modeFor(normal[3]!, normal), 'normal', '10 s later');

  // 30 of 60 Ready: 50 % is no partial disruption; 27 of 60 Ready (55 % down) is, and a zone of 60 > 50 nodes keeps evicting at 0.01/s.
  assert.equal(zones.modeFor(normal[0]!, cluster(30, 30)), 'normal');
  const large = cluster(27, 33);
  assert.equal(zones.modeFor(large[59]!, large), 'normal', 'the token was there: the new bucket starts full');
  zones.spend('');
  clock.step(10_000);
  assert.equal(zones.modeFor(large[59]!, large), 'held', 'not at 10 s');
  clock.step(90_000);
  assert.equal(zones.modeFor(large[59]!, large), 'normal', 'at 100 s');

  // The bucket follows the zone's state, not its size: still PartialDisruption, still 0.01/s.
  const shrunk = cluster(1, 3);
  assert.equal(zones.modeFor(shrunk[3]!, shrunk), 'normal');

  // A small partly disrupted zone stops; back to Normal, its new bucket starts empty (the stopped one had no token).
  const small = cluster(1, 3);
  const fresh = new ZoneDisruption(clock, () => {});
  assert.equal(fresh.modeFor(small[3]!, small), 'held');
  clock.step(60_000);
  assert.equal(fresh.modeFor(small[3]!, small), 'held', 'no token ever');
  const healed = cluster(2, 2);
  assert.equal(fresh.modeFor(healed[3]!, healed), 'held', 'the new bucket is empty');
  clock.step(10_000);
  assert.equal(fresh.modeFor(healed[3]!, healed), 'normal');
});

test('master disruption mode: every zone fully disrupted stops evictions; leaving it restarts the grace periods', () => {
  const clock = new ManualClock();
  let exits = 0;
  const zones = new ZoneDisruption(clock, () => {}, () => exits++);
  const a = (name: string, ready: 'True' | 'Unknown'): KubeObject => node(name, ready, { 'topology.kubernetes.io/zone': 'a' });
  const b = (name: string, ready: 'True' | 'Unknown'): KubeObject => node(name, ready, { 'topology.kubernetes.io/zone': 'b' });
  const oneZoneDown = [a('a1', 'True'), b('b1', 'Unknown')];
  assert.equal(zones.modeFor(oneZoneDown[1]!, oneZoneDown), 'normal', 'zone b fully disrupted beside a healthy zone a: the normal rate');
  const allDown = [a('a1', 'Unknown'), b('b1', 'Unknown')];
  assert.equal(zones.modeFor(allDown[0]!, allDown), 'stopped');
  assert.equal(exits, 0);
  assert.equal(zones.modeFor(oneZoneDown[1]!, oneZoneDown), 'held', 'out of it, the buckets start empty');
  assert.equal(exits, 1);
  clock.step(10_000);
  assert.equal(zones.modeFor(oneZoneDown[1]!, oneZoneDown), 'normal');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../../shared/clock.js';
import { ClusterNetwork, NetworkError, type Route, type RoutedConnection } from '../../../../daemon/runtime/network.js';

const get = { method: 'GET', path: '/', headers: {}, body: '' };

/** Two nodes (10.244.1.0/24 at 127.0.10.2, 10.244.2.0/24 at 127.0.10.3), a server pod on each. */
function cluster(routes: Record<string, (c: RoutedConnection) => Route> = {}) {
  const clock = new ManualClock();
  const network = new ClusterNetwork({ clock });
  network.attachNode({ name: 'node1', ip: '127.0.10.2', podCIDR: '10.244.1.0/24' });
  network.attachNode({ name: 'node2', ip: '127.0.10.3', podCIDR: '10.244.2.0/24' });
  const seen: RoutedConnection[] = [];
  for (const node of ['node1', 'node2']) {
    network.setRouter(node, {
      route: (c) => {
        seen.push({ ...c });
        return routes[node]?.(c) ?? { type: 'none' };
      },
    });
  }
  const client = network.forPod('10.244.1.7');
  network.forPod('10.244.2.4').listen(8080, (req) => ({ status: 200, headers: {}, body: `from ${req.remoteAddress}` }));
  return { clock, network, client, seen };
}

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof NetworkError, `expected a NetworkError, got ${String(error)}`);
  return error;
}

describe('ClusterNetwork', () => {
  it('routes a pod\'s connection through its own node\'s table and delivers the DNAT target', async () => {
    const { client, seen } = cluster({ node1: (c) => (c.destinationIP === '10.96.0.50' ? { type: 'dnat', ip: '10.244.2.4', port: 8080 } : { type: 'none' }) });
    const response = await client.request('10.96.0.50', 80, get);
    assert.equal(response.body, 'from 10.244.1.7');
    assert.deepEqual(seen, [{ sourceIP: '10.244.1.7', destinationIP: '10.96.0.50', destinationPort: 80, protocol: 'TCP', origin: 'pod' }]);
  });

  it('shows the node IP as the source when the rules masquerade', async () => {
    const { client } = cluster({ node1: () => ({ type: 'dnat', ip: '10.244.2.4', port: 8080, masquerade: true }) });
    assert.equal((await client.request('10.96.0.50', 80, get)).body, 'from 127.0.10.2');
  });

  it('reaches a pod on another node by its IP', async () => {
    const { client } = cluster();
    assert.equal((await client.request('10.244.2.4', 8080, get)).body, 'from 10.244.1.7');
  });

  it('sends the node\'s own connections through its OUTPUT rules (origin node)', async () => {
    const { network, seen } = cluster({ node2: () => ({ type: 'dnat', ip: '10.244.2.4', port: 8080 }) });
    assert.equal((await network.forNode('node2').request('10.96.0.50', 80, get)).body, 'from 127.0.10.3');
    assert.equal(seen[0]?.origin, 'node');
  });

  it('lets a connection to another node\'s IP meet that node\'s rules as outside traffic', async () => {
    const { client, seen } = cluster({ node2: (c) => (c.destinationPort === 31234 ? { type: 'dnat', ip: '10.244.2.4', port: 8080, masquerade: true } : { type: 'none' }) });
    assert.equal((await client.request('127.0.10.3', 31234, get)).body, 'from 127.0.10.3');
    assert.deepEqual(seen.map((c) => c.origin), ['pod', 'external']);
  });

  it('routes the host\'s NodePort connection once through the receiving node (origin external), then reuses it', async () => {
    const { network, seen } = cluster({ node1: () => ({ type: 'dnat', ip: '10.244.2.4', port: 8080 }) });
    const send = await network.connectExternal('node1', '127.0.0.1', 31234);
    assert.equal((await send(get)).body, 'from 127.0.0.1');
    assert.equal((await send(get)).body, 'from 127.0.0.1');
    assert.deepEqual(seen, [{ sourceIP: '127.0.0.1', destinationIP: '127.0.10.2', destinationPort: 31234, protocol: 'TCP', origin: 'external' }], 'one route per connection, as conntrack keeps it');
  });

  it('resets a host connection whose endpoint went away', async () => {
    const { network } = cluster({ node1: () => ({ type: 'dnat', ip: '10.244.2.9', port: 8080 }) });
    const stop = network.forPod('10.244.2.9').listen(8080, () => ({ status: 200, headers: {}, body: 'ok' }));
    const send = await network.connectExternal('node1', '127.0.0.1', 31234);
    stop();
    assert.equal((await failure(send(get))).message, 'Recv failure: Connection reset by peer');
  });

  it('refuses a REJECTed connection as curl words it', async () => {
    const { client } = cluster({ node1: () => ({ type: 'reject' }) });
    const error = await failure(client.request('10.96.0.50', 80, get));
    assert.equal(error.message, "Failed to connect to 10.96.0.50 port 80 after 0 ms: Couldn't connect to server");
    assert.equal(error.curlExitCode, 7);
    assert.equal(error.reason, 'refused');
  });

  it('refuses a connection to a pod with nothing on the port', async () => {
    const { client } = cluster();
    assert.equal((await failure(client.request('10.244.2.4', 9999, get))).reason, 'refused');
  });

  it('lets a DROPped connection time out at the caller\'s connect timeout, on the cluster clock', async () => {
    const { client, clock } = cluster({ node1: () => ({ type: 'drop' }) });
    const pending = failure(client.request('10.96.0.50', 80, get, { connectTimeoutMs: 5000 }));
    clock.step(4999);
    await Promise.resolve();
    clock.step(1);
    const error = await pending;
    assert.equal(error.message, 'Failed to connect to 10.96.0.50 port 80 after 5000 ms: Timeout was reached');
    assert.equal(error.curlExitCode, 28);
    assert.equal(error.reason, 'connect-timeout');
  });

  it('times out on an address nobody has after the kernel\'s SYN retries', async () => {
    const { client, clock } = cluster();
    const pending = failure(client.request('10.96.9.9', 80, get));
    clock.step(127_000);
    const error = await pending;
    assert.equal(error.message, "Failed to connect to 10.96.9.9 port 80 after 127000 ms: Couldn't connect to server");
    assert.equal(error.curlExitCode, 7);
    assert.equal(error.reason, 'timed-out');
  });

  it('keeps localhost inside the pod and never routes it', async () => {
    const { network, seen } = cluster();
    const pod = network.forPod('10.244.1.9');
    pod.listen(80, (req) => ({ status: 200, headers: {}, body: req.remoteAddress }));
    assert.equal((await pod.request('localhost', 80, get)).body, '127.0.0.1');
    assert.deepEqual(seen, []);
  });

  it('stops routing through a node whose proxy went away', async () => {
    const { network, client, clock } = cluster({ node1: () => ({ type: 'dnat', ip: '10.244.2.4', port: 8080 }) });
    network.setRouter('node1', undefined);
    const pending = failure(client.request('10.96.0.50', 80, get, { connectTimeoutMs: 1000 }));
    clock.step(1000);
    assert.equal((await pending).reason, 'connect-timeout');
  });

  it('answers pings from pods and nodes with a TTL that counts the routing nodes, never from a ClusterIP', () => {
    const { network, client } = cluster();
    network.forPod('10.244.1.8');
    const node1 = network.forNode('node1');
    const cases: { name: string; from: typeof client; to: string; want: { ttl: number } | undefined }[] = [
      { name: 'itself', from: client, to: '10.244.1.7', want: { ttl: 64 } },
      { name: 'a pod on the same node', from: client, to: '10.244.1.8', want: { ttl: 63 } },
      { name: 'a pod on another node', from: client, to: '10.244.2.4', want: { ttl: 62 } },
      { name: 'its own node', from: client, to: '127.0.10.2', want: { ttl: 64 } },
      { name: 'another node', from: client, to: '127.0.10.3', want: { ttl: 63 } },
      { name: 'a node to its pod', from: node1, to: '10.244.1.8', want: { ttl: 64 } },
      { name: 'a node to a pod elsewhere', from: node1, to: '10.244.2.4', want: { ttl: 63 } },
      { name: 'a ClusterIP', from: client, to: '10.96.0.50', want: undefined },
      { name: 'an unused pod address', from: client, to: '10.244.2.99', want: undefined },
    ];
    for (const c of cases) assert.deepEqual(c.from.ping?.(c.to), c.want, c.name);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterNetwork } from '../../../../../../daemon/runtime/network.js';
import { iputilsPingProgram } from '../../../../../../daemon/runtime/shell/builtins/ping.js';
import { coreutilsPrograms } from '../../../../../../daemon/runtime/shell/coreutils.js';
import { ManualClock } from '../../../../../../shared/clock.js';
import { TestContainer, settle } from '../harness.js';

const dns = {
  lookup: async (name: string) => (name === 'test-svc' ? { addresses: ['10.96.12.34'] } : { error: 'not-found' as const }),
  query: async () => ({ type: 'timeout' as const }),
};

/** A busybox pod at 10.244.1.5 on node1; another pod at 10.244.2.7 on node2. */
function container(): TestContainer {
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const network = new ClusterNetwork({ clock });
  network.attachNode({ name: 'node1', ip: '127.0.10.2', podCIDR: '10.244.1.0/24' });
  network.attachNode({ name: 'node2', ip: '127.0.10.3', podCIDR: '10.244.2.0/24' });
  network.forPod('10.244.2.7');
  return new TestContainer({ network, clock, podIP: '10.244.1.5' });
}

describe('ping', () => {
  it('pings a pod on another node once a second and prints busybox statistics', async () => {
    const c = container();
    const run = c.run(['ping', '-c', '3', '10.244.2.7'], { dns });
    for (let i = 0; i < 3; i++) {
      await settle();
      c.clock.step(1000);
    }
    assert.deepEqual(await run, {
      stdout:
        'PING 10.244.2.7 (10.244.2.7): 56 data bytes\n' +
        '64 bytes from 10.244.2.7: seq=0 ttl=62 time=0.161 ms\n' +
        '64 bytes from 10.244.2.7: seq=1 ttl=62 time=0.198 ms\n' +
        '64 bytes from 10.244.2.7: seq=2 ttl=62 time=0.175 ms\n' +
        '\n--- 10.244.2.7 ping statistics ---\n' +
        '3 packets transmitted, 3 packets received, 0% packet loss\n' +
        'round-trip min/avg/max = 0.161/0.178/0.198 ms\n',
      stderr: '',
      code: 0,
    });
  });

  it('gets no answer from a Service name: kube-proxy does not DNAT ICMP', async () => {
    const c = container();
    const run = c.run(['ping', '-c', '2', 'test-svc'], { dns });
    for (let i = 0; i < 12; i++) {
      await settle();
      c.clock.step(1000);
    }
    assert.deepEqual(await run, {
      stdout: 'PING test-svc (10.96.12.34): 56 data bytes\n\n--- test-svc ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n',
      stderr: '',
      code: 1,
    });
  });

  it('prints the statistics when interrupted', async () => {
    const c = container();
    const interrupt = new AbortController();
    // Not PID 1, which ignores the signal as on a real node: the interactive `ping` under a shell.
    const run = c.run(['ping', '-q', '10.244.2.7'], { dns, pid: 7, signal: interrupt.signal });
    await settle();
    c.clock.step(1000);
    await settle();
    interrupt.abort('SIGINT');
    assert.deepEqual(await run, {
      stdout: 'PING 10.244.2.7 (10.244.2.7): 56 data bytes\n\n--- 10.244.2.7 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.161/0.179/0.198 ms\n',
      stderr: '',
      code: 0,
    });
  });

  it('dies of SIGTERM (kill <pid>) without the statistics: ping catches only SIGINT', async () => {
    const c = container();
    const term = new AbortController();
    const run = c.run(['ping', '10.244.2.7'], { dns, pid: 7, signal: term.signal });
    await settle();
    c.clock.step(1000);
    await settle();
    term.abort('SIGTERM');
    assert.deepEqual(await run, {
      stdout: 'PING 10.244.2.7 (10.244.2.7): 56 data bytes\n64 bytes from 10.244.2.7: seq=0 ttl=62 time=0.161 ms\n64 bytes from 10.244.2.7: seq=1 ttl=62 time=0.198 ms\n',
      stderr: '',
      code: 143,
    });
  });

  it('stops at the -w deadline, counting the packet it was about to send, as busybox does', async () => {
    const c = container();
    const run = c.run(['ping', '-w', '3', '10.244.2.7'], { dns });
    for (let i = 0; i < 3; i++) {
      await settle();
      c.clock.step(1000);
    }
    assert.deepEqual(await run, {
      stdout:
        'PING 10.244.2.7 (10.244.2.7): 56 data bytes\n' +
        '64 bytes from 10.244.2.7: seq=0 ttl=62 time=0.161 ms\n' +
        '64 bytes from 10.244.2.7: seq=1 ttl=62 time=0.198 ms\n' +
        '64 bytes from 10.244.2.7: seq=2 ttl=62 time=0.175 ms\n' +
        '\n--- 10.244.2.7 ping statistics ---\n' +
        '4 packets transmitted, 3 packets received, 25% packet loss\n' +
        'round-trip min/avg/max = 0.161/0.178/0.198 ms\n',
      stderr: '',
      code: 0,
    });
    const short = c.run(['ping', '-c', '5', '-w', '2', '-q', '10.244.2.7'], { dns });
    for (let i = 0; i < 2; i++) {
      await settle();
      c.clock.step(1000);
    }
    const result = await short;
    assert.equal(result.stdout.split('\n').at(-3), '3 packets transmitted, 2 packets received, 33% packet loss');
    assert.equal(result.code, 1, 'fewer replies than -c asked for before the deadline');
  });

  it('prints the statistics on Ctrl-C at a terminal, which it handles itself', async () => {
    const c = container();
    const ctrlC = new Set<() => void>();
    const terminal = { size: () => ({ columns: 80, rows: 24 }), onInterrupt: (fn: () => void) => (ctrlC.add(fn), () => ctrlC.delete(fn)) };
    const run = c.run(['ping', '10.244.2.7'], { dns, terminal });
    await settle();
    for (const fn of ctrlC) fn();
    assert.deepEqual(await run, {
      stdout:
        'PING 10.244.2.7 (10.244.2.7): 56 data bytes\n64 bytes from 10.244.2.7: seq=0 ttl=62 time=0.161 ms\n' +
        '\n--- 10.244.2.7 ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = 0.161/0.161/0.161 ms\n',
      stderr: '',
      code: 0,
    });
    assert.equal(ctrlC.size, 0);
  });

  it('says bad address for a name nobody knows', async () => {
    assert.deepEqual(await container().run(['ping', 'nope'], { dns }), { stdout: '', stderr: "ping: bad address 'nope'\n", code: 1 });
  });

  it('speaks iputils on a node: icmp_seq from 1, the run\'s time, rtt with mdev, an empty line without replies', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const network = new ClusterNetwork({ clock });
    network.attachNode({ name: 'node1', ip: '127.0.10.2', podCIDR: '10.244.1.0/24' });
    network.forPod('10.244.1.8');
    const programs = new Map([...coreutilsPrograms, ['ping', iputilsPingProgram]]);
    const node = new TestContainer({ network, clock, podIP: '127.0.10.2', programs });
    const run = node.run(['ping', '-c', '2', '10.244.1.8']);
    await settle();
    clock.step(1000);
    assert.deepEqual(await run, {
      stdout:
        'PING 10.244.1.8 (10.244.1.8) 56(84) bytes of data.\n' +
        '64 bytes from 10.244.1.8: icmp_seq=1 ttl=64 time=0.051 ms\n' +
        '64 bytes from 10.244.1.8: icmp_seq=2 ttl=64 time=0.088 ms\n' +
        '\n--- 10.244.1.8 ping statistics ---\n' +
        '2 packets transmitted, 2 received, 0% packet loss, time 1000ms\n' +
        'rtt min/avg/max/mdev = 0.051/0.069/0.088/0.020 ms\n',
      stderr: '',
      code: 0,
    });
    const silent = node.run(['ping', '-c', '1', '-W', '1', '10.96.0.1']);
    await settle();
    clock.step(1000);
    assert.deepEqual(await silent, {
      stdout: 'PING 10.96.0.1 (10.96.0.1) 56(84) bytes of data.\n\n--- 10.96.0.1 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n',
      stderr: '',
      code: 1,
    });
    assert.deepEqual(await node.run(['ping', 'nope']), { stdout: '', stderr: 'ping: unknown host nope\n', code: 2 });
  });
});

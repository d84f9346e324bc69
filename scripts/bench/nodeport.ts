/**
 * Requests/s through a NodePort from the host (issue #6): an nginx Deployment of 3 pods behind a
 * NodePort Service, fetched with keep-alive and 16 requests in flight from this process at node1's
 * IP — through the node's listener, its kube-proxy rules and the simulated nginx — against the same
 * client fetching the same page from a plain `node:http` server on loopback in its own process, as
 * the daemon is (the limit of the machine and of the client). Target: half the plain server's rate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { monotonicMs, wallSleep } from '../../shared/clock.js';
import { withDaemon } from './bench-daemon.js';
import { BenchClient } from './bench-http.js';
import { rate, type BenchRow } from './bench-report.js';

/** Rounds alternate between the two servers, so both see the same load from the rest of the machine. */
const rounds = 8;
const requestsPerRound = 1000;
const warmup = 600;
const concurrency = 16;
const targetRatio = 0.5;

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
  },
};
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } };

/** GET / n times, `concurrency` at a time over keep-alive connections; resolves the ms it took. */
async function load(host: string, port: number, n: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request({ host, port, path: '/', agent }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET http://${host}:${port}/ answered ${res.statusCode}`));
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async (): Promise<void> => {
    while (next++ < n) await one();
  };
  const start = monotonicMs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = monotonicMs() - start;
  agent.destroy();
  return elapsed;
}

async function fetchPage(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(res.statusCode === 200 ? body : undefined));
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** The same page from a bare `node:http` server in a child process; resolves it and its port. */
function startPlainServer(page: string): Promise<{ child: ChildProcess; port: number }> {
  const script = `
    const page = require('fs').readFileSync(0, 'utf8');
    const server = require('http').createServer({ keepAlive: true }, (req, res) => {
      res.writeHead(200, { Server: 'nginx/1.27.3', 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page) });
      res.end(page);
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(page);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (data: Buffer) => resolve({ child, port: Number(data.toString().trim()) }));
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = monotonicMs() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (monotonicMs() > deadline) throw new Error(`nodeport bench: timed out waiting for ${what}`);
    await wallSleep(50);
  }
}

export async function benchNodePort(): Promise<BenchRow[]> {
  return withDaemon('nodeport', async (daemon) => {
    const client = new BenchClient(daemon);
    const json = { 'Content-Type': 'application/json' };
    await client.send('POST', '/apis/apps/v1/namespaces/default/deployments', deployment, json);
    const created = JSON.parse((await client.send('POST', '/api/v1/namespaces/default/services', service, json)).body.toString()) as { spec: { ports: { nodePort: number }[] } };
    const nodePort = created.spec.ports[0]!.nodePort;
    const node = JSON.parse((await client.send('GET', '/api/v1/nodes/node1')).body.toString()) as { status: { addresses: { type: string; address: string }[] } };
    const nodeIP = node.status.addresses.find((a) => a.type === 'InternalIP')!.address;
    await until('three ready endpoints', async () => {
      const answer = await client.send('GET', '/api/v1/namespaces/default/endpoints/web').catch(() => undefined); // 404 until the controller writes it
      const endpoints = answer ? (JSON.parse(answer.body.toString()) as { subsets?: { addresses?: unknown[] }[] }) : {};
      return (endpoints.subsets?.[0]?.addresses?.length ?? 0) === 3 ? true : undefined;
    });
    const page = await until(`the node port ${nodeIP}:${nodePort}`, () => fetchPage(nodeIP, nodePort));

    const plain = await startPlainServer(page);
    const plainPort = plain.port;
    try {
      await load(nodeIP, nodePort, warmup);
      await load('127.0.0.1', plainPort, warmup);
      let nodePortMs = 0;
      let plainMs = 0;
      for (let round = 0; round < rounds; round++) {
        nodePortMs += await load(nodeIP, nodePort, requestsPerRound);
        plainMs += await load('127.0.0.1', plainPort, requestsPerRound);
      }
      const throughNodePort = ((rounds * requestsPerRound) / nodePortMs) * 1000;
      const direct = ((rounds * requestsPerRound) / plainMs) * 1000;
      const ratio = throughNodePort / direct;
      return [
        {
          figure: `NodePort from the host, nginx x3 (${concurrency} in flight, keep-alive)`,
          measured: rate(throughNodePort),
          target: `≥ ${targetRatio} of plain`,
          met: ratio >= targetRatio,
          comparison: `plain node:http on loopback ${rate(direct)}; ratio ${ratio.toFixed(2)}`,
        },
      ];
    } finally {
      plain.child.kill();
    }
  });
}

/**
 * A bare HTTPS client for benchmarks: one keep-alive connection per client (so N clients are N
 * connections), the raw response bytes, and no parsing unless asked. Errors (status ≥ 400) throw
 * with the start of the body, so a benchmark never counts failures as throughput.
 */
import { Agent, request } from 'node:https';
import type { BenchDaemon } from './bench-daemon.js';

export interface BenchResponse {
  status: number;
  body: Buffer;
}

export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export class BenchClient {
  private readonly url: URL;
  private readonly agent: Agent;

  constructor(
    private readonly daemon: Pick<BenchDaemon, 'server' | 'token' | 'ca'>,
    options: { keepAlive?: boolean } = {},
  ) {
    this.url = new URL(daemon.server);
    this.agent = new Agent({ keepAlive: options.keepAlive ?? true, ca: daemon.ca, maxSockets: 1 });
  }

  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<BenchResponse> {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.daemon.token}`,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const out = { status: res.statusCode ?? 0, body: Buffer.concat(chunks) };
            if (out.status >= 400) reject(new Error(`${method} ${path}: HTTP ${out.status}: ${out.body.toString('utf8', 0, 300)}`));
            else resolve(out);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return JSON.parse((await this.send(method, path, body)).body.toString('utf8')) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs work(client, i) for i in [0, total) on `clients` parallel keep-alive connections. */
export async function inParallel(
  daemon: Pick<BenchDaemon, 'server' | 'token' | 'ca'>,
  clients: number,
  total: number,
  work: (client: BenchClient, i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const pool = Array.from({ length: clients }, () => new BenchClient(daemon));
  try {
    await Promise.all(
      pool.map(async (client) => {
        for (let i = next++; i < total; i = next++) await work(client, i);
      }),
    );
  } finally {
    for (const client of pool) client.close();
  }
}

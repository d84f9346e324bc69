/**
 * Raw HTTPS requests to a test daemon, for what kubectl never sends (malformed bodies, oversized
 * bodies, wrong content types): the answer's code and parsed body.
 */
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDaemon } from './daemon.js';

export interface RawResponse {
  code: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export function rawRequest(daemon: TestDaemon, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, token = daemon.token): Promise<RawResponse> {
  const ca = readFileSync(join(daemon.dataDir, 'apiserver.crt'));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: daemon.port, method, path, ca, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ code: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

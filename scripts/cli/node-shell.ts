/**
 * `kubelab node shell NAME [-- COMMAND…]`: a shell on a virtual node's machine, run by the daemon
 * (daemon/node/node-shell.ts) — nothing runs on the host. With a command it runs it, prints its
 * output and exits with its status, as `ssh node1 COMMAND` does; without one it is interactive:
 * the daemon's bash prompts (`[root@node1 /]# `), this reads each line from stdin and sends it.
 * The terminal stays in cooked mode (it echoes and edits lines); Ctrl-C ends the session.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError } from './args.js';

interface Connection {
  server: string;
  token: string;
  ca: string;
}

type Frame = { stdout?: string; stderr?: string; input?: true; exit?: number };

/** One exchange: posts a JSON body, writes the streamed output, resolves the session and how it ended. */
function exchange(conn: Connection, method: string, path: string, body: unknown): Promise<{ session: string; end: Frame }> {
  const url = new URL(conn.server);
  const payload = JSON.stringify(body ?? {});
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, ca: conn.ca, headers: { Authorization: `Bearer ${conn.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
      (res) => {
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (d: string) => (text += d));
          res.on('end', () => reject(new UsageError(statusMessage(res.statusCode ?? 0, text, path))));
          return;
        }
        let buffered = '';
        let end: Frame = { exit: 255 };
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const frame = JSON.parse(buffered.slice(0, newline)) as Frame;
            buffered = buffered.slice(newline + 1);
            if (frame.stdout !== undefined) process.stdout.write(frame.stdout);
            else if (frame.stderr !== undefined) process.stderr.write(frame.stderr);
            else end = frame;
          }
        });
        res.on('end', () => resolve({ session: String(res.headers['x-kubelab-session'] ?? ''), end }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** One line for the user: `no node named "x"`, `node node2 is not running`, or the Status message. */
function statusMessage(code: number, text: string, path: string): string {
  if (code === 404 && path.split('/').length <= 6) return `no node named "${decodeURIComponent(path.split('/')[4] ?? '')}"`;
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return `node shell failed (${code}): ${text.slice(0, 200)}`; // not a Status: show what came back
  }
}

export async function nodeShell(dataDir: string, server: string, name: string, command: string[]): Promise<number> {
  const conn: Connection = { server, token: readFileSync(join(dataDir, 'token'), 'utf8').trim(), ca: readFileSync(join(dataDir, 'apiserver.crt'), 'utf8') };
  const base = `/kubelab/v1/nodes/${encodeURIComponent(name)}/shell`;
  if (command.length > 0) {
    const { end } = await exchange(conn, 'POST', base, { command });
    return end.exit ?? 0;
  }
  const started = await exchange(conn, 'POST', base, {});
  const session = started.session;
  let end = started.end;
  const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const hangUp = (): void => {
    void exchange(conn, 'DELETE', `${base}/${session}`, {}).finally(() => process.exit(130));
  };
  process.once('SIGINT', hangUp);
  try {
    while (end.input) {
      const next = await lines.next();
      ({ end } = await exchange(conn, 'POST', `${base}/${session}`, next.done ? { eof: true } : { line: next.value }));
    }
  } finally {
    process.off('SIGINT', hangUp);
    await lines.return?.();
  }
  return end.exit ?? 0;
}

/**
 * `kubelab node kill|start NAME`: the machine behind a virtual node dies (no more heartbeats, its
 * containers gone) or comes back, through the daemon's kubelab-only endpoint. The cluster then
 * reacts as a real one does: the node goes NotReady after the grace period, its pods are evicted.
 * `node add [NAME]` brings a new worker, `node remove NAME` takes one away with its Node object;
 * the daemon words every answer, this prints it (`kubelab: …`, exit 1 when it is an error).
 * `kubelab node rules NAME` prints the node's kube-proxy table; `node shell` is node-shell.ts.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { UsageError } from './args.js';
import { runningDaemon } from './daemon-record.js';
import { nodeShell } from './node-shell.js';

const actions = new Set(['kill', 'start', 'remove']);

/** The one line the daemon answers with: `message` of its JSON or of its Status. */
function adminMessage(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined; // not JSON: the caller shows the raw body
  }
}

function call(dataDir: string, server: string, method: string, path: string): Promise<{ code: number; body: string }> {
  const url = new URL(server);
  const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
  const ca = readFileSync(join(dataDir, 'apiserver.crt'), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function nodeCommand(args: string[], dataDir: string): Promise<number> {
  // `node shell NAME -- CMD…`: what follows `--` is the command, flags and all.
  const dashes = args.indexOf('--');
  const command = dashes >= 0 ? args.slice(dashes + 1) : [];
  const [action, name] = (dashes >= 0 ? args.slice(0, dashes) : args).filter((a) => !a.startsWith('--') && a !== dataDir);
  if (action === 'add') {
    const record = runningDaemon(dataDir);
    if (!record) throw new UsageError(`no daemon is running for ${dataDir}`);
    const res = await call(dataDir, record.server, 'POST', `/kubelab/v1/nodes${name ? `?name=${encodeURIComponent(name)}` : ''}`);
    if (res.code !== 201) throw new UsageError(adminMessage(res.body) ?? `node add failed: ${res.body.slice(0, 200)}`);
    process.stdout.write(`kubelab: ${adminMessage(res.body)}\n`);
    return 0;
  }
  if ((action === 'rules' || action === 'shell') && name) {
    const record = runningDaemon(dataDir);
    if (!record) throw new UsageError(`no daemon is running for ${dataDir}`);
    if (action === 'shell') return nodeShell(dataDir, record.server, name, command);
    const res = await call(dataDir, record.server, 'GET', `/kubelab/v1/nodes/${encodeURIComponent(name)}/rules`);
    if (res.code === 404) throw new UsageError(`no node named "${name}"`);
    if (res.code !== 200) throw new UsageError(res.code === 503 ? `node ${name} is not running` : `node rules ${name} failed: ${res.body.slice(0, 200)}`);
    process.stdout.write(res.body);
    return 0;
  }
  if (!actions.has(action) || !name) throw new UsageError('usage: kubelab node kill|start|remove|rules NAME [--data DIR], kubelab node add [NAME], kubelab node shell NAME [-- COMMAND…]');
  const record = runningDaemon(dataDir);
  if (!record) throw new UsageError(`no daemon is running for ${dataDir}`);
  const res = await call(dataDir, record.server, 'POST', `/kubelab/v1/nodes/${encodeURIComponent(name)}/${action}`);
  if (res.code !== 200) throw new UsageError(adminMessage(res.body) ?? `node ${action} ${name} failed: ${res.body.slice(0, 200)}`);
  process.stdout.write(`kubelab: ${adminMessage(res.body) ?? `node ${name}: ${action} done`}\n`);
  return 0;
}

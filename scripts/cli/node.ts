/**
 * `kubelab node kill|start NAME`: the machine behind a virtual node dies (no more heartbeats, its
 * containers gone) or comes back, through the daemon's kubelab-only endpoint. The cluster then
 * reacts as a real one does: the node goes NotReady after the grace period, its pods are evicted.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { UsageError } from './args.js';
import { runningDaemon } from './daemon-record.js';

const actions = new Set(['kill', 'start']);

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
  const [action, name] = args.filter((a) => !a.startsWith('--') && a !== dataDir);
  if (action === 'add' || action === 'remove' || action === 'rules' || action === 'shell') {
    // TODO(#7): add/remove; TODO(#6): rules and shell come with kube-proxy.
    throw new UsageError(`node ${action} is not supported yet`);
  }
  if (!actions.has(action) || !name) throw new UsageError('usage: kubelab node kill|start NAME [--data DIR]');
  const record = runningDaemon(dataDir);
  if (!record) throw new UsageError(`no daemon is running for ${dataDir}`);
  const res = await call(dataDir, record.server, 'POST', `/kubelab/v1/nodes/${encodeURIComponent(name)}/${action}`);
  if (res.code === 404) throw new UsageError(`no node named "${name}"`);
  if (res.code !== 200) throw new UsageError(`node ${action} ${name} failed: ${res.body.slice(0, 200)}`);
  process.stdout.write(action === 'kill' ? `kubelab: node ${name} killed (its kubelet and containers stopped)\n` : `kubelab: node ${name} started\n`);
  return 0;
}

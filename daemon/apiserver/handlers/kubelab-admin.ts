/**
 * kubelab's own actions that no Kubernetes API has, such as killing a virtual node: served under
 * `/kubelab/v1/` on the API server (same token), used by `kubelab node kill|start|rules|shell`. Not
 * part of the Kubernetes surface: discovery does not list it and kubectl never calls it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, notFound, serviceUnavailable } from '../../../shared/api/errors.js';
import type { NodeShellHost } from '../../node/node-shell.js';
import { sendJson, sendText } from './respond.js';

export type NodeAction = 'kill' | 'start' | 'remove';

export interface KubelabAdmin {
  /** Applies the action; resolves with the line to show, or throws a StatusError (unknown node, already down…). */
  node(action: NodeAction, name: string): Promise<string>;
  /** Adds a worker (the next free name unless given); resolves with its name and the line to show. */
  addNode?(name: string | undefined): Promise<{ name: string; message: string }>;
  /** The virtual nodes and whether each runs. */
  nodes(): { name: string; running: boolean }[];
  /** The node's kube-proxy nat table as `iptables-save -t nat` prints it; null when the node is down. */
  rules?(name: string): Promise<string | null>;
  /** The node's machine for `kubelab node shell`; null when the node is down. */
  nodeShell?(name: string): Promise<NodeShellHost | null>;
}

export async function serveAdmin(admin: KubelabAdmin | undefined, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parts = path.split('/').filter(Boolean); // kubelab, v1, nodes, <name>, <action>
  if (!admin || parts[1] !== 'v1' || parts[2] !== 'nodes') throw notFound({ group: 'kubelab', resource: 'paths' }, path);
  if (parts.length === 3) {
    if (req.method === 'POST' && admin.addNode) {
      const added = await admin.addNode(new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? undefined);
      return sendJson(res, 201, { node: added.name, action: 'add', message: added.message });
    }
    if (req.method !== 'GET') throw methodNotAllowed();
    return sendJson(res, 200, { nodes: admin.nodes() });
  }
  const [name, action] = [parts[3], parts[4]];
  const known = (): void => {
    if (!admin.nodes().some((n) => n.name === name)) throw notFound({ group: '', resource: 'nodes' }, name);
  };
  if (action === 'rules' && admin.rules) {
    if (req.method !== 'GET') throw methodNotAllowed();
    known();
    const rules = await admin.rules(name);
    if (rules === null) throw serviceUnavailable(`node ${name} is not running`);
    return sendText(res, 200, rules);
  }
  if (action === 'shell' && admin.nodeShell) {
    known();
    const host = await admin.nodeShell(name);
    if (host === null) throw serviceUnavailable(`node ${name} is not running`);
    const { serveNodeShell } = await import('./node-shell-sessions.js');
    return serveNodeShell(async () => host, name, parts[5], req, res);
  }
  if (req.method !== 'POST' || (action !== 'kill' && action !== 'start' && action !== 'remove')) throw methodNotAllowed();
  sendJson(res, 200, { node: name, action, message: await admin.node(action, name) });
}

/**
 * kubelab's own actions that no Kubernetes API has, such as killing a virtual node: served under
 * `/kubelab/v1/` on the API server (same token), used by `kubelab node kill|start`. Not part of the
 * Kubernetes surface: discovery does not list it and kubectl never calls it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, notFound } from '../../../shared/api/errors.js';
import { sendJson } from './respond.js';

export type NodeAction = 'kill' | 'start';

export interface KubelabAdmin {
  /** Applies the action; false when there is no such node. */
  node(action: NodeAction, name: string): Promise<boolean>;
  /** The virtual nodes and whether each runs. */
  nodes(): { name: string; running: boolean }[];
}

export async function serveAdmin(admin: KubelabAdmin | undefined, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parts = path.split('/').filter(Boolean); // kubelab, v1, nodes, <name>, <action>
  if (!admin || parts[1] !== 'v1' || parts[2] !== 'nodes') throw notFound({ group: 'kubelab', resource: 'paths' }, path);
  if (parts.length === 3) {
    if (req.method !== 'GET') throw methodNotAllowed();
    return sendJson(res, 200, { nodes: admin.nodes() });
  }
  const [name, action] = [parts[3], parts[4]];
  if (req.method !== 'POST' || (action !== 'kill' && action !== 'start')) throw methodNotAllowed();
  if (!(await admin.node(action, name))) throw notFound({ group: '', resource: 'nodes' }, name);
  sendJson(res, 200, { node: name, action });
}

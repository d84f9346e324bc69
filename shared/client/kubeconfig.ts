/**
 * Reading a kubeconfig file into what HttpClient needs (server, CA, bearer token), as kubectl's
 * clientcmd does for the subset kubelab writes: inline or file CA, token or tokenFile, the named
 * context or the current one. Leaves out client certificates, exec/auth plugins and proxies
 * (kubelab's daemon only issues bearer tokens).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { HttpClient, type HttpClientOptions } from './http-client.js';

export interface KubeconfigTarget {
  /** The context used: the one asked for, else current-context, else `kubelab`. */
  context: string;
  cluster: string;
  user: string;
  /** The context's namespace, `default` when it names none (as kubectl). */
  namespace: string;
  server: string;
  token: string;
  ca: string;
}

interface Named {
  name?: string;
  [key: string]: unknown;
}

function find(list: unknown, name: string, what: string, path: string): Record<string, unknown> {
  const entry = Array.isArray(list) ? (list as Named[]).find((e) => e?.name === name) : undefined;
  const body = entry?.[what];
  if (!body || typeof body !== 'object') throw new Error(`kubeconfig ${path}: no ${what} named "${name}"`);
  return body as Record<string, unknown>;
}

/** Reads a file named in a kubeconfig; relative paths are relative to the kubeconfig's folder (clientcmd). */
function readRelative(kubeconfigPath: string, file: string): string {
  return readFileSync(isAbsolute(file) ? file : join(dirname(kubeconfigPath), file), 'utf8');
}

/** Parses a kubeconfig file; throws an Error whose message names the file and what is missing. */
export function loadKubeconfig(path: string, options: { context?: string } = {}): KubeconfigTarget {
  const doc = (parse(readFileSync(path, 'utf8')) ?? {}) as Record<string, unknown>;
  const context = options.context ?? (typeof doc['current-context'] === 'string' && doc['current-context'] ? (doc['current-context'] as string) : 'kubelab');
  const ctx = find(doc.contexts, context, 'context', path);
  const clusterName = String(ctx.cluster ?? '');
  const userName = String(ctx.user ?? '');
  const cluster = find(doc.clusters, clusterName, 'cluster', path);
  const user = find(doc.users, userName, 'user', path);
  const server = String(cluster.server ?? '');
  if (!server) throw new Error(`kubeconfig ${path}: cluster "${clusterName}" has no server`);
  let ca = '';
  if (typeof cluster['certificate-authority-data'] === 'string') ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  else if (typeof cluster['certificate-authority'] === 'string') ca = readRelative(path, cluster['certificate-authority']);
  let token = '';
  if (typeof user.token === 'string') token = user.token;
  else if (typeof user.tokenFile === 'string') token = readRelative(path, user.tokenFile).trim();
  return { context, cluster: clusterName, user: userName, namespace: typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : 'default', server, token, ca };
}

/** An HttpClient for a kubeconfig's context; the TUI asks for `watchTransport: 'websocket'`. */
export function httpClientFromKubeconfig(path: string, options: { context?: string; watchTransport?: HttpClientOptions['watchTransport'] } = {}): { client: HttpClient; target: KubeconfigTarget } {
  const target = loadKubeconfig(path, { context: options.context });
  const client = new HttpClient({ server: target.server, token: target.token, ca: target.ca, watchTransport: options.watchTransport });
  return { client, target };
}

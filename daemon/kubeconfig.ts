/**
 * kubeconfig files: the daemon's own (`<data>/kubeconfig`, mode 0600, context `kubelab`) and the
 * merge into the user's kubeconfig that kind and minikube do, so plain `kubectl` works in any
 * terminal. The merge replaces only the `kubelab` cluster, user and context entries.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const contextName = 'kubelab';

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

export interface KubeconfigInput {
  server: string;
  caPem: string;
  token: string;
}

function entries(input: KubeconfigInput): { cluster: Named<unknown>; user: Named<unknown>; context: Named<unknown> } {
  return {
    cluster: { name: contextName, cluster: { server: input.server, 'certificate-authority-data': Buffer.from(input.caPem).toString('base64') } },
    user: { name: contextName, user: { token: input.token } },
    context: { name: contextName, context: { cluster: contextName, user: contextName, namespace: 'default' } },
  };
}

export async function writeDaemonKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  // Written from a template rather than through the yaml package: its import costs ~80 ms of
  // start-up, and every value here (URL, base64, hex token) is plain YAML as it stands.
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${contextName}`,
    '  cluster:',
    `    server: ${input.server}`,
    `    certificate-authority-data: ${Buffer.from(input.caPem).toString('base64')}`,
    'users:',
    `- name: ${contextName}`,
    '  user:',
    `    token: ${input.token}`,
    'contexts:',
    `- name: ${contextName}`,
    '  context:',
    `    cluster: ${contextName}`,
    `    user: ${contextName}`,
    '    namespace: default',
    `current-context: ${contextName}`,
    'preferences: {}',
    '',
  ].join('\n');
  writeAtomically(path, text);
}

/** The file kubectl reads first: the first entry of $KUBECONFIG, else ~/.kube/config. */
export function userKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((p) => p.trim() !== '');
  return first ?? join(homedir(), '.kube', 'config');
}

export async function mergeIntoUserKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  const { parse, stringify } = await import('yaml');
  const doc = existsSync(path) ? ((parse(readFileSync(path, 'utf8')) as Record<string, unknown> | null) ?? {}) : {};
  const e = entries(input);
  const upsert = (list: unknown, entry: Named<unknown>): Named<unknown>[] => {
    const items = Array.isArray(list) ? (list as Named<unknown>[]).filter((x) => x?.name !== entry.name) : [];
    return [...items, entry];
  };
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  doc.clusters = upsert(doc.clusters, e.cluster);
  doc.users = upsert(doc.users, e.user);
  doc.contexts = upsert(doc.contexts, e.context);
  doc['current-context'] = contextName;
  doc.preferences ??= {};
  mkdirSync(dirname(path), { recursive: true });
  writeAtomically(path, stringify(doc));
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * What the apiserver says when the kubelet of a pod's node does not answer (the node was killed):
 * it dials `<node InternalIP>:10250` for logs, exec and attach, as kind's kube-apiserver does
 * (kubeadm sets --kubelet-preferred-address-types=InternalIP,...), and the dial to a machine that is
 * gone fails with `connect: no route to host`. The URL is the kubelet's (k/k pod LogLocation,
 * streamLocation), its query encoded as Go's url.Values.Encode does: keys sorted.
 */
import { StatusError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { KubeletDirectory } from '../kubelet-directory.js';
import type { StreamOptions } from './channel-session.js';

const kubeletPort = 10250;

/**
 * The dial error (Go's url.Error text) when the pod's node is unreachable; undefined when it
 * answers. Throws the NotFound of a Node that no longer exists, as the apiserver's node lookup does.
 */
export function kubeletDialError(directory: KubeletDirectory, pod: Readonly<KubeObject>, method: 'Get' | 'Post', path: string, query: [string, string][]): string | undefined {
  const host = unreachableKubelet(directory, pod);
  if (!host) return undefined;
  const sorted = [...query].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const encoded = sorted.map(([k, v]) => `${queryEscape(k)}=${queryEscape(v)}`).join('&');
  return `${method} "https://${host}${path}${encoded ? `?${encoded}` : ''}": dial tcp ${host}: connect: no route to host`;
}

/**
 * `<hostIP>:10250` when the kubelet of the pod's node does not answer, else undefined. Throws the
 * NotFound of a Node that no longer exists, as the apiserver's node lookup does.
 */
export function unreachableKubelet(directory: KubeletDirectory, pod: Readonly<KubeObject>): string | undefined {
  const nodeName: string | undefined = pod.spec?.nodeName;
  const hostIP: string | undefined = pod.status?.hostIP;
  if (!nodeName) return undefined;
  // The Node is read for its address first: a deleted one is `nodes "node3" not found` (NotFound).
  directory.getNode?.(nodeName);
  // A pod its kubelet never started has no hostIP: kubelab does not know the address to name.
  if (!hostIP || !directory.isUnreachable(nodeName)) return undefined;
  return `${hostIP}:${kubeletPort}`;
}

/**
 * The port-forward proxy's failure when the kubelet does not answer (apimachinery's upgrade-aware
 * proxy, `error dialing backend: …`): not a Status error, so the apiserver answers 500 with that
 * text and no reason, and kubectl 1.32 prints `error: error upgrading connection: error dialing
 * backend: dial tcp 172.18.0.3:10250: connect: no route to host`.
 */
export function backendDialFailure(host: string): StatusError {
  return new StatusError(500, '', `error dialing backend: dial tcp ${host}: connect: no route to host`);
}

/**
 * Go's url.QueryEscape: only letters, digits and `-_.~` stay, a space is `+`. (URLSearchParams
 * differs on `*` and `~`, encodeURIComponent on `!'()*` and the space.)
 */
function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The kubelet's query for the log options kubectl sent (k/k LogLocation). */
export function logQuery(url: URL): [string, string][] {
  const query: [string, string][] = [];
  const flag = (name: string): void => {
    if (url.searchParams.get(name) === 'true') query.push([name, 'true']);
  };
  const value = (name: string): void => {
    const v = url.searchParams.get(name);
    if (v !== null && v !== '') query.push([name, v]);
  };
  flag('follow');
  flag('previous');
  flag('timestamps');
  value('sinceSeconds');
  value('sinceTime');
  value('tailLines');
  value('limitBytes');
  return query;
}

/** The kubelet's query for an exec or attach (k/k streamParams): input, output, error, tty, command. */
export function streamQuery(streams: StreamOptions, command: string[] = []): [string, string][] {
  const query: [string, string][] = [];
  if (streams.stdin) query.push(['input', '1']);
  if (streams.stdout) query.push(['output', '1']);
  if (streams.stderr) query.push(['error', '1']);
  if (streams.tty) query.push(['tty', '1']);
  for (const arg of command) query.push(['command', arg]);
  return query;
}

/** The Status an exec or attach session ends with: the SPDY dial failed behind the WebSocket translator. */
export function dialFailureStatus(dialError: string): object {
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: error sending request: ${dialError}`, reason: 'InternalError', code: 500 };
}

/**
 * The CheckEnvironment of a client that reaches the daemon over HTTP (the CLI, the TUI): logs
 * through `GET pods/<name>/log`, NodePorts through a plain GET from this machine, where the
 * nodes' loopback IPs really listen. The in-process client has neither; its checks of those
 * kinds report "cannot check".
 */
import type { ApiClient } from '../client/client.js';
import { canStreamPodLogs } from '../client/log-stream.js';
import type { CheckEnvironment } from './lab-checks.js';

/** A NodePort that does not answer within this time counts as not answering. */
const httpTimeoutMs = 3000;

export function httpCheckEnvironment(client: ApiClient, namespace: string): CheckEnvironment {
  const env: CheckEnvironment = { client, namespace, httpGet: httpGetText };
  if (canStreamPodLogs(client)) {
    env.readLog = async (ns, pod, container) => {
      let text = '';
      const handle = await client.streamPodLog(ns, pod, { container }, (chunk) => (text += chunk));
      await handle.done;
      return text;
    };
  }
  return env;
}

async function httpGetText(url: string): Promise<string> {
  // Node 20's global fetch: no dependency, and AbortSignal.timeout needs no timer of our own.
  const response = await fetch(url, { signal: AbortSignal.timeout(httpTimeoutMs) });
  return response.text();
}

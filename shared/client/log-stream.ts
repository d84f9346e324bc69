/**
 * Streaming a container's log (`GET pods/<name>/log`, chunked when following) and reading
 * kubelab's own text endpoints. Not part of ApiClient: the in-process client has no kubelet to
 * read from, so only clients that can stream implement these, and callers test with the guards.
 */

/** The query of `GET pods/<name>/log`, as `kubectl logs` sends it (reference/kubectl-compat.md §9.7). */
export interface PodLogOptions {
  container?: string;
  previous?: boolean;
  follow?: boolean;
  /** Prefix each line with its RFC3339Nano time and a space. */
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
}

export interface LogStreamHandle {
  /** Closes the stream; no chunk is delivered after it returns. */
  stop(): void;
  /** Settles when the stream ends: the container stopped, the server closed, or stop(). */
  readonly done: Promise<void>;
}

export interface PodLogStreamer {
  /**
   * Resolves once the server answered 200 and then calls onText with each chunk of text as it
   * arrives; rejects with the StatusError of a refused request (e.g. 400 `container "x" in pod
   * "y" is waiting to start: ContainerCreating`).
   */
  streamPodLog(namespace: string, name: string, options: PodLogOptions, onText: (text: string) => void): Promise<LogStreamHandle>;
}

/** A GET of a non-Kubernetes path of the API server (kubelab's `/kubelab/v1/...`) as text. */
export interface RawTextGetter {
  /** Rejects with a StatusError on any answer of 400 or more. */
  getText(path: string): Promise<string>;
}

/** True when the client can stream pod logs (the HTTP client can, the in-process one cannot). */
export function canStreamPodLogs(client: unknown): client is PodLogStreamer {
  return typeof (client as Partial<PodLogStreamer> | null)?.streamPodLog === 'function';
}

/** True when the client can GET kubelab's own text endpoints. */
export function canGetText(client: unknown): client is RawTextGetter {
  return typeof (client as Partial<RawTextGetter> | null)?.getText === 'function';
}

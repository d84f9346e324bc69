/**
 * One container log followed over the API (what `kubectl logs -f [-p] -c <c>` does), for the
 * logs view: it opens the stream with timestamps (so the `t` toggle needs no new request), fills
 * a bounded LogBuffer, and reports the API's refusal in kubectl's words (`Error from server
 * (BadRequest): container "x" in pod "y" is waiting to start: ContainerCreating`). When a
 * container was waiting or its stream ended, a change of the pod (it started, it restarted)
 * reopens the stream, as k9s does; kubectl would have exited instead.
 */
import type { KubeObject } from '../../shared/api/meta.js';
import type { ApiClient } from '../../shared/client/client.js';
import { canStreamPodLogs, type LogStreamHandle } from '../../shared/client/log-stream.js';
import { errorText } from './api-error-text.js';
import { LogBuffer, defaultLogCapacity } from './log-buffer.js';

export type LogSessionState = 'connecting' | 'streaming' | 'ended' | 'error';

export interface LogSessionOptions {
  client: ApiClient;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  capacity?: number;
  /** Called after every change of lines or state; the caller throttles rendering. */
  onChange(): void;
}

/** The message shown when the client has no log stream (the in-process client). */
export const logsUnavailableMessage = 'logs are not available from this client';

export class LogSession {
  readonly buffer: LogBuffer;
  state: LogSessionState = 'connecting';
  error: string | undefined;
  private handle: LogStreamHandle | undefined;
  private stopped = false;
  /** The container's identity when the stream was opened: a new one means it restarted. */
  private openedFor = '';
  private opening = false;

  constructor(private readonly options: LogSessionOptions) {
    this.buffer = new LogBuffer(options.capacity ?? defaultLogCapacity);
  }

  get container(): string {
    return this.options.container;
  }

  get previous(): boolean {
    return this.options.previous;
  }

  /** Opens the stream; failures end in state 'error' with kubectl's text, never a rejection. */
  async start(pod?: KubeObject): Promise<void> {
    const { client, namespace, container, previous } = this.options;
    if (this.stopped || this.opening) return;
    if (!canStreamPodLogs(client)) return this.fail(logsUnavailableMessage);
    this.opening = true;
    this.openedFor = pod ? containerIdentity(pod, container) : '';
    // A reopened stream replays the container's log from the start: drop what the last one showed.
    this.buffer.clear();
    this.setState('connecting');
    try {
      const handle = await client.streamPodLog(namespace, this.options.pod, { container, previous, follow: !previous, timestamps: true, tailLines: this.buffer.capacity }, (text) => {
        this.buffer.append(text);
        this.options.onChange();
      });
      if (this.stopped) return handle.stop();
      this.handle = handle;
      this.error = undefined;
      this.setState('streaming');
      void handle.done.then(() => {
        if (this.handle !== handle || this.stopped) return;
        this.handle = undefined;
        this.setState('ended');
      });
    } catch (err) {
      this.fail(errorText(err));
    } finally {
      this.opening = false;
    }
  }

  /** The pod changed: reopen when the container we wait for started or restarted. */
  podChanged(pod: KubeObject): void {
    if (this.stopped || this.opening || this.options.previous) return;
    if (this.state === 'streaming' || this.state === 'connecting') return;
    const identity = containerIdentity(pod, this.options.container);
    if (identity !== '' && identity !== this.openedFor) void this.start(pod);
  }

  stop(): void {
    this.stopped = true;
    this.handle?.stop();
    this.handle = undefined;
  }

  private fail(message: string): void {
    this.error = message;
    this.setState('error');
  }

  private setState(state: LogSessionState): void {
    this.state = state;
    this.options.onChange();
  }
}

/** The running container's id and restart count, or '' when it is not running. */
export function containerIdentity(pod: KubeObject, container: string): string {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as { name?: string; containerID?: string; restartCount?: number; state?: { running?: unknown; terminated?: unknown } }[];
  const status = statuses.find((s) => s.name === container);
  if (!status || !(status.state?.running || status.state?.terminated)) return '';
  return `${status.containerID ?? ''}#${status.restartCount ?? 0}`;
}

/** The containers of a pod one can read logs of, init containers first, as `kubectl logs -c` accepts them. */
export function podContainers(pod: KubeObject): string[] {
  const names = (list: { name?: string }[] | undefined): string[] => (list ?? []).map((c) => c.name ?? '').filter(Boolean);
  return [...names(pod.spec?.initContainers), ...names(pod.spec?.containers), ...names(pod.spec?.ephemeralContainers)];
}

/** kubectl's default container: the `kubectl.kubernetes.io/default-container` annotation, else the first. */
export function defaultContainer(pod: KubeObject): string | undefined {
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const containers = (pod.spec?.containers ?? []) as { name?: string }[];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  return containers[0]?.name;
}

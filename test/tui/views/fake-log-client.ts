/**
 * An ApiClient that can stream logs, for the logs view's tests: the real in-process client for
 * everything else, and a scripted streamPodLog whose streams a test writes to, ends, or refuses
 * with the Status a kubelet would send.
 */
import type { ApiClient } from '../../../shared/client/client.js';
import type { LogStreamHandle, PodLogOptions, PodLogStreamer } from '../../../shared/client/log-stream.js';
import type { StatusError } from '../../../shared/api/errors.js';

export interface FakeStream {
  namespace: string;
  pod: string;
  options: PodLogOptions;
  write(text: string): void;
  end(): void;
  stopped: boolean;
}

export interface FakeLogClient {
  client: ApiClient & PodLogStreamer;
  streams: FakeStream[];
  /** The next open fails with this error. */
  refuseNext(err: StatusError): void;
}

export function fakeLogClient(inner: ApiClient): FakeLogClient {
  const streams: FakeStream[] = [];
  let refusal: StatusError | undefined;
  const streamPodLog = async (namespace: string, pod: string, options: PodLogOptions, onText: (text: string) => void): Promise<LogStreamHandle> => {
    if (refusal) {
      const err = refusal;
      refusal = undefined;
      throw err;
    }
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const stream: FakeStream = {
      namespace,
      pod,
      options,
      stopped: false,
      write: (text) => {
        if (!stream.stopped) onText(text);
      },
      end: () => finish(),
    };
    streams.push(stream);
    return {
      stop: () => {
        stream.stopped = true;
        finish();
      },
      done,
    };
  };
  // The in-process client as prototype: its methods run with their own state, plus the stream.
  const client = Object.assign(Object.create(inner) as ApiClient, { streamPodLog });
  return { client, streams, refuseNext: (err) => void (refusal = err) };
}

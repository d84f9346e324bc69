/**
 * The HTTP implementation of ApiClient: what the TUI and a node in another process use. JSON over
 * HTTPS with a bearer token; watches over chunked HTTP, one JSON event per line, or over WebSocket
 * (`watchTransport: 'websocket'`, what the TUI uses; shared/client/websocket-watch.ts). Errors
 * arrive as Status bodies and are rethrown as StatusError.
 */
import { request, Agent } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { StatusError, internalError } from '../api/errors.js';
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '../api/meta.js';
import type { ApiClient, ListOptions, PatchType, ResourceRef, WatchHandle, WatchHandler, WatchOptions, WriteOptions } from './client.js';
import { openWebSocketWatch } from './websocket-watch.js';
import type { LogStreamHandle, PodLogOptions } from './log-stream.js';

export interface HttpClientOptions {
  /** `https://127.0.0.1:6443` */
  server: string;
  token: string;
  /** PEM of the CA that signed the server's certificate. */
  ca: string;
  /** How watches travel: chunked HTTP (default, as kubectl) or one WebSocket message per event. */
  watchTransport?: 'chunked' | 'websocket';
}

const patchMediaTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

function basePath(ref: ResourceRef, namespace: string | undefined): string {
  const root = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  return namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${ref.resource}` : `${root}/${ref.resource}`;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The StatusError of an error answer: its Status body when it has one, else the text as an InternalError. */
function statusErrorOf(code: number, body: string): StatusError {
  try {
    const parsed = JSON.parse(body) as Status;
    if (parsed?.kind === 'Status') return StatusError.fromStatus(parsed);
  } catch {
    // Not JSON: a plain-text error body, kept as the message below.
  }
  return new StatusError(code, 'InternalError', body.trim() || `request failed with status ${code}`);
}

function writeQuery(options: WriteOptions = {}): string {
  return query({ dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager, fieldValidation: options.fieldValidation });
}

export class HttpClient implements ApiClient {
  private readonly url: URL;
  private readonly agent: Agent;

  constructor(private readonly options: HttpClientOptions) {
    this.url = new URL(options.server);
    this.agent = new Agent({ keepAlive: true, ca: options.ca, maxSockets: 64 });
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json', ...(payload ? { 'Content-Type': contentType, 'Content-Length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              return reject(internalError(`unparseable response (${res.statusCode}): ${text.slice(0, 200)}`));
            }
            if ((res.statusCode ?? 500) >= 400) {
              const status = parsed as Status;
              return reject(status?.kind === 'Status' ? StatusError.fromStatus(status) : new StatusError(res.statusCode ?? 500, 'InternalError', text));
            }
            resolve(parsed);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async get(ref: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject> {
    return (await this.send('GET', `${basePath(ref, namespace)}/${encodeURIComponent(name)}`)) as KubeObject;
  }

  async list(ref: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList> {
    return (await this.send('GET', basePath(ref, namespace) + query({ ...options }))) as KubeList;
  }

  async create(ref: ResourceRef, namespace: string | undefined, obj: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    return (await this.send('POST', basePath(ref, namespace ?? obj.metadata?.namespace) + writeQuery(options), obj)) as KubeObject;
  }

  async update(ref: ResourceRef, obj: KubeObject, options: WriteOptions & { subresource?: 'status' | 'scale' | 'finalize' | 'ephemeralcontainers' | 'approval' } = {}): Promise<KubeObject> {
    const { subresource, ...rest } = options;
    const path = `${basePath(ref, obj.metadata.namespace)}/${encodeURIComponent(obj.metadata.name ?? '')}${subresource ? `/${subresource}` : ''}`;
    return (await this.send('PUT', path + writeQuery(rest), obj)) as KubeObject;
  }

  async patch(ref: ResourceRef, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: WriteOptions & { subresource?: 'status' | 'scale' | 'ephemeralcontainers' } = {}): Promise<KubeObject> {
    const { subresource, ...rest } = options;
    const path = `${basePath(ref, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
    return (await this.send('PATCH', path + writeQuery(rest), patch, patchMediaTypes[type])) as KubeObject;
  }

  async delete(ref: ResourceRef, namespace: string | undefined, name: string, options: Omit<DeleteOptions, 'dryRun'> & { dryRun?: boolean } = {}): Promise<KubeObject> {
    const { dryRun, ...body } = options;
    return (await this.send('DELETE', `${basePath(ref, namespace)}/${encodeURIComponent(name)}` + query({ dryRun: dryRun ? 'All' : undefined }), body)) as KubeObject;
  }

  async deleteCollection(ref: ResourceRef, namespace: string | undefined, options: ListOptions & DeleteOptions = {}): Promise<KubeList> {
    const { labelSelector, fieldSelector, ...body } = options;
    return (await this.send('DELETE', basePath(ref, namespace) + query({ labelSelector, fieldSelector }), body)) as KubeList;
  }

  async createSubresource(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<KubeObject | Status> {
    return (await this.send('POST', `${basePath(ref, namespace)}/${encodeURIComponent(name)}/${subresource}`, body)) as KubeObject;
  }

  async getSubresource(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string): Promise<KubeObject> {
    return (await this.send('GET', `${basePath(ref, namespace)}/${encodeURIComponent(name)}/${subresource}`)) as KubeObject;
  }

  /** The server this client talks to, as given (`https://127.0.0.1:6443`). */
  get server(): string {
    return this.options.server;
  }

  /**
   * A request outside the Kubernetes API with the same token and CA, e.g. kubelab's own
   * `POST /kubelab/v1/nodes/node1/kill`. Rejects with a StatusError on a 4xx/5xx answer.
   */
  async raw(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.send(method, path, body);
  }

  /** GET of a path outside the Kubernetes API (kubelab's `/kubelab/v1/...`) as text; StatusError on 4xx/5xx. */
  getText(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.url.hostname, port: this.url.port, method: 'GET', path, agent: this.agent, headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'text/plain, application/json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) < 400) return resolve(text);
            reject(statusErrorOf(res.statusCode ?? 500, text));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /**
   * `GET pods/<name>/log` as a stream (shared/client/log-stream.ts): resolves on a 200 answer, then
   * hands each chunk of text to onText until the server ends the response or stop() is called.
   */
  streamPodLog(namespace: string, name: string, options: PodLogOptions, onText: (text: string) => void): Promise<LogStreamHandle> {
    const path = `${basePath({ group: '', version: 'v1', resource: 'pods' }, namespace)}/${encodeURIComponent(name)}/log` + query({ ...options });
    return this.openStream(path, '*/*', 'text', onText);
  }

  watch(ref: ResourceRef, namespace: string | undefined, options: WatchOptions, handler: WatchHandler): Promise<WatchHandle> {
    const path = basePath(ref, namespace) + query({ watch: 'true', ...options });
    if (this.options.watchTransport === 'websocket') {
      const url = new URL(path, this.url);
      url.protocol = this.url.protocol === 'http:' ? 'ws:' : 'wss:';
      return openWebSocketWatch({ url: url.toString(), token: this.options.token, ca: this.options.ca }, handler);
    }
    return this.openStream(path, 'application/json', 'lines', (line) => {
      if (line.trim()) handler(JSON.parse(line) as WatchEvent);
    });
  }

  /**
   * A long GET read as text while it arrives (a followed log, a chunked watch): resolves on a
   * success answer with a handle whose stop() ends it, rejects with the StatusError of an error
   * answer. `lines` hands over whole lines, none of them after stop() (even from the chunk being
   * read). No keep-alive agent: the request holds its connection for as long as it is open.
   */
  private openStream(path: string, accept: string, unit: 'text' | 'lines', onText: (text: string) => void): Promise<WatchHandle & LogStreamHandle> {
    return new Promise((resolve, reject) => {
      let finish: () => void = () => {};
      const done = new Promise<void>((r) => (finish = r));
      let stopped = false;
      const deliver = (text: string) => {
        if (!stopped) onText(text);
      };
      const onChunk = unit === 'lines' ? splitLines(deliver) : deliver;
      const req = request(
        { host: this.url.hostname, port: this.url.port, method: 'GET', path, ca: this.options.ca, headers: { Authorization: `Bearer ${this.options.token}`, Accept: accept } },
        (res: IncomingMessage) => {
          res.setEncoding('utf8');
          if ((res.statusCode ?? 500) >= 400) {
            let body = '';
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => reject(statusErrorOf(res.statusCode ?? 500, body)));
            res.on('error', reject);
            return;
          }
          res.on('data', onChunk);
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
          resolve({
            stop: () => {
              stopped = true;
              req.destroy();
              finish();
            },
            done,
          });
        },
      );
      req.on('error', (err) => {
        finish();
        reject(err);
      });
      req.end();
    });
  }
}

/**
 * Turns text arriving in arbitrary chunks into whole lines (without the newline), as a chunked
 * watch sends one JSON event per line. A trailing partial line waits for the next chunk.
 */
export function splitLines(onLine: (line: string) => void): (chunk: string) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      onLine(line);
    }
  };
}

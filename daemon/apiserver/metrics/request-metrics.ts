/**
 * The API server's per-request bookkeeping for `/metrics`, kept in front of apiserver-metrics.ts
 * so that prom-client (~35 ms to import) stays off the daemon's start-up path (DESIGN "Build and
 * start-up"): requests are measured from the first one, and the few that finish before the
 * library has loaded are handed over once it has. Imitates where kube-apiserver measures: a request
 * is counted when its response ends (a watch when it ends), and the max-in-flight filter's counts
 * leave long-running requests (watches, log/exec/attach/port-forward) out.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { monotonicMs } from '../../../shared/clock.js';
import { logger } from '../../../shared/log.js';
import type { Store } from '../../store/store.js';
import type { ApiServerMetrics, InflightCounts } from './apiserver-metrics.js';
import { requestLabels, type RequestLabels } from './request-labels.js';

const log = logger('apiserver');

const longRunningVerbs = new Set(['WATCH', 'CONNECT']);
/** Finished requests held while prom-client loads; beyond this the oldest are dropped. */
const maxPending = 10_000;

interface Finished {
  labels: RequestLabels;
  code: number;
  seconds: number;
}

export class RequestMetrics {
  private readonly inflight: InflightCounts = { mutating: 0, readOnly: 0 };
  private metrics: ApiServerMetrics | undefined;
  private loading: Promise<ApiServerMetrics> | undefined;
  private pending: Finished[] = [];

  constructor(private readonly store: Store) {}

  /** Starts loading prom-client; the listener calls this once it is up. */
  load(): Promise<ApiServerMetrics> {
    this.loading ??= import('./apiserver-metrics.js').then(({ ApiServerMetrics }) => {
      const metrics = new ApiServerMetrics(this.store, this.inflight);
      for (const { labels, code, seconds } of this.pending) metrics.record(labels, code, seconds);
      this.pending = [];
      this.metrics = metrics;
      return metrics;
    });
    return this.loading;
  }

  /** The exposition text and its Content-Type. */
  async render(): Promise<{ text: string; contentType: string }> {
    const metrics = await this.load();
    const { metricsContentType } = await import('./apiserver-metrics.js');
    return { text: await metrics.render(), contentType: metricsContentType };
  }

  /** An authenticated, authorized HTTP request: in flight until its response closes, then counted. */
  track(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const method = req.method ?? 'GET';
    const labels = requestLabels(method, url.pathname, url.searchParams, req.headers['content-type']);
    const longRunning = labels !== undefined && longRunningVerbs.has(labels.verb);
    const kind: keyof InflightCounts = method === 'GET' || method === 'HEAD' ? 'readOnly' : 'mutating';
    if (!longRunning) this.inflight[kind]++;
    const start = monotonicMs();
    res.once('close', () => {
      if (!longRunning) this.inflight[kind]--;
      if (labels) this.finish(labels, res.statusCode, start);
    });
  }

  /** An upgraded request (exec, attach, port-forward, a WebSocket watch): 101 once it ends. */
  trackUpgrade(req: IncomingMessage, socket: Duplex, url: URL): void {
    const labels = requestLabels(req.method ?? 'GET', url.pathname, url.searchParams, req.headers['content-type']);
    if (!labels) return;
    const start = monotonicMs();
    socket.once('close', () => this.finish(labels, 101, start));
  }

  private finish(labels: RequestLabels, code: number, start: number): void {
    const seconds = (monotonicMs() - start) / 1000;
    if (this.metrics) return this.metrics.record(labels, code, seconds);
    if (this.pending.length >= maxPending) {
      log.debug('metrics not loaded yet: dropping the oldest pending request');
      this.pending.shift();
    }
    this.pending.push({ labels, code, seconds });
  }
}

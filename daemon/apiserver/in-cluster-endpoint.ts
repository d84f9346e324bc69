/**
 * The API server as pods reach it: `https://kubernetes.default.svc` (10.96.0.1:443) is routed by
 * kube-proxy to the `kubernetes` Service's endpoint, the control-plane node's 6443, where the
 * simulated kube-apiserver container hands the request here (runtime/images/control-plane.ts).
 * It is sent to the daemon's own HTTPS listener on loopback, so a pod gets exactly what kubectl
 * would: the same authentication (its service-account token, or 401 without one), RBAC, handlers
 * and Status texts. Only this one address is reachable, and nothing but the pod's request line,
 * headers and body cross: pods still reach nothing else of the host.
 * Left out: streaming answers. A simulated curl takes whole answers, so a watch or `follow` ends
 * after `streamCutMs` with what has arrived (the real one would stream until curl is stopped).
 */
import { request } from 'node:https';
import { wallSleep } from '../../shared/clock.js';
import type { HttpHandler, HttpRequest, HttpResponse } from '../runtime/network.js';

/** How long a streaming answer (watch, logs -f) is read before it is cut. */
const streamCutMs = 2_000;
/** Hop-by-hop headers (RFC 9110 §7.6.1) that a proxy does not forward. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

export interface InClusterEndpointOptions {
  /** The daemon's listener port, known once it listens. */
  port: () => number | undefined;
  /** The serving certificate (self-signed: its own CA). */
  caPem: string;
}

export function inClusterApiEndpoint(options: InClusterEndpointOptions): HttpHandler {
  return (req) => forward(options, req);
}

function forward(options: InClusterEndpointOptions, req: HttpRequest): Promise<HttpResponse> {
  const port = options.port();
  if (port === undefined) return Promise.resolve({ status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'the API server is not listening yet\n' });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (!hopByHop.has(name.toLowerCase())) headers[name] = value;
  headers['Content-Length'] = String(Buffer.byteLength(req.body));
  const answered = new Promise<HttpResponse>((resolve) => {
    const outgoing = request({ host: '127.0.0.1', port, method: req.method, path: req.path.startsWith('/') ? req.path : `/${req.path}`, headers, ca: options.caPem, servername: 'localhost' }, (res) => {
      const chunks: Buffer[] = [];
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        const answer: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && !hopByHop.has(name)) answer[canonicalName(name)] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 502, headers: answer, body: Buffer.concat(chunks).toString('utf8') });
      };
      // Wall time, not the cluster clock: this bounds a real socket read of the daemon's own listener.
      void wallSleep(streamCutMs).then(() => {
        if (done) return;
        finish();
        res.destroy();
      });
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', finish);
      res.on('error', finish);
    });
    outgoing.on('error', (err) => resolve({ status: 502, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${err.message}\n` }));
    outgoing.end(req.body);
  });
  // The executor throws only where Node refuses a request line or header it cannot send (a space
  // in the path, a control character in a header): Go's net/http refuses such bytes with a plain 400.
  return answered.catch((err: unknown) => {
    void err;
    return { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, body: '400 Bad Request' };
  });
}

/** `content-type` → `Content-Type`, as Go's net/http writes header names. */
function canonicalName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

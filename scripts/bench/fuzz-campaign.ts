/**
 * Runs the bad-input campaign (issue #9, item 3) against a running daemon: generated requests
 * (fuzz-requests.ts) sent on parallel keep-alive connections, each answer judged (a 4xx must be a
 * Status with the same code; no 5xx; no hang), the daemon checked alive between batches, and at the
 * end every object in the fuzzed namespace checked whole and acknowledged. A request is replayed
 * from (seed, batch, index): batch b is `fc.sample(fuzzRequest, {seed: seed + b})`.
 */
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fuzzNamespace, fuzzObjectName, fuzzRequest, type FuzzRequest } from './fuzz-requests.js';
import { skeleton } from './fuzz-bodies.js';

export interface FuzzTarget {
  server: string;
  token: string;
  ca: string;
  pid: number;
}

export interface FuzzAnswer {
  code: number;
  text: string;
  /** The request timed out or the connection broke. */
  error?: string;
}

export interface FuzzFailure {
  seed: number;
  batch: number;
  index: number;
  request: FuzzRequest;
  answer: FuzzAnswer;
  reason: string;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  accepted: number;
  clientErrors: number;
  serverErrors: number;
  /**
   * The 5xx a v1.32 apiserver itself sends, counted apart: 504 for a resourceVersion it has not
   * reached, and the 500 without a reason for a strategic-merge patch error it does not classify
   * (`unknown patch type`, a missing merge key: handlers/patch.go returns the plain Go error).
   */
  kubernetesServerErrors: number;
  crashes: number;
  failures: FuzzFailure[];
  /** Names that a 2xx write answered with: the only objects the campaign may leave behind. */
  acknowledged: Set<string>;
}

const requestTimeoutMs = 20_000;

/** Sends one request and reads the answer; a streaming 200 (watch, log follow) is cut after its headers unless readStreams. */
export function sendRaw(target: FuzzTarget, agent: Agent, req: FuzzRequest, token = target.token, readStreams = false): Promise<FuzzAnswer> {
  const url = new URL(target.server);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
  return new Promise((resolve) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (req.accept) headers.Accept = req.accept;
    if (req.contentType !== undefined) headers['Content-Type'] = req.contentType;
    if (body) headers['Content-Length'] = String(body.length);
    let settled = false;
    const done = (answer: FuzzAnswer): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    // Characters no HTTP client sends raw (spaces, non-ASCII) go percent-encoded, as kubectl's would.
    const path = req.path.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
    const out = request({ host: url.hostname, port: url.port, method: req.method, path, agent, headers, timeout: requestTimeoutMs }, (res) => {
      const code = res.statusCode ?? 0;
      if (code === 200 && !readStreams && isStream(req)) {
        done({ code, text: '' });
        out.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ code, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => done({ code, text: '', error: err.message }));
    });
    out.on('timeout', () => {
      done({ code: 0, text: '', error: `no answer in ${requestTimeoutMs / 1000} s` });
      out.destroy();
    });
    out.on('error', (err) => done({ code: 0, text: '', error: err.message }));
    out.end(body);
  });
}

/** A watch or a followed log: its 200 is a stream that does not end by itself. */
function isStream(req: FuzzRequest): boolean {
  const query = new URL(req.path, 'https://x').searchParams;
  return ['true', '1'].includes(query.get('watch') ?? '') || query.get('follow') === 'true';
}

/** Why an answer is wrong, or undefined when it is what a real apiserver would send. */
export function judge(req: FuzzRequest, answer: FuzzAnswer): string | undefined {
  if (answer.error) return `no answer: ${answer.error}`;
  if (answer.code >= 500) return isKubernetesServerError(req, answer) ? undefined : `server error ${answer.code}`;
  if (answer.code < 400 || req.method === 'HEAD') return undefined;
  let status: { kind?: string; code?: number; message?: string } | undefined;
  try {
    status = JSON.parse(answer.text) as typeof status;
  } catch {
    return `a ${answer.code} whose body is not JSON`;
  }
  if (status?.kind !== 'Status') return `a ${answer.code} whose body is not a Status`;
  if (status.code !== answer.code) return `a ${answer.code} carrying a Status with code ${status.code}`;
  if (!status.message) return `a ${answer.code} Status without a message`;
  return undefined;
}

function isKubernetesServerError(req: FuzzRequest, answer: FuzzAnswer): boolean {
  if (answer.code === 504) return answer.text.includes('"message":"Timeout: Too large resource version');
  if (answer.code !== 500 || req.method !== 'PATCH' || req.contentType !== 'application/strategic-merge-patch+json') return false;
  try {
    const status = JSON.parse(answer.text) as { reason?: string; message?: string };
    return status.reason === undefined && /^(unknown patch type: |map: .* does not contain declared merge key: )/.test(status.message ?? '');
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resident memory of pid in KiB (Linux), or undefined. */
export function rssKiB(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

const prepared: { path: string; kind: string }[] = [
  { path: '/api/v1/namespaces/fuzz/configmaps', kind: 'ConfigMap' },
  { path: '/api/v1/namespaces/fuzz/secrets', kind: 'Secret' },
  { path: '/api/v1/namespaces/fuzz/pods', kind: 'Pod' },
  { path: '/api/v1/namespaces/fuzz/services', kind: 'Service' },
  { path: '/api/v1/namespaces/fuzz/serviceaccounts', kind: 'ServiceAccount' },
  { path: '/apis/apps/v1/namespaces/fuzz/deployments', kind: 'Deployment' },
];

/** Creates the `fuzz` namespace and one object of each fuzzed kind (again, if a DELETE took one). */
export async function prepareFuzzObjects(target: FuzzTarget, agent: Agent): Promise<void> {
  const send = (path: string, object: unknown): Promise<FuzzAnswer> => sendRaw(target, agent, { method: 'POST', path, contentType: 'application/json', body: JSON.stringify(object) });
  const ns = await send('/api/v1/namespaces', skeleton('Namespace', fuzzNamespace));
  if (ns.code !== 201 && ns.code !== 409) throw new Error(`fuzz: cannot create namespace ${fuzzNamespace}: ${ns.code} ${ns.text}`);
  for (const p of prepared) {
    const answer = await send(p.path, skeleton(p.kind, fuzzObjectName));
    if (answer.code !== 201 && answer.code !== 409 && answer.code !== 403) throw new Error(`fuzz: cannot prepare ${p.path}: ${answer.code} ${answer.text}`);
  }
}

export interface CampaignOptions {
  requests: number;
  seed: number;
  concurrency?: number;
  batchSize?: number;
  /** Called after each batch (progress, memory samples). */
  onBatch?: (report: FuzzReport, batch: number) => void;
}

/** Sends `requests` generated requests; stops early when the daemon dies. */
export async function runFuzzCampaign(target: FuzzTarget, options: CampaignOptions): Promise<FuzzReport> {
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 500;
  const agent = new Agent({ keepAlive: true, ca: target.ca, maxSockets: concurrency });
  const report: FuzzReport = { seed: options.seed, sent: 0, accepted: 0, clientErrors: 0, serverErrors: 0, kubernetesServerErrors: 0, crashes: 0, failures: [], acknowledged: new Set() };
  try {
    for (let batch = 0; report.sent < options.requests; batch++) {
      await prepareFuzzObjects(target, agent);
      const size = Math.min(batchSize, options.requests - report.sent);
      const requests = fc.sample(fuzzRequest, { seed: options.seed + batch, numRuns: size });
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let index = next++; index < requests.length; index = next++) {
            const req = requests[index];
            const answer = await sendRaw(target, agent, req);
            record(report, req, answer, { seed: options.seed, batch, index });
          }
        }),
      );
      if (!isAlive(target.pid)) {
        report.crashes++;
        break;
      }
      options.onBatch?.(report, batch);
    }
  } finally {
    agent.destroy();
  }
  return report;
}

function record(report: FuzzReport, req: FuzzRequest, answer: FuzzAnswer, at: { seed: number; batch: number; index: number }): void {
  report.sent++;
  if (answer.code >= 200 && answer.code < 300) {
    report.accepted++;
    if (req.method !== 'GET' && req.method !== 'HEAD') acknowledge(report, req, answer);
  } else if (answer.code >= 400 && answer.code < 500) report.clientErrors++;
  else if (isKubernetesServerError(req, answer)) report.kubernetesServerErrors++;
  else if (answer.code >= 500) report.serverErrors++;
  const reason = judge(req, answer);
  if (reason) report.failures.push({ ...at, request: req, answer: { ...answer, text: answer.text.slice(0, 400) }, reason });
}

/** Records the names a successful write may have created: from the answer (a generateName) and the request. */
function acknowledge(report: FuzzReport, req: FuzzRequest, answer: FuzzAnswer): void {
  const segments = new URL(req.path, 'https://x').pathname.split('/');
  report.acknowledged.add(segments[segments.length - 1]);
  try {
    const object = JSON.parse(answer.text) as { metadata?: { name?: string }; rows?: { object?: { metadata?: { name?: string } } }[] };
    const name = object.metadata?.name ?? object.rows?.[0]?.object?.metadata?.name;
    if (name) report.acknowledged.add(name);
  } catch {
    // an answer in another encoding: the request's own name is recorded below
  }
  try {
    const body = JSON.parse(String(req.body)) as { metadata?: { name?: unknown } };
    if (typeof body?.metadata?.name === 'string') report.acknowledged.add(body.metadata.name);
  } catch {
    // not a JSON body (YAML, protobuf): its name, if any, is in the answer
  }
}

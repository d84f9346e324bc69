/**
 * `GET pods/<name>/log`: the container's log from its node's kubelet, as plain text, with
 * `container`, `previous`, `tailLines`, `sinceSeconds`, `sinceTime`, `timestamps`, `limitBytes` and
 * `follow` (stream new lines until the container ends or the client goes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, nonStatusError } from '../../../shared/api/errors.js';
import { rfc3339NanoFixed } from '../../../shared/clock.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import type { LogLine } from '../../runtime/container.js';
import type { KubeletDirectory } from '../kubelet-directory.js';
import { checkLogsAvailable, targetContainer } from './container-target.js';
import { kubeletDialError, logQuery } from './kubelet-dial.js';

function integerParam(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`${name}: Invalid value: "${value}": strconv.ParseInt: parsing "${value}": invalid syntax`);
  return Number(value);
}

function format(line: LogLine, timestamps: boolean): string {
  // Output the container ended without a newline is logged as a partial line and printed without one.
  const end = line.partial ? '' : '\n';
  return timestamps ? `${rfc3339NanoFixed(line.time)} ${line.text}${end}` : `${line.text}${end}`;
}

export async function serveLog(directory: KubeletDirectory, pod: KubeObject, req: IncomingMessage, res: ServerResponse, url: URL, now: number): Promise<void> {
  const container = targetContainer(pod, url.searchParams.get('container'));
  // kube-apiserver has no kubelet to ask for a pod not yet placed and answers with an empty log.
  if (!pod.spec?.nodeName) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    return void res.end();
  }
  // The kubelet's own checks (checkLogsAvailable) come after the apiserver has reached it.
  const dialError = kubeletDialError(directory, pod, 'Get', `/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${container}`, logQuery(url));
  if (dialError) throw nonStatusError(dialError);
  const previous = url.searchParams.get('previous') === 'true';
  checkLogsAvailable(pod, container, previous);
  const tailLines = integerParam(url, 'tailLines');
  const sinceSeconds = integerParam(url, 'sinceSeconds');
  const limitBytes = integerParam(url, 'limitBytes');
  const sinceTime = url.searchParams.get('sinceTime');
  const timestamps = url.searchParams.get('timestamps') === 'true';
  const follow = url.searchParams.get('follow') === 'true' && !previous;
  const since = sinceSeconds !== undefined ? now - sinceSeconds * 1000 : sinceTime ? Date.parse(sinceTime) : undefined;

  const handle = directory.forNode(pod.spec?.nodeName ?? '')?.containerHandle(pod.metadata.uid!, container, previous);
  let lines = (handle?.log.lines() ?? []).filter((l) => since === undefined || l.time >= since);
  if (tailLines !== undefined && tailLines >= 0) lines = lines.slice(Math.max(0, lines.length - tailLines));

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}) });
  // A followed log that has no line yet still answers at once, as the kubelet's stream does: Node
  // holds the headers back until the first write otherwise, and the client would wait for them.
  if (follow) res.flushHeaders();
  let budget = limitBytes ?? Infinity;
  const write = (line: LogLine): boolean => {
    let text = format(line, timestamps);
    if (Buffer.byteLength(text) > budget) text = Buffer.from(text).subarray(0, budget).toString();
    budget -= Buffer.byteLength(text);
    res.write(text);
    return budget > 0;
  };
  for (const line of lines) if (!write(line)) return void res.end();
  if (!follow || !handle) return void res.end();

  await new Promise<void>((resolve) => {
    let stop = (): void => {};
    const end = (): void => {
      stop();
      resolve();
    };
    stop = handle.log.follow((line) => {
      if (!write(line)) end();
    });
    req.on('close', end);
    void handle.wait().then(end, end);
  });
  res.end();
}

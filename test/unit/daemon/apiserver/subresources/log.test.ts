import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveLog } from '../../../../../daemon/apiserver/subresources/log.js';
import { KubeletDirectory, type KubeletEndpoint } from '../../../../../daemon/apiserver/kubelet-directory.js';
import type { KubeObject } from '../../../../../shared/api/meta.js';
import type { LogLine } from '../../../../../daemon/runtime/container.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'quiet', namespace: 'default', uid: 'u1' },
  spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'busybox' }] },
  status: { containerStatuses: [{ name: 'c', state: { running: { startedAt: '2026-11-22T00:00:00Z' } } }] },
} as unknown as KubeObject;

/** A kubelet whose container c has written nothing yet; line() writes one and end() stops it. */
function quietKubelet(): { directory: KubeletDirectory; line: (text: string, time?: number) => void; end: () => void } {
  const followers = new Set<(line: LogLine) => void>();
  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const handle = { log: { lines: (): LogLine[] => [], follow: (fn: (line: LogLine) => void) => (followers.add(fn), () => followers.delete(fn)) }, wait: () => done };
  const directory = new KubeletDirectory();
  directory.register('node1', { containerHandle: () => handle } as unknown as KubeletEndpoint);
  return { directory, line: (text, time = 0) => followers.forEach((fn) => fn({ time, text, stream: 'stdout' } as LogLine)), end: () => ended() };
}

/** Serves the pod's log from directory on a loopback port and GETs path from it. */
async function getLog(t: TestContext, directory: KubeletDirectory, path: string): Promise<IncomingMessage> {
  const server = createServer((req, res) => void serveLog(directory, pod, req, res, new URL(req.url!, 'http://x'), 0));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return new Promise<IncomingMessage>((resolve, reject) => request({ host: '127.0.0.1', port, path }, resolve).on('error', reject).end());
}

test('timestamps=true prefixes each line with its time as the kubelet prints it: RFC 3339, nine digits of fraction', { timeout: 5000 }, async (t) => {
  const kubelet = quietKubelet();
  const res = await getLog(t, kubelet.directory, '/api/v1/namespaces/default/pods/quiet/log?follow=true&timestamps=true');
  res.setEncoding('utf8');
  let body = '';
  res.on('data', (chunk: string) => (body += chunk));
  const ended = new Promise((resolve) => res.on('end', resolve));
  kubelet.line('hello', Date.UTC(2026, 10, 23, 2, 43, 18, 834) + 0.5);
  kubelet.line('again', Date.UTC(2026, 10, 23, 2, 43, 19));
  kubelet.end();
  await ended;
  assert.equal(body, '2026-11-23T02:43:18.834500000Z hello\n2026-11-23T02:43:19.000000000Z again\n');
});

test('a followed log with no line yet answers 200 at once, then streams the lines as they come and ends with the container', { timeout: 5000 }, async (t) => {
  const kubelet = quietKubelet();
  const res = await getLog(t, kubelet.directory, '/api/v1/namespaces/default/pods/quiet/log?follow=true');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/plain');
  res.setEncoding('utf8');
  let body = '';
  res.on('data', (chunk: string) => (body += chunk));
  const ended = new Promise((resolve) => res.on('end', resolve));
  kubelet.line('hello');
  kubelet.end();
  await ended;
  assert.equal(body, 'hello\n');
});

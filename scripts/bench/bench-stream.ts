/**
 * Streaming requests for benchmarks, as kubectl makes them: a watch over chunked HTTP (one JSON
 * event per line), `pods/exec` over WebSocket `v5.channel.k8s.io` (the first byte of each
 * message is the channel; channel 3 carries the exit Status), and `pods/log?follow=true` read as
 * it arrives. Each resolves on the monotonic clock the bench measures with.
 */
import { request } from 'node:https';
import WebSocket from 'ws';
import { splitLines } from '../../shared/client/http-client.js';
import type { BenchDaemon } from './bench-daemon.js';

type Daemon = Pick<BenchDaemon, 'server' | 'token' | 'ca'>;

/** A long GET whose body is read line by line; stop() ends it. */
export function streamLines(daemon: Daemon, path: string, onLine: (line: string) => void): { stop: () => void; done: Promise<void> } {
  const url = new URL(daemon.server);
  let stopRequest: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', ca: daemon.ca, headers: { Authorization: `Bearer ${daemon.token}`, Accept: 'application/json' } }, (res) => {
      if ((res.statusCode ?? 0) >= 400) {
        reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      res.on(
        'data',
        splitLines((line) => {
          if (line.length > 0) onLine(line);
        }),
      );
      res.on('end', () => resolve());
      res.on('error', () => resolve()); // destroyed by stop()
    });
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err)));
    req.end();
    stopRequest = () => req.destroy();
  });
  return { stop: () => stopRequest(), done };
}

/** Watches path (a list path; `watch=1` is added) until until(event) says so; resolves with the event. */
export function watchUntil<T>(daemon: Daemon, path: string, until: (event: { type: string; object: T }) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = streamLines(daemon, `${path}${path.includes('?') ? '&' : '?'}watch=1`, (line) => {
      const event = JSON.parse(line) as { type: string; object: T };
      if (until(event)) {
        stream.stop();
        resolve();
      }
    });
    stream.done.then(() => reject(new Error(`watch ${path} ended before its condition held`)), reject);
  });
}

/** One `pods/exec` over WebSocket; resolves with stdout once the exit Status (channel 3) arrives. */
export function execOnce(daemon: Daemon, namespace: string, pod: string, command: string[]): Promise<string> {
  const url = new URL(daemon.server);
  const query = [...command.map((c) => `command=${encodeURIComponent(c)}`), 'stdout=true', 'stderr=true'].join('&');
  const socket = new WebSocket(`wss://${url.host}/api/v1/namespaces/${namespace}/pods/${pod}/exec?${query}`, ['v5.channel.k8s.io'], { ca: daemon.ca, headers: { Authorization: `Bearer ${daemon.token}` } });
  return new Promise((resolve, reject) => {
    let stdout = '';
    socket.on('message', (data: Buffer) => {
      if (data[0] === 1) stdout += data.subarray(1).toString('utf8');
      if (data[0] === 3) {
        const status = JSON.parse(data.subarray(1).toString('utf8')) as { status: string; message?: string };
        socket.close();
        if (status.status === 'Success') resolve(stdout);
        else reject(new Error(`exec ${command.join(' ')}: ${status.message}`));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('exec: the connection closed before the exit status')));
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { badRequest } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { startApi } from '../../helpers/api.js';
import { LogsView } from '../../../tui/views/logs.js';
import { fakeLogClient } from './fake-log-client.js';
import { fitsIn, frameLines, frameMatching, viewProps } from './view-harness.js';

const pods = { group: '', version: 'v1', resource: 'pods' };

function pod(name: string, containers: string[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: containers.map((c) => ({ name: c, image: 'busybox' })) } };
}

async function setup(t: Parameters<typeof startApi>[0], containers = ['app'], size = { width: 70, height: 8 }) {
  const api = await startApi(t);
  await api.client.create(pods, 'default', pod('web', containers));
  const fake = fakeLogClient(api.client);
  const props = viewProps(fake.client, size);
  return { api, fake, props };
}

const ts = (n: number): string => `2026-01-01T00:00:0${n}.000000000Z`;

test('LogsView follows the log, toggles timestamps and wrap, and keeps to its size', async (t) => {
  const { fake, props } = await setup(t);
  const view = render(createElement(LogsView, { ...props, target: { ref: pods, namespace: 'default', name: 'web' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, () => fake.streams.length === 1, 'the stream to open');
  assert.deepEqual(fake.streams[0]!.options, { container: 'app', previous: false, follow: true, timestamps: true, tailLines: 5000 });
  fake.streams[0]!.write(`${ts(1)} hello\n${ts(2)} world\n`);
  let frame = await frameMatching(view.lastFrame, (f) => f.includes('world'), 'the log lines');
  assert.deepEqual(frameLines(frame), ['logs default/web:app  Autoscroll:On Timestamps:Off Wrap:Off', 'hello', 'world']);

  view.stdin.write('t');
  frame = await frameMatching(view.lastFrame, (f) => f.includes('Timestamps:On'), 'timestamps on');
  assert.equal(frameLines(frame)[1], `${ts(1)} hello`);

  fake.streams[0]!.write(`${ts(3)} ${'x'.repeat(100)}\n`);
  frame = await frameMatching(view.lastFrame, (f) => f.includes('xxx'), 'the long line');
  assert.equal(frameLines(frame)[3], `${ts(3)} ${'x'.repeat(38)}…`);
  view.stdin.write('w');
  frame = await frameMatching(view.lastFrame, (f) => f.includes('Wrap:On'), 'wrap on');
  assert.deepEqual(frameLines(frame).slice(3), [`${ts(3)} ${'x'.repeat(39)}`, 'x'.repeat(61)]);
  assert.ok(fitsIn(frame, 70, 8));

  // More lines than fit: autoscroll keeps the last ones in view.
  fake.streams[0]!.write(Array.from({ length: 20 }, (_, i) => `${ts(4)} line ${i}\n`).join(''));
  frame = await frameMatching(view.lastFrame, (f) => f.includes('line 19'), 'the last line');
  assert.equal(frameLines(frame).length, 8);
  assert.equal(frameLines(frame)[7], `${ts(4)} line 19`);
  assert.ok(props.hints.at(-1)?.some(([key]) => key === '0'));
});

test('LogsView scrolls with g/j and autoscroll off, G pins it back to the end', async (t) => {
  const { fake, props } = await setup(t, ['app'], { width: 40, height: 5 });
  const view = render(createElement(LogsView, { ...props, target: { ref: pods, namespace: 'default', name: 'web' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, () => fake.streams.length === 1, 'the stream to open');
  fake.streams[0]!.write(Array.from({ length: 10 }, (_, i) => `l${i}\n`).join(''));
  await frameMatching(view.lastFrame, (f) => f.includes('l9'), 'the last line');
  view.stdin.write('g');
  let frame = await frameMatching(view.lastFrame, (f) => f.includes('Autoscroll:Off'), 'the top');
  assert.deepEqual(frameLines(frame).slice(1), ['l0', 'l1', 'l2', 'l3']);
  view.stdin.write('j');
  frame = await frameMatching(view.lastFrame, (f) => f.split('\n')[1] === 'l1', 'one line down');
  fake.streams[0]!.write('l10\n');
  view.stdin.write('G');
  frame = await frameMatching(view.lastFrame, (f) => f.includes('Autoscroll:On'), 'the end');
  assert.deepEqual(frameLines(frame).slice(1), ['l7', 'l8', 'l9', 'l10']);
});

test('LogsView filters with / and says why a regex is bad', async (t) => {
  const { fake, props } = await setup(t, ['app'], { width: 90, height: 8 });
  const view = render(createElement(LogsView, { ...props, target: { ref: pods, namespace: 'default', name: 'web' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, () => fake.streams.length === 1, 'the stream to open');
  fake.streams[0]!.write('GET /index\nPOST /login\nget /health\n');
  await frameMatching(view.lastFrame, (f) => f.includes('/health'), 'the lines');
  view.stdin.write('/');
  await frameMatching(view.lastFrame, (f) => f.includes('/█'), 'the prompt');
  view.stdin.write('get');
  await frameMatching(view.lastFrame, (f) => f.includes('/get█'), 'the typed filter');
  view.stdin.write('\r');
  let frame = await frameMatching(view.lastFrame, (f) => f.includes('Filter:/get/'), 'the filter');
  assert.deepEqual(frameLines(frame).slice(1), ['GET /index', 'get /health']);
  view.stdin.write('\x1b');
  frame = await frameMatching(view.lastFrame, (f) => !f.includes('Filter:'), 'the filter cleared');
  view.stdin.write('/');
  await frameMatching(view.lastFrame, (f) => f.includes('/█'), 'the prompt');
  view.stdin.write('(');
  await frameMatching(view.lastFrame, (f) => f.includes('/(█'), 'the typed filter');
  view.stdin.write('\r');
  await frameMatching(view.lastFrame, () => props.flashes.length > 0, 'a flash');
  assert.deepEqual(props.flashes.at(-1), ['invalid filter /(/: /(/i: Unterminated group', 'error']);
  assert.equal(props.backs, 0);
});

test('LogsView shows the API refusal as kubectl does and switches containers and previous', async (t) => {
  const { api, fake, props } = await setup(t, ['app', 'sidecar']);
  fake.refuseNext(badRequest('container "app" in pod "web" is waiting to start: ContainerCreating'));
  const view = render(createElement(LogsView, { ...props, target: { ref: pods, namespace: 'default', name: 'web' } }));
  t.after(() => view.unmount());
  const frame = await frameMatching(view.lastFrame, (f) => f.includes('ContainerCreating'), 'the refusal');
  assert.equal(frameLines(frame).slice(1).join(' '), 'Error from server (BadRequest): container "app" in pod "web" is waiting to start: ContainerCreating');
  assert.equal(props.flashes.at(-1)?.[1], 'error');

  // The container starts: the view opens the stream by itself.
  const running = { name: 'app', containerID: 'kubelab://1', restartCount: 0, ready: true, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } };
  const current = await api.client.get(pods, 'default', 'web');
  await api.client.update(pods, { ...current, status: { phase: 'Running', containerStatuses: [running] } }, { subresource: 'status' });
  await frameMatching(view.lastFrame, () => fake.streams.length === 1, 'the stream to open once running');

  view.stdin.write('c');
  await frameMatching(view.lastFrame, (f) => f.includes('container:'), 'the container list');
  view.stdin.write('j');
  await frameMatching(view.lastFrame, (f) => f.includes('> sidecar'), 'sidecar selected');
  view.stdin.write('\r');
  await frameMatching(view.lastFrame, () => fake.streams.length === 2, 'the sidecar stream');
  assert.equal(fake.streams[0]!.stopped, true);
  assert.equal(fake.streams[1]!.options.container, 'sidecar');

  fake.refuseNext(badRequest('previous terminated container "sidecar" in pod "web" not found'));
  view.stdin.write('p');
  const previous = await frameMatching(view.lastFrame, (f) => f.includes('(previous)') && f.includes('not found'), 'the previous refusal');
  assert.deepEqual(frameLines(previous), [
    'logs default/web:sidecar (previous)  Autoscroll:On Timestamps:Off Wra…',
    'Error from server (BadRequest): previous terminated container',
    '"sidecar" in pod "web" not found',
  ]);
});

test('LogsView of a missing pod shows NotFound', async (t) => {
  const api = await startApi(t);
  const fake = fakeLogClient(api.client);
  const props = viewProps(fake.client);
  const view = render(createElement(LogsView, { ...props, target: { ref: pods, namespace: 'default', name: 'ghost' } }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, (f) => f.includes('Error from server (NotFound): pods "ghost" not found'), 'NotFound');
});

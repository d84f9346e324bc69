// The TUI's secondary views against a real daemon over HTTP: the pod log followed through
// HttpClient.streamPodLog (what the logs view reads), kubectl's refusal texts for `--previous`
// and a bad container, the node's kube-proxy table through getText, and the views themselves
// rendered with ink-testing-library on the real client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { HttpClient } from '../../shared/client/http-client.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';
import { LogsView } from '../../tui/views/logs.js';
import { RulesView } from '../../tui/views/rules.js';
import { frameMatching, viewProps } from '../tui/views/view-harness.js';

const pods = { group: '', version: 'v1', resource: 'pods' };

test('TUI views over HTTP', async (t) => {
  const daemon = await startDaemon(t, { nodes: 1 });
  const client = new HttpClient({ server: daemon.server, token: daemon.token, ca: readFileSync(join(daemon.dataDir, 'apiserver.crt'), 'utf8') });
  t.after(() => client.close());
  const k = daemon.kubectl;
  await k('run', 'ticker', '--image=busybox', '--', 'sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done');
  await waitFor(async () => (await k('get', 'pod', 'ticker', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', { what: 'ticker Running', timeout: 20_000 });

  await t.test('streamPodLog follows the log with timestamps, and stop() ends it', async () => {
    let text = '';
    const handle = await client.streamPodLog('default', 'ticker', { container: 'ticker', follow: true, timestamps: true }, (chunk) => (text += chunk));
    await waitFor(() => text.includes('tick 1\n'), { what: 'two ticks', timeout: 10_000 });
    assert.match(text.split('\n')[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick 0$/);
    handle.stop();
    await handle.done;
  });

  await t.test('streamPodLog rejects with the kubelet wording kubectl prints', async () => {
    await assert.rejects(client.streamPodLog('default', 'ticker', { container: 'ticker', previous: true }, () => undefined), {
      message: 'previous terminated container "ticker" in pod "ticker" not found',
      reason: 'BadRequest',
    });
    await assert.rejects(client.streamPodLog('default', 'ticker', { container: 'nope' }, () => undefined), { message: 'container nope is not valid for pod ticker' });
  });

  await t.test('LogsView shows the followed log on the real client', async (t2) => {
    const props = viewProps(client, { width: 80, height: 8 });
    const view = render(createElement(LogsView, { ...props, target: { ref: pods, namespace: 'default', name: 'ticker' } }));
    t2.after(() => view.unmount());
    const frame = await frameMatching(view.lastFrame, (f) => /tick \d+\n.*tick \d+/s.test(f), 'ticks in the view');
    assert.equal(frame.split('\n')[0], 'logs default/ticker:ticker  Autoscroll:On Timestamps:Off Wrap:Off');
  });

  await t.test('getText and RulesView read the node rules', async (t2) => {
    const rules = await client.getText('/kubelab/v1/nodes/node1/rules');
    assert.match(rules, /^\*nat$/m);
    const props = viewProps(client, { width: 80, height: 10 });
    const view = render(createElement(RulesView, { ...props, node: 'node1' }));
    t2.after(() => view.unmount());
    await frameMatching(view.lastFrame, (f) => f.includes('*nat'), 'the rules in the view');
    await assert.rejects(client.getText('/kubelab/v1/nodes/nope/rules'), { message: 'nodes "nope" not found' });
  });
});

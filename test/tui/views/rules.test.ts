import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { methodNotAllowed } from '../../../shared/api/errors.js';
import type { ApiClient } from '../../../shared/client/client.js';
import { startApi } from '../../helpers/api.js';
import { RulesView } from '../../../tui/views/rules.js';
import { frameLines, frameMatching, viewProps } from './view-harness.js';

const services = { group: '', version: 'v1', resource: 'services' };

test('RulesView shows the node table and fetches it again when a Service changes', async (t) => {
  const api = await startApi(t);
  const paths: string[] = [];
  let version = 0;
  const getText = async (path: string): Promise<string> => {
    paths.push(path);
    version++;
    return `*nat\n:KUBE-SERVICES - [0:0]\n# version ${version}\nCOMMIT\n`;
  };
  const client = Object.assign(Object.create(api.client) as ApiClient, { getText });
  const props = viewProps(client, { width: 50, height: 6 });
  const view = render(createElement(RulesView, { ...props, node: 'node1' }));
  t.after(() => view.unmount());
  const frame = await frameMatching(view.lastFrame, (f) => f.includes('COMMIT'), 'the rules');
  assert.deepEqual(frameLines(frame).slice(0, 3), ['rules node1 (iptables-save -t nat)', '*nat', ':KUBE-SERVICES - [0:0]']);
  assert.equal(paths[0], '/kubelab/v1/nodes/node1/rules');
  const before = paths.length;
  await api.client.create(services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  await frameMatching(() => String(paths.length), () => paths.length > before, 'a new fetch');
  await frameMatching(view.lastFrame, (f) => f.includes(`# version ${paths.length}`), 'the new rules');
});

test('RulesView flashes when the daemon has no rules endpoint or the client cannot ask', async (t) => {
  const api = await startApi(t);
  const old = Object.assign(Object.create(api.client) as ApiClient, { getText: async () => Promise.reject(methodNotAllowed()) });
  const props = viewProps(old);
  const view = render(createElement(RulesView, { ...props, node: 'node1' }));
  t.after(() => view.unmount());
  await frameMatching(view.lastFrame, (f) => f.includes('rules are not available from this daemon'), 'the message');
  assert.deepEqual(props.flashes.at(-1), ['rules are not available from this daemon', 'error']);
  const local = viewProps(api.client);
  const other = render(createElement(RulesView, { ...local, node: 'node1' }));
  t.after(() => other.unmount());
  await frameMatching(other.lastFrame, (f) => f.includes('rules are not available from this daemon'), 'the message');
});

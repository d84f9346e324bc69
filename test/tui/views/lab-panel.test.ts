// LabPanel with ink-testing-library against the in-process API and a ManualClock: no lab, a lab
// started, a step ticked the moment its object appears (watch-driven), the hint after a minute,
// the next step, a check that cannot be evaluated, and the end of the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { loadLab } from '../../../shared/labs/lab-loader.js';
import { startLab } from '../../../shared/labs/lab-session.js';
import { LabPanel } from '../../../tui/views/lab-panel.js';
import { startApi } from '../../helpers/api.js';
import { waitFor } from '../../helpers/wait-for.js';
import { frameLines, viewProps } from './view-harness.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };

const lab = loadLab(
  `id: t
namespace: lab-t
title: { en: A test lab, ko: 시험 실습 }
goal: { en: Make two ConfigMaps, ko: 컨피그맵 두 개 }
steps:
  - id: one
    title: { en: Make one, ko: 하나 만들기 }
    text: { en: Create the ConfigMap one., ko: 컨피그맵 one을 만듭니다. }
    commands: [kubectl create cm one -n lab-t]
    check: { objectExists: { kind: ConfigMap, name: one } }
  - id: two
    title: { en: Make two, ko: 둘 만들기 }
    text: { en: Create two with x=1., ko: x=1로 two를 만듭니다. }
    commands: ["kubectl create cm two -n lab-t --from-literal=x=1"]
    hint: { en: Mind the literal., ko: 리터럴을 확인하세요. }
    check: { objectExists: { kind: ConfigMap, name: two, fields: { data.x: "1" } } }
  - id: logs
    title: { en: Read a log, ko: 로그 읽기 }
    text: { en: Logs need a streaming client., ko: 로그는 스트리밍 클라이언트가 필요합니다. }
    commands: [kubectl logs x -n lab-t]
    check: { logsContain: { pod: x, text: hi } }
`,
  'labs/t-test.yaml',
);

test('LabPanel ticks each step the moment the cluster reaches it, with a hint after a while', async (t) => {
  const api = await startApi(t);
  const props = viewProps(api.client, { width: 70, height: 16 });
  const view = render(createElement(LabPanel, { ...props, clock: api.clock, labs: [lab], lang: 'en', labsDir: '/labs' }));
  t.after(() => view.unmount());
  // The panel's watch notifications are throttled on the ManualClock: move it while waiting.
  const frame = (predicate: (f: string) => boolean, what: string): Promise<string> =>
    waitFor(() => {
      api.clock.step(250);
      const f = view.lastFrame() ?? '';
      return predicate(f) ? f : false;
    }, { what, timeout: 10_000 });

  let f = await frame((x) => x.includes('No lab is active'), 'the empty panel');
  assert.deepEqual(frameLines(f), ['No lab is active. Start one in a terminal: kubelab lab start a', '', 'Labs:', '  t  A test lab']);

  await startLab(lab, { client: api.client }, api.clock);
  f = await frame((x) => x.includes('▶ 1.'), 'the first step');
  assert.deepEqual(frameLines(f), [
    'T. A test lab (lab-t)  0/3',
    '▶ 1. Make one',
    '    Create the ConfigMap one.',
    '    $ kubectl create cm one -n lab-t',
    '    waiting: no ConfigMap "one" yet',
    '  2. Make two',
    '  3. Read a log',
    'Next: 2. Make two',
  ]);

  await api.client.create(configMaps, 'lab-t', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' } });
  f = await frame((x) => x.includes('✔ 1. Make one'), 'step 1 ticked');
  assert.deepEqual(frameLines(f).slice(0, 6), ['T. A test lab (lab-t)  1/3', '✔ 1. Make one', '▶ 2. Make two', '    Create two with x=1.', '    $ kubectl create cm two -n lab-t --from-literal=x=1', '    waiting: no ConfigMap "two" yet']);
  assert.ok(!f.includes('Hint:'));

  await api.client.create(configMaps, 'lab-t', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' }, data: { x: '2' } });
  await frame((x) => x.includes('waiting: ConfigMap "two": data.x is "2", not "1"'), 'the field mismatch');
  api.clock.step(60_000);
  f = await frame((x) => x.includes('Hint: Mind the literal.'), 'the hint after a minute');

  await api.client.patch(configMaps, 'lab-t', 'two', 'merge', { data: { x: '1' } });
  f = await frame((x) => x.includes('▶ 3. Read a log'), 'step 2 ticked');
  assert.ok(f.includes('    cannot check: this client cannot read logs'), f);
  assert.ok(!f.includes('Next:'));
});

test('LabPanel lists the project labs when no lab is active', async (t) => {
  const api = await startApi(t);
  const props = viewProps(api.client, { width: 80, height: 6 });
  const view = render(createElement(LabPanel, { ...props, clock: api.clock, lang: 'en', labsDir: '/labs', labs: undefined }));
  t.after(() => view.unmount());
  // With the project's own labs/, which load: the empty panel lists them.
  const f = await waitFor(() => {
    api.clock.step(250);
    const x = view.lastFrame() ?? '';
    return x.includes('Labs:') ? x : false;
  }, { what: 'the list of labs', timeout: 10_000 });
  assert.ok(f.includes('No lab is active'), f);
});

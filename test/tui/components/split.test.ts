import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { startApi } from '../../helpers/api.js';
import { Split, splitHeights } from '../../../tui/components/split.js';
import { fakeLogClient } from '../views/fake-log-client.js';
import { fitsIn, frameLines, frameMatching, viewProps } from '../views/view-harness.js';

const pods = { group: '', version: 'v1', resource: 'pods' };

test('splitHeights gives the lower pane its share and keeps a row for the divider', () => {
  assert.deepEqual(splitHeights(21, 0.4), { top: 12, bottom: 8 });
  assert.deepEqual(splitHeights(21, 0.8), { top: 4, bottom: 16 });
  assert.deepEqual(splitHeights(3, 0.2), { top: 1, bottom: 1 });
  assert.deepEqual(splitHeights(0, 0.5), { top: 0, bottom: 0 });
});

test('Split shows the table above and the events or logs of the selection below', async (t) => {
  const api = await startApi(t);
  await api.client.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
  const fake = fakeLogClient(api.client);
  const props = viewProps(fake.client, { width: 60, height: 11 });
  const seen: boolean[] = [];
  const top = ({ height, isActive }: { width: number; height: number; isActive: boolean }) => {
    seen.push(isActive);
    return createElement(Text, null, `table rows=${height}`);
  };
  const view = render(createElement(Split, { ...props, top, target: { ref: pods, namespace: 'default', name: 'web' } }));
  t.after(() => view.unmount());
  let frame = await frameMatching(view.lastFrame, (f) => f.includes('No resources found'), 'the events pane');
  assert.deepEqual(frameLines(frame), [
    'table rows=6',
    '',
    '',
    '',
    '',
    '',
    '── events of web (tab: focus) '.padEnd(60, '─'),
    'events pod/default/web',
    'No resources found in default namespace.',
  ]);
  assert.equal(seen.at(-1), true);

  view.stdin.write('L');
  await frameMatching(view.lastFrame, () => fake.streams.length === 1, 'the logs below');
  fake.streams[0]!.write('hello from web\n');
  frame = await frameMatching(view.lastFrame, (f) => f.includes('hello from web'), 'the log line');
  assert.equal(frameLines(frame)[6], '── logs of web (tab: focus) '.padEnd(60, '─'));

  view.stdin.write('+');
  frame = await frameMatching(view.lastFrame, (f) => f.includes('table rows=5'), 'a bigger lower pane');
  assert.ok(fitsIn(frame, 60, 11));
  view.stdin.write('\t');
  await frameMatching(view.lastFrame, (f) => f.includes('(tab: back to the table)'), 'the lower pane focused');
  assert.equal(seen.at(-1), false);
  assert.equal(props.hints.at(-1)?.[0]?.[0], 'tab');
  view.stdin.write('\x1b');
  await frameMatching(view.lastFrame, (f) => f.includes('(tab: focus)'), 'esc gives the keys back');
  assert.equal(props.backs, 0);
});

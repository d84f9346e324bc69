// describe's multi-line fields: sorted labels, folded annotations, taints and tolerations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, printTolerationsMultiline } from '../../../../shared/describe/multiline.js';
import { tabbedString } from '../../../../shared/describe/writer.js';

test('labels are sorted and aligned under the first; none prints <none>', () => {
  assert.equal(
    tabbedString((w) => {
      printLabelsMultiline(w, 'Labels', { tier: 'web', app: 'shop' });
      printLabelsMultiline(w, 'Node-Selectors', {});
    }),
    'Labels:          app=shop\n                 tier=web\nNode-Selectors:  <none>\n',
  );
});

test('last-applied-configuration is hidden; a long annotation is folded under its key', () => {
  const long = 'x'.repeat(150);
  assert.equal(
    tabbedString((w) => printAnnotationsMultiline(w, 'Annotations', { 'kubectl.kubernetes.io/last-applied-configuration': '{}', b: long, a: 'short' })),
    `Annotations:  a: short\n              b:\n                ${'x'.repeat(138)}...\n`,
  );
});

test('taints sort by effect then key; tolerations by key, with op=Exists and seconds', () => {
  assert.equal(
    tabbedString((w) => {
      printTaintsMultiline(w, 'Taints', [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
        { key: 'dedicated', value: 'gpu', effect: 'NoExecute' },
      ]);
      printTolerationsMultiline(w, 'Tolerations', [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { operator: 'Exists' },
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      ]);
    }),
    [
      'Taints:       dedicated=gpu:NoExecute',
      '              node.kubernetes.io/unreachable:NoSchedule',
      'Tolerations:  op=Exists',
      '              dedicated=gpu:NoSchedule',
      '              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      '',
    ].join('\n'),
  );
});

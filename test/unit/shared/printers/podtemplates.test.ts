import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podTemplatePrinter } from '../../../../shared/printers/podtemplates.js';

describe('podTemplatePrinter', () => {
  it('prints NAME CONTAINERS IMAGES POD LABELS without an age', () => {
    const template = { metadata: { name: 't' }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } };
    assert.deepEqual(podTemplatePrinter.columns.map((c) => c.name), ['Name', 'Containers', 'Images', 'Pod Labels']);
    assert.deepEqual(podTemplatePrinter.cells(template, 0), ['t', 'nginx', 'nginx', 'app=web']);
  });
});

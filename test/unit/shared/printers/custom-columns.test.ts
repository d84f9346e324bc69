import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { customColumnsPrinter, firstResult } from '../../../../shared/printers/custom-columns.js';

const now = Date.parse('2026-01-01T00:10:00Z');
const crontab: KubeObject = {
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name: 'my-new-cron-object', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { cronSpec: '* * * * */5', replicas: 2, image: 'img', labels: { a: 'b' } },
  status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }] },
};

test('without additionalPrinterColumns a custom resource prints NAME and AGE', () => {
  const printer = customColumnsPrinter([]);
  assert.deepEqual(
    printer.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Age', 'date', '', 0],
    ],
  );
  assert.deepEqual(printer.cells(crontab, now), ['my-new-cron-object', '10m']);
});

test('additionalPrinterColumns give typed cells, descriptions, priorities and nulls for missing values', () => {
  const printer = customColumnsPrinter([
    { name: 'Spec', type: 'string', description: 'The cron spec defining the interval a CronJob is run', jsonPath: '.spec.cronSpec' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Labels', type: 'string', priority: 1, jsonPath: '.spec.labels' },
    { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  assert.deepEqual(
    printer.columns.map((c) => [c.name, c.type, c.description, c.priority]),
    [
      ['Name', 'string', printer.columns[0]!.description, 0],
      ['Spec', 'string', 'The cron spec defining the interval a CronJob is run', 0],
      ['Replicas', 'integer', 'Custom resource definition column (in JSONPath format): .spec.replicas', 0],
      ['Ready', 'string', 'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status', 0],
      ['Labels', 'string', 'Custom resource definition column (in JSONPath format): .spec.labels', 1],
      ['Missing', 'string', 'Custom resource definition column (in JSONPath format): .spec.nothing', 0],
      ['Age', 'date', 'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp', 0],
    ],
  );
  assert.deepEqual(printer.cells(crontab, now), ['my-new-cron-object', '* * * * */5', 2, 'True', '{"a":"b"}', null, '10m']);
});

test('the JSONPath subset reads indices, quoted keys and braces', () => {
  assert.equal(firstResult(crontab, '{.status.conditions[1].type}'), 'Ready');
  assert.equal(firstResult(crontab, ".spec.labels['a']"), 'b');
  assert.equal(firstResult(crontab, '.status.conditions[*].status'), 'False');
  assert.equal(firstResult(crontab, '.spec.replicas.nothing'), undefined);
});

test('an integer column shows a fractional number cut to its integer part, as Go converts float64 to int64', () => {
  const printer = customColumnsPrinter([{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }]);
  const fractional = { ...crontab, spec: { ...crontab.spec, replicas: 2.7 } };
  assert.deepEqual(printer.cells(fractional, now), ['my-new-cron-object', 2]);
  assert.deepEqual(printer.cells({ ...crontab, spec: { ...crontab.spec, replicas: -1.5 } }, now), ['my-new-cron-object', -1]);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../shared/api/meta.js';
import { buildTable, printerFor, type BuildTableOptions } from '../../../../shared/printers/table.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const configMap: KubeObject = { metadata: { name: 'settings', namespace: 'default', labels: { app: 'web' }, creationTimestamp: '2024-01-01T11:00:00Z' }, data: { a: '1' } };
const options: BuildTableOptions = { now, includeObject: 'Metadata', resourceVersion: '42', apiVersion: 'v1', kind: 'ConfigMap' };

describe('printerFor', () => {
  const cases: { name: string; given: [string, string]; want: string[] }[] = [
    { name: 'finds core printers by resource', given: ['', 'pods'], want: ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates'] },
    { name: 'finds group printers by group and resource', given: ['apps', 'deployments'], want: ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector'] },
    { name: 'prints events.k8s.io events like core events', given: ['events.k8s.io', 'events'], want: ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject', 'Source', 'Message', 'First Seen', 'Count', 'Name'] },
    { name: 'falls back to NAME and CREATED AT for kinds without a printer', given: ['', 'limitranges'], want: ['Name', 'Created At'] },
    { name: 'does not confuse a resource in another group', given: ['example.com', 'pods'], want: ['Name', 'Created At'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(printerFor(...c.given).columns.map((col) => col.name), c.want));
  }
});

describe('buildTable', () => {
  const printer = printerFor('', 'configmaps');

  it('builds a meta.k8s.io/v1 Table with columns, cells and partial metadata', () => {
    assert.deepEqual(buildTable(printer, [configMap], options), {
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '42' },
      columnDefinitions: printer.columns,
      rows: [{ cells: ['settings', 1, '60m'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: configMap.metadata } }],
    });
  });

  it('stamps kind and apiVersion on full objects with includeObject=Object', () => {
    const table = buildTable(printer, [configMap], { ...options, includeObject: 'Object' });
    assert.deepEqual(table.rows[0]!.object, { apiVersion: 'v1', kind: 'ConfigMap', ...configMap });
  });

  it('leaves the object out with includeObject=None', () => {
    assert.equal('object' in buildTable(printer, [configMap], { ...options, includeObject: 'None' }).rows[0]!, false);
  });

  it('leaves out column definitions with noHeaders', () => {
    assert.equal(buildTable(printer, [configMap], { ...options, noHeaders: true }).columnDefinitions, undefined);
  });

  it('returns no rows for an empty list, keeping the list resourceVersion', () => {
    const table = buildTable(printer, [], { ...options, continue: 'abc' });
    assert.deepEqual([table.rows, table.metadata], [[], { resourceVersion: '42', continue: 'abc' }]);
  });

  it('adds the Completed row condition for finished pods only', () => {
    const pod = (phase: string): KubeObject => ({ metadata: { name: phase.toLowerCase() }, spec: { containers: [] }, status: { phase } });
    const table = buildTable(printerFor('', 'pods'), [pod('Succeeded'), pod('Running')], { ...options, includeObject: 'None', apiVersion: 'v1', kind: 'Pod' });
    assert.deepEqual(table.rows[0]!.conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    assert.equal('conditions' in table.rows[1]!, false);
  });

  it('serialises every column definition with name, type, format, description and priority', () => {
    const [name, data] = buildTable(printer, [], options).columnDefinitions!;
    assert.deepEqual(Object.keys(name!), ['name', 'type', 'format', 'description', 'priority']);
    assert.deepEqual([name!.format, data!.format, data!.priority], ['name', '', 0]);
    assert.match(name!.description, /^Name must be unique within a namespace\./);
  });
});

/**
 * `kubectl get replicationcontrollers`: NAME DESIRED CURRENT READY AGE (+ CONTAINERS IMAGES
 * SELECTOR). An RC's selector is a plain label map, printed `k=v,…` sorted or `<none>`.
 */
import { formatLabels } from '../labels.js';
import { age, ageColumn, column, containerCells, containerColumns, count, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const replicationControllerPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', apiDocs['ReplicationControllerSpec.replicas']),
    column('Current', 'integer', apiDocs['ReplicationControllerStatus.replicas']),
    column('Ready', 'integer', apiDocs['ReplicationControllerStatus.readyReplicas']),
    ageColumn,
    ...containerColumns,
    column('Selector', 'string', apiDocs['ReplicationControllerSpec.selector'], 1),
  ],
  cells(rc, now) {
    const spec = rc.spec ?? {};
    return [
      rc.metadata.name ?? '',
      count(spec.replicas),
      count(rc.status?.replicas),
      count(rc.status?.readyReplicas),
      age(rc, now),
      ...containerCells(spec.template?.spec?.containers),
      formatLabels(spec.selector),
    ];
  },
};

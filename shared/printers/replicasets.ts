/**
 * `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE (+ CONTAINERS IMAGES SELECTOR), the
 * counts as integer cells. SELECTOR is metav1.FormatLabelSelector, e.g.
 * `app=web,pod-template-hash=5d4f8c7b9`.
 */
import { formatLabelSelector } from '../labels.js';
import { age, ageColumn, column, containerCells, containerColumns, count, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', apiDocs['ReplicaSetSpec.replicas']),
    column('Current', 'integer', apiDocs['ReplicaSetStatus.replicas']),
    column('Ready', 'integer', apiDocs['ReplicaSetStatus.readyReplicas']),
    ageColumn,
    ...containerColumns,
    column('Selector', 'string', apiDocs['ReplicaSetSpec.selector'], 1),
  ],
  cells(rs, now) {
    const spec = rs.spec ?? {};
    return [
      rs.metadata.name ?? '',
      count(spec.replicas),
      count(rs.status?.replicas),
      count(rs.status?.readyReplicas),
      age(rs, now),
      ...containerCells(spec.template?.spec?.containers),
      formatLabelSelector(spec.selector),
    ];
  },
};

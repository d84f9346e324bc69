/**
 * `kubectl get statefulsets`: NAME READY AGE (+ CONTAINERS IMAGES). READY is
 * readyReplicas/spec.replicas; printers.go shows no selector for StatefulSets.
 */
import { age, ageColumn, column, containerCells, containerColumns, count, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const statefulSetPrinter: Printer = {
  columns: [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn, ...containerColumns],
  cells(sts, now) {
    return [
      sts.metadata.name ?? '',
      `${count(sts.status?.readyReplicas)}/${count(sts.spec?.replicas)}`,
      age(sts, now),
      ...containerCells(sts.spec?.template?.spec?.containers),
    ];
  },
};

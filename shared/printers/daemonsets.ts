/**
 * `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE
 * (+ CONTAINERS IMAGES SELECTOR). NODE SELECTOR is the pod template's nodeSelector or `<none>`.
 */
import { formatLabels, formatLabelSelector } from '../labels.js';
import { age, ageColumn, column, containerCells, containerColumns, count, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', apiDocs['DaemonSetStatus.desiredNumberScheduled']),
    column('Current', 'integer', apiDocs['DaemonSetStatus.currentNumberScheduled']),
    column('Ready', 'integer', apiDocs['DaemonSetStatus.numberReady']),
    column('Up-to-date', 'integer', apiDocs['DaemonSetStatus.updatedNumberScheduled']),
    column('Available', 'integer', apiDocs['DaemonSetStatus.numberAvailable']),
    column('Node Selector', 'string', apiDocs['PodSpec.nodeSelector']),
    ageColumn,
    ...containerColumns,
    column('Selector', 'string', apiDocs['DaemonSetSpec.selector'], 1),
  ],
  cells(ds, now) {
    const spec = ds.spec ?? {};
    const status = ds.status ?? {};
    return [
      ds.metadata.name ?? '',
      count(status.desiredNumberScheduled),
      count(status.currentNumberScheduled),
      count(status.numberReady),
      count(status.updatedNumberScheduled),
      count(status.numberAvailable),
      formatLabels(spec.template?.spec?.nodeSelector),
      age(ds, now),
      ...containerCells(spec.template?.spec?.containers),
      formatLabelSelector(spec.selector),
    ];
  },
};

/**
 * `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE (+ CONTAINERS IMAGES SELECTOR).
 * READY is readyReplicas/spec.replicas. Unlike the other workloads, SELECTOR is the bare selector
 * string (empty, not `<none>`, when there is none) and `<invalid>` when it cannot be converted.
 */
import type { KubeObject } from '../api/meta.js';
import { selectorFromLabelSelector } from '../labels.js';
import { age, ageColumn, column, containerCells, containerColumns, count, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', apiDocs['DeploymentStatus.updatedReplicas']),
    column('Available', 'string', apiDocs['DeploymentStatus.availableReplicas']),
    ageColumn,
    ...containerColumns,
    column('Selector', 'string', apiDocs['DeploymentSpec.selector'], 1),
  ],
  cells(deployment, now) {
    const spec = deployment.spec ?? {};
    const status = deployment.status ?? {};
    return [
      deployment.metadata.name ?? '',
      `${count(status.readyReplicas)}/${count(spec.replicas)}`,
      count(status.updatedReplicas),
      count(status.availableReplicas),
      age(deployment, now),
      ...containerCells(spec.template?.spec?.containers),
      selectorString(deployment),
    ];
  },
};

function selectorString(deployment: KubeObject): string {
  try {
    return selectorFromLabelSelector(deployment.spec?.selector).toString();
  } catch {
    return '<invalid>';
  }
}

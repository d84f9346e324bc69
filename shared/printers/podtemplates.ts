/** `kubectl get podtemplates`: NAME CONTAINERS IMAGES POD LABELS (no AGE column, as in printers.go). */
import { formatLabels } from '../labels.js';
import { column, containerCells, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const podTemplatePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells(template) {
    return [template.metadata.name ?? '', ...containerCells(template.template?.spec?.containers), formatLabels(template.template?.metadata?.labels)];
  },
};

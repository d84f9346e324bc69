/**
 * `kubectl get ingressclasses` (printers.go printIngressClass): NAME CONTROLLER PARAMETERS AGE.
 * PARAMETERS is `Kind[.apiGroup]/name`, or `<none>`. (1.32 does not yet mark the default class.)
 */
import { age, ageColumn, column, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  cells(ic, now) {
    const reference = ic.spec?.parameters;
    let parameters = '<none>';
    if (reference) {
      parameters = `${reference.kind ?? ''}${typeof reference.apiGroup === 'string' ? `.${reference.apiGroup}` : ''}/${reference.name ?? ''}`;
    }
    return [ic.metadata.name ?? '', ic.spec?.controller ?? '', parameters, age(ic, now)];
  },
};

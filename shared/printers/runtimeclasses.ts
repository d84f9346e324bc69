/**
 * `kubectl get runtimeclasses` (printers.go printRuntimeClass): NAME HANDLER AGE. Upstream takes
 * HANDLER's description from ObjectMeta's docs, which have no `handler` entry: it is empty.
 */
import { age, ageColumn, column, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const runtimeClassPrinter: Printer = {
  columns: [nameColumn(), column('Handler', 'string', ''), ageColumn],
  cells(rc, now) {
    return [rc.metadata.name ?? '', rc.handler ?? '', age(rc, now)];
  },
};

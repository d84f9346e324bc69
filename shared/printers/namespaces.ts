/** `kubectl get namespaces`: NAME STATUS AGE, STATUS being status.phase (Active or Terminating). */
import { age, ageColumn, column, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const namespacePrinter: Printer = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(ns, now) {
    return [ns.metadata.name ?? '', ns.status?.phase ?? '', age(ns, now)];
  },
};

/** `kubectl get leases`: NAME HOLDER AGE; HOLDER is spec.holderIdentity, empty when nobody holds it. */
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const leasePrinter: Printer = {
  columns: [nameColumn(), column('Holder', 'string', apiDocs['LeaseSpec.holderIdentity']), ageColumn],
  cells(lease, now) {
    return [lease.metadata.name ?? '', lease.spec?.holderIdentity ?? '', age(lease, now)];
  },
};

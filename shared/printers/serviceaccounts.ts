/** `kubectl get serviceaccounts`: NAME SECRETS AGE; SECRETS is the length of the secrets list (0 since token Secrets went away). */
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn(), column('Secrets', 'string', apiDocs['ServiceAccount.secrets']), ageColumn],
  cells(sa, now) {
    return [sa.metadata.name ?? '', (sa.secrets ?? []).length, age(sa, now)];
  },
};

/**
 * `kubectl get secrets`: NAME TYPE DATA AGE. DATA counts the keys of data; stringData never
 * reaches storage, the registry folds it into data first.
 */
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const secretPrinter: Printer = {
  columns: [nameColumn(), column('Type', 'string', apiDocs['Secret.type']), column('Data', 'string', apiDocs['Secret.data']), ageColumn],
  cells(secret, now) {
    return [secret.metadata.name ?? '', secret.type ?? '', Object.keys(secret.data ?? {}).length, age(secret, now)];
  },
};

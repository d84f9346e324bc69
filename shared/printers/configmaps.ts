/** `kubectl get configmaps`: NAME DATA AGE, DATA counting the keys of data and binaryData together. */
import { age, ageColumn, column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

export const configMapPrinter: Printer = {
  columns: [nameColumn(), column('Data', 'string', apiDocs['ConfigMap.data']), ageColumn],
  cells(cm, now) {
    const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [cm.metadata.name ?? '', keys, age(cm, now)];
  },
};

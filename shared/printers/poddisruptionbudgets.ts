/**
 * `kubectl get pdb`: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. Whichever of
 * minAvailable and maxUnavailable is unset prints `N/A`; ALLOWED DISRUPTIONS is an integer cell.
 */
import { age, ageColumn, column, count, intOrString, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  cells(pdb, now) {
    const spec = pdb.spec ?? {};
    return [
      pdb.metadata.name ?? '',
      spec.minAvailable === undefined || spec.minAvailable === null ? 'N/A' : intOrString(spec.minAvailable),
      spec.maxUnavailable === undefined || spec.maxUnavailable === null ? 'N/A' : intOrString(spec.maxUnavailable),
      count(pdb.status?.disruptionsAllowed),
      age(pdb, now),
    ];
  },
};

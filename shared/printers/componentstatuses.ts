/**
 * `kubectl get componentstatuses`: NAME STATUS MESSAGE ERROR, as printComponentStatus prints them.
 * STATUS reads the Healthy condition (`Healthy` when True, `Unhealthy` otherwise, `Unknown` when
 * there is none); MESSAGE and ERROR are that condition's texts.
 */
import { column, nameColumn } from './columns.js';
import type { Printer } from './table.js';

interface ComponentCondition {
  type?: string;
  status?: string;
  message?: string;
  error?: string;
}

export const componentStatusPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  cells(status) {
    const conditions = ((status as { conditions?: ComponentCondition[] }).conditions ?? []);
    let phase = 'Unknown';
    let message = '';
    let error = '';
    for (const condition of conditions) {
      if (condition.type !== 'Healthy') continue;
      phase = condition.status === 'True' ? 'Healthy' : 'Unhealthy';
      message = condition.message ?? '';
      error = condition.error ?? '';
      break;
    }
    return [status.metadata.name ?? '', phase, message, error];
  },
};

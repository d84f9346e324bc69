/**
 * How a table row is coloured, as k9s colours them: recently added, modified or deleted rows, and
 * rows whose status reads pending, error or completed, each with k9s' default skin colour.
 * Decided from the printed cells (what the learner reads), never from fields the table hides.
 */

export type RowTone = 'normal' | 'added' | 'modified' | 'deleted' | 'pending' | 'error' | 'completed' | 'marked';

/** k9s' default skin (`config/styles.go`): std lightskyblue, add dodgerblue, modify greenyellow, … */
export const toneColors: Record<RowTone, string> = {
  normal: '#87CEFA',
  added: '#1E90FF',
  modified: '#ADFF2F',
  deleted: '#9370DB',
  pending: '#FF8C00',
  error: '#FF4500',
  completed: '#778899',
  marked: '#98FB98',
};

/** Pod STATUS values that mean "on its way": the pod is neither running nor broken yet. */
const pendingStatuses = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'SchedulingGated', 'NotReady']);
const completedStatuses = new Set(['Completed', 'Succeeded', 'Complete', 'Bound']);
const healthyStatuses = new Set(['Running', 'Active', 'Ready', 'Available', 'Normal', 'True']);

/** `2/3` → [2, 3]; anything else → undefined. */
function fraction(text: string | undefined): [number, number] | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function statusTone(status: string): RowTone {
  if (status === '') return 'normal';
  if (completedStatuses.has(status)) return 'completed';
  if (healthyStatuses.has(status)) return 'normal';
  if (pendingStatuses.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'pending';
  return 'error';
}

/**
 * The status tone of a row from its column names (as printed, upper-case) and cells.
 * Nodes: NotReady/Unknown are errors, SchedulingDisabled pending. Events: Warning is an error.
 * Workloads: READY `x/y` with x < y is pending. Other kinds read their STATUS column, if any.
 */
export function statusToneOf(resource: string, columns: readonly string[], cells: readonly string[]): RowTone {
  const cell = (name: string): string | undefined => {
    const i = columns.indexOf(name);
    return i < 0 ? undefined : cells[i];
  };
  if (resource === 'nodes') {
    const status = cell('STATUS') ?? '';
    if (/NotReady|Unknown/.test(status)) return 'error';
    return /SchedulingDisabled/.test(status) ? 'pending' : 'normal';
  }
  if (resource === 'events') return cell('TYPE') === 'Warning' ? 'error' : 'normal';
  const status = cell('STATUS');
  if (status !== undefined) {
    const tone = statusTone(status);
    if (tone !== 'normal') return tone;
  }
  const ready = fraction(cell('READY'));
  if (ready && ready[0] < ready[1]) return 'pending';
  return 'normal';
}

/**
 * `kubectl get jobs`: NAME STATUS COMPLETIONS DURATION AGE (+ CONTAINERS IMAGES SELECTOR).
 * STATUS takes the first of Complete, Failed, Terminating, Suspended, FailureTarget, Running;
 * DURATION runs from startTime until completionTime, or until now while the job is unfinished.
 */
import type { KubeObject } from '../api/meta.js';
import { humanDuration, parseTimestamp } from '../duration.js';
import { formatLabelSelector } from '../labels.js';
import { age, ageColumn, column, containerCells, containerColumns, count, hasTrueCondition, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

/** STATUS of a job, as printJob decides it from its conditions and deletionTimestamp. */
export function jobStatus(job: KubeObject): string {
  const conditions = job.status?.conditions;
  if (hasTrueCondition(conditions, 'Complete')) return 'Complete';
  if (hasTrueCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasTrueCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasTrueCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: `succeeded/completions`, or `succeeded/1` (`… of P` when parallel) without completions. */
export function jobCompletions(job: KubeObject): string {
  const succeeded = count(job.status?.succeeded);
  const completions = job.spec?.completions;
  if (typeof completions === 'number') return `${succeeded}/${completions}`;
  const parallelism = count(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: empty before the job starts. */
function jobDuration(job: KubeObject, now: number): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const completion = parseTimestamp(job.status?.completionTime);
  return humanDuration((completion ?? now) - start);
}

export const jobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', apiDocs['JobStatus.succeeded']),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    ...containerColumns,
    column('Selector', 'string', apiDocs['JobSpec.selector'], 1),
  ],
  cells(job, now) {
    return [
      job.metadata.name ?? '',
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      age(job, now),
      ...containerCells(job.spec?.template?.spec?.containers),
      formatLabelSelector(job.spec?.selector),
    ];
  },
};

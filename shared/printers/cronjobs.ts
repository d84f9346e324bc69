/**
 * `kubectl get cronjobs`: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (+ CONTAINERS
 * IMAGES SELECTOR). SUSPEND prints `True`/`False` (`<unset>` only if the registry's default of
 * false was skipped); TIMEZONE and LAST SCHEDULE print `<none>` when unset.
 */
import { translateTimestampSince } from '../duration.js';
import { formatLabelSelector } from '../labels.js';
import { age, ageColumn, column, containerCells, containerColumns, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

function boolPointer(value: unknown): string {
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : '<unset>';
}

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', apiDocs['CronJobSpec.schedule']),
    column('Timezone', 'string', apiDocs['CronJobSpec.timeZone']),
    column('Suspend', 'boolean', apiDocs['CronJobSpec.suspend']),
    column('Active', 'integer', apiDocs['CronJobStatus.active']),
    column('Last Schedule', 'string', apiDocs['CronJobStatus.lastScheduleTime']),
    ageColumn,
    ...containerColumns,
    column('Selector', 'string', apiDocs['JobSpec.selector'], 1),
  ],
  cells(cronJob, now) {
    const spec = cronJob.spec ?? {};
    const jobSpec = spec.jobTemplate?.spec ?? {};
    const lastSchedule = cronJob.status?.lastScheduleTime;
    return [
      cronJob.metadata.name ?? '',
      spec.schedule ?? '',
      spec.timeZone ?? '<none>',
      boolPointer(spec.suspend),
      (cronJob.status?.active ?? []).length,
      lastSchedule ? translateTimestampSince(lastSchedule, now) : '<none>',
      age(cronJob, now),
      ...containerCells(jobSpec.template?.spec?.containers),
      formatLabelSelector(jobSpec.selector),
    ];
  },
};

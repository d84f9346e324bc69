/**
 * `kubectl describe cronjob` (describe.go `describeCronJob`, `describeJobTemplate`): schedule,
 * concurrency policy, suspend, history limits, starting deadline, the job template (selector,
 * parallelism, completions, deadline, pod template), last schedule time, active jobs and events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { describeEvents, eventsFor } from './events.js';
import { int, rfc1123z, str, titleBoolOrUnset } from './format.js';
import { jobSelectorText } from './job.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './pod-template.js';
import { tabbedString, type PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeCronJobObject(client: ApiClient, cronJob: KubeObject, now: number): Promise<string> {
  return describeCronJob(cronJob, await eventsFor(client, cronJob, 'CronJob'), now);
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

function intOrUnset(value: unknown, suffix = ''): string {
  return isSet(value) ? `${int(value)}${suffix}` : '<unset>';
}

function describeJobTemplate(template: Json, w: PrefixWriter): void {
  const spec = template?.spec ?? {};
  w.write(0, `Selector:\t${spec.selector ? jobSelectorText(spec.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${intOrUnset(spec.parallelism)}\n`);
  w.write(0, `Completions:\t${intOrUnset(spec.completions)}\n`);
  if (isSet(spec.activeDeadlineSeconds)) w.write(0, `Active Deadline Seconds:\t${int(spec.activeDeadlineSeconds)}s\n`);
  describePodTemplate(spec.template, w);
}

export function describeCronJob(cronJob: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = cronJob.spec ?? {};
    w.write(0, `Name:\t${cronJob.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(cronJob.metadata.namespace)}\n`);
    printLabelsMultiline(w, 'Labels', cronJob.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cronJob.metadata.annotations);
    w.write(0, `Schedule:\t${str(spec.schedule)}\n`);
    w.write(0, `Concurrency Policy:\t${str(spec.concurrencyPolicy)}\n`);
    w.write(0, `Suspend:\t${titleBoolOrUnset(spec.suspend)}\n`);
    w.write(0, `Successful Job History Limit:\t${intOrUnset(spec.successfulJobsHistoryLimit)}\n`);
    w.write(0, `Failed Job History Limit:\t${intOrUnset(spec.failedJobsHistoryLimit)}\n`);
    w.write(0, `Starting Deadline Seconds:\t${intOrUnset(spec.startingDeadlineSeconds, 's')}\n`);
    describeJobTemplate(spec.jobTemplate, w);
    const last = cronJob.status?.lastScheduleTime;
    w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
    const active: Json[] = cronJob.status?.active ?? [];
    w.write(0, 'Active Jobs:\t');
    if (active.length === 0) w.writeLine('<none>');
    else {
      w.write(0, active.map((job) => str(job.name)).join(', '));
      w.writeLine('');
    }
    describeEvents(events, w, now);
  });
}

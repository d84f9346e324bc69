/**
 * `kubectl describe job` (describe.go `describeJob`): selector, parallelism and completions,
 * completion mode, suspend, backoff limit, TTL, start and completion times with the duration,
 * active deadline, `Pods Statuses: 0 Active (0 Ready) / 1 Succeeded / 0 Failed`, completed
 * indexes for Indexed jobs, the pod template and events.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/client.js';
import { humanDuration, parseTimestamp } from '../duration.js';
import { selectorFromLabelSelector } from '../labels.js';
import { describeEvents, eventsFor } from './events.js';
import { controllerOf, goBool, int, rfc1123z, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline.js';
import { describePodTemplate } from './pod-template.js';
import { tabbedString } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function describeJobObject(client: ApiClient, job: KubeObject, now: number): Promise<string> {
  return describeJob(job, await eventsFor(client, job, 'Job'), now);
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** Completed indexes cut after the first comma past 50 characters, with `...` (capIndexesListOrNone). */
function capIndexes(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return '<none>';
  const comma = indexes.indexOf(',', softLimit);
  return comma === -1 ? indexes : `${indexes.slice(0, comma + 1)}...`;
}

/** The `Selector:` text of a job-like spec; a selector that fails to convert reports why. */
export function jobSelectorText(selector: Json): string {
  try {
    return selectorFromLabelSelector(selector).toString();
  } catch (err) {
    return `Failed to get selector: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export function describeJob(job: Json, events: readonly KubeObject[], now: number): string {
  return tabbedString((w) => {
    const spec = job.spec ?? {};
    const status = job.status ?? {};
    w.write(0, `Name:\t${job.metadata.name}\n`);
    w.write(0, `Namespace:\t${str(job.metadata.namespace)}\n`);
    w.write(0, `Selector:\t${jobSelectorText(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const controlledBy = controllerOf(job);
    if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
    if (isSet(spec.parallelism)) w.write(0, `Parallelism:\t${int(spec.parallelism)}\n`);
    w.write(0, isSet(spec.completions) ? `Completions:\t${int(spec.completions)}\n` : 'Completions:\t<unset>\n');
    if (isSet(spec.completionMode)) w.write(0, `Completion Mode:\t${str(spec.completionMode)}\n`);
    if (isSet(spec.suspend)) w.write(0, `Suspend:\t${goBool(spec.suspend)}\n`);
    if (isSet(spec.backoffLimit)) w.write(0, `Backoff Limit:\t${int(spec.backoffLimit)}\n`);
    if (isSet(spec.ttlSecondsAfterFinished)) w.write(0, `TTL Seconds After Finished:\t${int(spec.ttlSecondsAfterFinished)}\n`);
    if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    const started = parseTimestamp(status.startTime);
    const completed = parseTimestamp(status.completionTime);
    if (status.startTime && status.completionTime) w.write(0, `Duration:\t${humanDuration((completed ?? 0) - (started ?? 0))}\n`);
    if (isSet(spec.activeDeadlineSeconds)) w.write(0, `Active Deadline Seconds:\t${int(spec.activeDeadlineSeconds)}s\n`);
    const counts = `${int(status.succeeded)} Succeeded / ${int(status.failed)} Failed`;
    if (isSet(status.ready)) w.write(0, `Pods Statuses:\t${int(status.active)} Active (${int(status.ready)} Ready) / ${counts}\n`);
    else w.write(0, `Pods Statuses:\t${int(status.active)} Active / ${counts}\n`);
    if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexes(status.completedIndexes)}\n`);
    describePodTemplate(spec.template, w);
    describeEvents(events, w, now);
  });
}

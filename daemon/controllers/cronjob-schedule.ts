/**
 * When a CronJob's Jobs are due (k/k pkg/controller/cronjob/utils.go, cronjob-controller v2): the
 * schedule read by cron-parser in the CronJob's time zone (robfig/cron's ParseStandard in
 * Kubernetes, plus its `@every` and `TZ=` forms), the most recent unmet schedule time, the delay
 * until the next one, and the Job stamped out for a schedule time. Pure functions.
 */
import { CronExpressionParser } from 'cron-parser';
import type { KubeObject } from '../../shared/api/meta.js';
import { controllerRef } from './job-pods.js';

export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** More missed schedules than this is reported as too many (utils.go). */
const manyMissedThreshold = 100;
/** nextScheduleDelta: wake 100 ms after the schedule time, to be past it despite clock skew. */
const nextScheduleDeltaMs = 100;

export interface Schedule {
  /** The first schedule time strictly after `ms` (robfig's Schedule.Next). */
  next(ms: number): number;
}

/**
 * Parses `spec.schedule` in `timeZone` (UTC when unset, the zone kube-controller-manager runs in).
 * A `TZ=`/`CRON_TZ=` prefix, which old CronJobs may still carry, wins as robfig's does.
 */
export function parseSchedule(schedule: string, timeZone: string | undefined): Schedule {
  let text = schedule.trim();
  let zone = timeZone ?? 'UTC';
  const prefix = /^(?:CRON_)?TZ=(\S+)\s+/.exec(text);
  if (prefix) {
    zone = prefix[1]!;
    text = text.slice(prefix[0].length);
  }
  if (!isKnownTimeZone(zone)) throw new Error(`provided bad location ${zone}: unknown time zone ${zone}`);
  if (text.startsWith('@every ')) return everySchedule(parseGoDuration(text.slice('@every '.length).trim()));
  const expression = CronExpressionParser.parse(text, { tz: zone });
  return {
    next(ms) {
      expression.reset(new Date(ms));
      return expression.next().getTime();
    },
  };
}

/** robfig's ConstantDelaySchedule: the second `ms` falls in, plus the delay (at least a second). */
function everySchedule(delayMs: number): Schedule {
  const delay = Math.max(1000, Math.floor(delayMs / 1000) * 1000);
  return { next: (ms) => Math.floor(ms / 1000) * 1000 + delay };
}

const goDurationUnits: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration for the `@every 1h30m` form. */
function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`failed to parse duration @every ${text}: time: invalid duration "${text}"`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * goDurationUnits[p[2]!]!, 0);
}

/** time.LoadLocation, through the ICU zone database Node carries. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false; // RangeError: the zone is not in the database
  }
}

export type MissedSchedules = 'none' | 'few' | 'many';

export interface RecentSchedule {
  earliest: number;
  mostRecent?: number;
  missed: MissedSchedules;
  error?: string;
}

/**
 * mostRecentScheduleTime: from the last schedule time (or creation), the latest schedule time not
 * after `now`, and whether several were missed. Like Kubernetes it estimates the count from the gap
 * between two schedule times, so that years of misses cost no more than a hundred steps.
 */
export function mostRecentScheduleTime(cronJob: Readonly<KubeObject>, now: number, schedule: Schedule, includeStartingDeadline: boolean): RecentSchedule {
  let earliest = Date.parse(cronJob.status?.lastScheduleTime ?? cronJob.metadata.creationTimestamp ?? '') || now;
  const deadlineSeconds = cronJob.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && deadlineSeconds !== undefined && deadlineSeconds !== null) earliest = Math.max(earliest, now - deadlineSeconds * 1000);
  const t1 = schedule.next(earliest);
  const t2 = schedule.next(t1);
  if (now < t1) return { earliest, missed: 'none' };
  if (now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const missedCount = Math.trunc(Math.trunc((now - t1) / 1000) / between) + 1;
  let mostRecent: number | undefined;
  for (let t = schedule.next(t1 + (missedCount - 2) * between * 1000); t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > manyMissedThreshold ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: how long until the sync after the next schedule time. */
export function nextScheduleDelayMs(cronJob: Readonly<KubeObject>, now: number, schedule: Schedule): number {
  const recent = mostRecentScheduleTime(cronJob, now, schedule, false);
  let base: number;
  if (recent.error) base = now;
  else if (recent.mostRecent !== undefined) base = recent.mostRecent;
  else base = recent.missed === 'none' ? recent.earliest : now;
  return schedule.next(base) + nextScheduleDeltaMs - now;
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`, the same name for the same slot. */
export function jobName(cronJob: Readonly<KubeObject>, scheduledTime: number): string {
  return `${cronJob.metadata.name}-${Math.floor(scheduledTime / 60_000)}`;
}

/** getJobFromTemplate2: the template's labels, annotations and spec, owned by the CronJob. */
export function jobFromTemplate(cronJob: Readonly<KubeObject>, scheduledTime: number): KubeObject {
  const template = cronJob.spec?.jobTemplate ?? {};
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
  annotations[scheduledTimestampAnnotation] = formatRfc3339InZone(scheduledTime, cronJob.spec?.timeZone ?? 'UTC');
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobName(cronJob, scheduledTime), namespace: cronJob.metadata.namespace, annotations, ownerReferences: [controllerRef(cronJob)] },
    spec: structuredClone(template.spec ?? {}),
  };
  const labels = template.metadata?.labels;
  if (labels && Object.keys(labels).length > 0) job.metadata.labels = { ...labels };
  return job;
}

/** Go's time.Format(time.RFC3339) in a zone: `2026-01-01T10:00:00+01:00`, or `Z` at offset zero. */
export function formatRfc3339InZone(ms: number, zone: string): string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' });
  const parts = format.formatToParts(new Date(ms));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName').replace(/^GMT/, '');
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${/^([+-]00:00)?$/.test(offset) ? 'Z' : offset}`;
}

/** Go's time.RFC1123Z in UTC, as the MissSchedule event prints it: `Thu, 01 Jan 2026 00:01:00 +0000`. */
export function formatRfc1123Z(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

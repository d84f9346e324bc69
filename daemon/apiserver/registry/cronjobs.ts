/**
 * CronJobs (`pkg/registry/batch/cronjob/strategy.go`, SetDefaults_CronJob, validateCronJobSpec):
 * concurrencyPolicy Allow, suspend false, 3 successful and 1 failed Jobs kept. The schedule must
 * parse as standard cron; the name is limited to 52 characters on create (the controller adds an
 * 11-character suffix to name its Jobs). The jobTemplate gets pod-template defaults only, not
 * the Job defaults, and may not carry a selector.
 */
import { field, type FieldError } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { parseCronSchedule } from './cron-schedule.js';
import { validateJobSpec } from './jobs.js';
import { validateNonnegative, validateObjectMetaUpdate } from './metadata.js';
import { defaultPodTemplateSpec } from './pod-template.js';
import type { Strategy } from './strategy.js';
import { goLabelSelector, invalidFormatted, isCreate, keepStatusAndBumpGeneration, startGeneration } from './strategy-helpers.js';

const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'];

function defaultCronJob(obj: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = (spec.jobTemplate ??= {});
  jobTemplate.metadata ??= {};
  if (jobTemplate.metadata.creationTimestamp === undefined) jobTemplate.metadata.creationTimestamp = null;
  jobTemplate.spec ??= {};
  defaultPodTemplateSpec(jobTemplate.spec.template, obj);
}

/** validateScheduleFormat: robfig's parse error, and no TZ inside the schedule. */
function validateSchedule(schedule: string, previous: string | undefined, timeZone: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  try {
    parseCronSchedule(schedule);
  } catch (err) {
    errors.push(field.invalid('spec.schedule', schedule, (err as Error).message));
  }
  const allowTZ = previous?.includes('TZ') ?? false;
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined) {
    errors.push(field.invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errors.push(field.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errors;
}

/** validateTimeZone, without the tz database lookup (time.LoadLocation). */
function validateTimeZone(timeZone: unknown): FieldError[] {
  if (timeZone === undefined || timeZone === null) return [];
  const tz = String(timeZone);
  if (tz === '') return [field.invalid('spec.timeZone', tz, 'timeZone must be nil or non-empty string')];
  const badPart = tz.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(p));
  if (badPart) return [field.invalid('spec.timeZone', tz, `unknown time zone ${tz}`)];
  if (tz.toLowerCase() === 'local') return [field.invalid('spec.timeZone', tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return [];
}

function validateCronJobSpec(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors: FieldError[] = [];
  if (!spec.schedule) errors.push(field.required('spec.schedule'));
  else errors.push(...validateSchedule(spec.schedule, old?.spec?.schedule, spec.timeZone));
  errors.push(...validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!old || old.spec?.timeZone !== spec.timeZone) errors.push(...validateTimeZone(spec.timeZone));
  if (!spec.concurrencyPolicy) errors.push(field.required('spec.concurrencyPolicy'));
  else if (!concurrencyPolicies.includes(spec.concurrencyPolicy)) errors.push(field.notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, concurrencyPolicies));
  // ValidateJobTemplateSpec: the Job spec rules, with a selector that will always be generated.
  const jobSpec = spec.jobTemplate?.spec ?? {};
  errors.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec.selector) errors.push(invalidFormatted('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) errors.push(field.notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errors.push(...validateNonnegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errors.push(...validateNonnegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errors;
}

export const cronJobStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultCronJob,
  prepareForCreate: (obj) => startGeneration(obj),
  prepareForUpdate: (obj, old) => keepStatusAndBumpGeneration(obj, old),
  validate(obj) {
    // ValidateCronJobCreate; the update path re-runs the spec rules in validateUpdate with the old schedule.
    if (!isCreate(obj)) return [];
    const errors = validateCronJobSpec(obj);
    const name = obj.metadata.name ?? '';
    if (name.length > 52) errors.push(field.invalid('metadata.name', name, 'must be no more than 52 characters'));
    return errors;
  },
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateCronJobSpec(obj, old)],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};

/**
 * The Events section every describer ends with (kubectl describe's `searchEvents` and
 * `DescribeEvents`): core/v1 Events found by field selector on the involved object, sorted by
 * lastTimestamp, printed as `Type Reason Age From Message` with `24s (x6 over 104s)` for repeated
 * events, or `Events:  <none>`. The table starts its own column block (describe flushes the tab
 * writer first), so its alignment does not depend on the lines above it.
 */
import type { KubeObject } from '../api/meta.js';
import type { ApiClient, ResourceRef } from '../client/client.js';
import { parseTimestamp, translateTimestampSince } from '../duration.js';
import { escapeFieldValue } from '../fields.js';
import type { PrefixWriter } from './writer.js';

const eventsRef: ResourceRef = { group: '', version: 'v1', resource: 'events' };

/** What an event search matches on; a missing kind or uid is left out of the selector. */
export interface InvolvedObject {
  name: string;
  /** '' for cluster-scoped objects: the search then spans every namespace. */
  namespace: string;
  kind?: string;
  uid?: string;
}

/** The events about one object, in the order the server lists them. */
export async function searchEvents(client: ApiClient, involved: InvolvedObject): Promise<KubeObject[]> {
  const terms: string[] = [];
  if (involved.kind) terms.push(`involvedObject.kind=${escapeFieldValue(involved.kind)}`);
  terms.push(`involvedObject.name=${escapeFieldValue(involved.name)}`);
  terms.push(`involvedObject.namespace=${escapeFieldValue(involved.namespace)}`);
  if (involved.uid) terms.push(`involvedObject.uid=${escapeFieldValue(involved.uid)}`);
  const list = await client.list(eventsRef, involved.namespace || undefined, { fieldSelector: terms.join(',') });
  return list.items;
}

/**
 * searchEvents for an object of a known kind, as describers call it; kubectl ignores a failed
 * search and prints what it found, so a failure here is an empty list.
 */
export async function eventsFor(client: ApiClient, obj: KubeObject, kind: string | undefined): Promise<KubeObject[]> {
  try {
    return await searchEvents(client, { name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '', kind, uid: obj.metadata.uid });
  } catch (err) {
    // kubectl discards this error (`events, _ = searchEvents(…)`); describe still prints the object.
    void err;
    return [];
  }
}

function lastTimestampMs(event: KubeObject): number {
  return parseTimestamp(event.lastTimestamp) ?? Number.NEGATIVE_INFINITY;
}

/** The Age cell: first seen, or `<last> (x<count> over <first>)` for a repeated or series event. */
export function eventAge(event: KubeObject, now: number): string {
  const first = parseTimestamp(event.eventTime) !== undefined ? translateTimestampSince(event.eventTime, now) : translateTimestampSince(event.firstTimestamp, now);
  if (event.series) return `${translateTimestampSince(event.series.lastObservedTime, now)} (x${event.series.count ?? 0} over ${first})`;
  if ((event.count ?? 0) > 1) return `${translateTimestampSince(event.lastTimestamp, now)} (x${event.count} over ${first})`;
  return first;
}

/** The Events section: `Events:  <none>` or the table, oldest lastTimestamp first. */
export function describeEvents(events: readonly KubeObject[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // Go sorts with sort.Sort, which is stable for the short lists describe sees; events without a
  // lastTimestamp (events.k8s.io events) sort first, as Go's zero time does.
  const sorted = [...events].sort((a, b) => lastTimestampMs(a) - lastTimestampMs(b) || 0);
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const event of sorted) {
    const from = event.source?.component || event.reportingComponent || '';
    w.write(1, `${event.type ?? ''}\t${event.reason ?? ''}\t${eventAge(event, now)}\t${from}\t${String(event.message ?? '').trim()}\n`);
  }
}
